/**
 * What a worker thread must know of the command the main thread runs, beyond its job's files:
 * the env.py of version folders outside script_location (environmentScripts.ts) and the `-x`
 * arguments (commandArguments.ts). Taken on the main thread when a job is made, adopted by the
 * worker before it reads, so both threads interpret a file alike.
 */
import { setXArguments, xArguments } from './commandArguments';
import { adoptEnvironmentScripts, environmentScripts, type EnvironmentScripts } from './environmentScripts';

export interface ThreadContext {
  environmentScripts: EnvironmentScripts;
  xArguments: readonly string[];
}

export function threadContext(): ThreadContext {
  return { environmentScripts: environmentScripts(), xArguments: xArguments() };
}

export function adoptThreadContext(context: ThreadContext): void {
  adoptEnvironmentScripts(context.environmentScripts);
  setXArguments(context.xArguments);
}
