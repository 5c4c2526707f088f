/**
 * What a worker thread must know of the command the main thread runs, beyond its job's files:
 * the env.py of version folders outside script_location (environmentScripts.ts), the
 * prepend_sys_path folders of each environment (environmentSysPaths.ts) and the `-x`
 * arguments (commandArguments.ts). Taken on the main thread when a job is made, adopted by the
 * worker before it reads, so both threads interpret a file alike.
 */
import { setXArguments, xArguments } from './commandArguments';
import { adoptEnvironmentScripts, environmentScripts, type EnvironmentScripts } from './environmentScripts';
import { adoptEnvironmentSysPaths, environmentSysPaths, type EnvironmentSysPaths } from './environmentSysPaths';

export interface ThreadContext {
  environmentScripts: EnvironmentScripts;
  environmentSysPaths: EnvironmentSysPaths;
  xArguments: readonly string[];
}

export function threadContext(): ThreadContext {
  return { environmentScripts: environmentScripts(), environmentSysPaths: environmentSysPaths(), xArguments: xArguments() };
}

export function adoptThreadContext(context: ThreadContext): void {
  adoptEnvironmentScripts(context.environmentScripts);
  adoptEnvironmentSysPaths(context.environmentSysPaths);
  setXArguments(context.xArguments);
}
