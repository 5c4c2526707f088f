/**
 * What a custom env.py passes to `upgrade(op, tables, tester)` besides `op`, for the reason of
 * the opaque steps that use it: `context.run_migrations(..., tester=get_tester())` in env.py is
 * quoted, so the reason says where the value comes from (quay builds `tables` from its peewee
 * models and picks `tester` by an environment variable, neither readable statically).
 */
import { readModuleFile } from '../../project/pythonModules';
import { findEnvPy } from './naming/targetMetadata';
import type { InterpreterState } from './state';

/** The reason for a parameter the environment passes; names env.py's expressions for it when found. */
export function environmentArgumentReason(param: string, state: InterpreterState): string {
  const base = `uses the argument ${param} that the environment passes to the function`;
  const envPy = findEnvPy(state.file);
  const module = envPy ? readModuleFile(envPy) : undefined;
  if (!envPy || !module) return base;
  state.dependencies.set(envPy, module.hash);
  const passed = new Set<string>();
  for (const call of module.text.matchAll(/\brun_migrations\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
    const match = new RegExp(`(?:^|[(,\\s])${param}\\s*=\\s*([^,]+?)\\s*(?:,|$)`).exec(call[1].replace(/\s+/g, ' ').trim());
    if (match) passed.add(match[1]);
  }
  if (passed.size === 0) return base;
  return `${base} (env.py: ${[...passed].map((expression) => `${param}=${expression}`).join(', or ')}, computed when env.py runs)`;
}
