/**
 * File paths as a migration builds them, computed as Python computes them on Linux: the
 * `os.path` functions (posixpath) on strings, and `pathlib.Path` objects, which are lexical (a
 * PurePosixPath until something reads the disk). Only the spelling of paths is computed here;
 * reading a file is fileReads.ts's job.
 */
import type { CallArgs } from './args';
import { opaque, raising, str, type Value } from './values';
import { basenamePosix, dirnamePosix, joinPosix, normpathPosix } from '../../common/posixPath';

export type PathValue = Extract<Value, { kind: 'path' }>;

/** A str or a Path (`os.fspath` accepts both), as the string Python would pass to the OS. */
export function fsPath(value: Value | undefined): string | undefined {
  if (value?.kind === 'str') return value.value;
  if (value?.kind === 'path') return value.path;
  return undefined;
}

export function purePath(parts: readonly string[]): string {
  let root = '';
  let names: string[] = [];
  for (const part of parts) {
    if (part.startsWith('/')) {
      // As PurePosixPath: exactly two leading slashes are kept, more are one.
      root = part.startsWith('//') && !part.startsWith('///') ? '//' : '/';
      names = [];
    }
    for (const name of part.split('/')) if (name !== '' && name !== '.') names.push(name);
  }
  return root + names.join('/') || '.';
}

export function pathOf(...parts: string[]): PathValue {
  return { kind: 'path', path: purePath(parts) };
}

function rootOf(path: string): string {
  return /^\/*/.exec(path)![0].slice(0, path.startsWith('//') && !path.startsWith('///') ? 2 : 1);
}

function namesOf(path: string): string[] {
  return path === '.' ? [] : path.slice(rootOf(path).length).split('/').filter((name) => name !== '');
}

/** PurePath.parent: the path without its last name; the root (or `.`) is its own parent. */
export function parentOf(path: string): string {
  const names = namesOf(path);
  return names.length === 0 ? path : rootOf(path) + names.slice(0, -1).join('/') || '.';
}

function nameOf(path: string): string {
  return namesOf(path).pop() ?? '';
}

/** PurePath.suffix and .stem: the last dot that is neither first nor last in the name splits it. */
function splitSuffix(name: string): { stem: string; suffix: string } {
  const at = name.lastIndexOf('.');
  return at > 0 && at < name.length - 1 ? { stem: name.slice(0, at), suffix: name.slice(at) } : { stem: name, suffix: '' };
}

/** The lexical attributes of a Path (`.parent`, `.name`, ...); undefined for the others. */
export function pathAttribute(target: PathValue, name: string): Value | undefined {
  const path = target.path;
  switch (name) {
    case 'parent':
      return { kind: 'path', path: parentOf(path) };
    case 'parents': {
      const parents: Value[] = [];
      for (let at = path; parentOf(at) !== at; at = parentOf(at)) parents.push({ kind: 'path', path: parentOf(at) });
      return { kind: 'seq', items: parents, tuple: true };
    }
    case 'name':
      return str(nameOf(path));
    case 'stem':
      return str(splitSuffix(nameOf(path)).stem);
    case 'suffix':
      return str(splitSuffix(nameOf(path)).suffix);
    case 'parts':
      return { kind: 'seq', items: [...(rootOf(path) ? [rootOf(path)] : []), ...namesOf(path)].map(str), tuple: true };
    default:
      return undefined;
  }
}

/** The lexical methods of a Path; undefined for the others (fileReads.ts has the ones that read the disk). */
export function pathMethod(target: PathValue, name: string, args: CallArgs): Value | undefined {
  const texts = args.positional.map((arg) => fsPath(arg.value));
  const plain = args.keywords.size === 0 && !args.unknownSplat && texts.every((text) => text !== undefined);
  switch (name) {
    case 'joinpath':
      return plain ? pathOf(target.path, ...(texts as string[])) : undefined;
    case 'with_name': {
      if (!plain || texts.length !== 1) return undefined;
      const given = texts[0]!;
      if (nameOf(target.path) === '') return raising(`ValueError: ${target.path} has an empty name`);
      if (given === '' || given.includes('/') || given === '.') return raising(`ValueError: Invalid name ${JSON.stringify(given)}`);
      return pathOf(parentOf(target.path), given);
    }
    case 'with_suffix': {
      if (!plain || texts.length !== 1) return undefined;
      const suffix = texts[0]!;
      const own = nameOf(target.path);
      if (own === '') return raising(`ValueError: ${target.path} has an empty name`);
      if (suffix !== '' && (!suffix.startsWith('.') || suffix === '.' || suffix.includes('/'))) return raising(`ValueError: Invalid suffix ${JSON.stringify(suffix)}`);
      return pathOf(parentOf(target.path), splitSuffix(own).stem + suffix);
    }
    case 'is_absolute':
      return args.positional.length === 0 ? { kind: 'bool', value: target.path.startsWith('/') } : undefined;
    case 'as_posix':
    case '__str__':
    case '__fspath__':
      return args.positional.length === 0 ? str(target.path) : undefined;
    default:
      return undefined;
  }
}

/** The `os.path` functions that only spell paths (abspath and realpath need the disk: fileReads.ts). */
export function osPathFunction(name: string, args: CallArgs): Value | undefined {
  if (args.keywords.size > 0 || args.unknownSplat) return undefined;
  const texts = args.positional.map((arg) => fsPath(arg.value));
  if (texts.some((text) => text === undefined)) {
    const unknown = args.positional.find((arg) => fsPath(arg.value) === undefined)?.value;
    return unknown?.kind === 'opaque' ? unknown : opaque(`os.path.${name}() of a value that is not a path`);
  }
  const [first, ...rest] = texts as string[];
  if (first === undefined) return undefined;
  switch (name) {
    case 'join':
      return str(joinPosix(first, ...rest));
    case 'dirname':
      return rest.length === 0 ? str(dirnamePosix(first)) : undefined;
    case 'basename':
      return rest.length === 0 ? str(basenamePosix(first)) : undefined;
    case 'normpath':
      return rest.length === 0 ? str(normpathPosix(first)) : undefined;
    case 'isabs':
      return rest.length === 0 ? { kind: 'bool', value: first.startsWith('/') } : undefined;
    default:
      return undefined;
  }
}
