/**
 * `os.environ.get(name, default)`, `os.getenv(name, default)` and `os.environ[name]`: the value of
 * the variable in the engine's own environment (project/processEnvironment.ts says why that one),
 * recorded as a dependency of the file so a cached result follows the variable. A name or default
 * that is not a literal string stays unknown; `os.environ[name]` of an unset variable is Python's
 * KeyError, which the engine does not follow.
 */
import type { SyntaxNode } from '../../python/parser';
import { environmentDependencyHash, environmentDependencyPath, environmentValue } from '../../project/processEnvironment';
import { ABSENT } from '../../project/pythonModules';
import type { CallArgs } from './args';
import type { InterpreterState } from './state';
import { NONE, opaque, str, type Value } from './values';

/** A variable's value, recorded as a dependency of what the state interprets. */
export function readEnvironmentVariable(name: string, state: InterpreterState): string | undefined {
  return read(name, state);
}

function read(name: string, state: InterpreterState): string | undefined {
  const path = environmentDependencyPath(name);
  state.dependencies.set(path, environmentDependencyHash(path, ABSENT) ?? ABSENT);
  return environmentValue(name);
}

/** `os.environ[name]`. */
export function environmentVariable(name: string, state: InterpreterState, node: SyntaxNode): Value {
  const value = read(name, state);
  return value === undefined ? opaque(`${state.shortText(node)}: the variable is not set (Python raises KeyError)`) : str(value);
}

/** `os.environ.get(...)` / `os.getenv(...)`; undefined for other `os` calls. */
export function environmentVariableCall(qname: string, args: CallArgs, state: InterpreterState, node: SyntaxNode): Value | undefined {
  if (qname !== 'os.environ.get' && qname !== 'os.getenv') return undefined;
  if (args.unknownSplat || args.keywords.size > 0 || args.positional.length < 1 || args.positional.length > 2) return undefined;
  const [name, fallback] = args.positional.map((arg) => arg.value);
  if (name.kind !== 'str') return opaque(`reads an environment variable whose name is not known statically: ${state.shortText(node)}`);
  const value = read(name.value, state);
  if (value !== undefined) return str(value);
  return fallback ?? NONE;
}
