/**
 * Files a migration reads when it runs: `op.execute(open("sql/views.sql").read())`, `with open(...)
 * as f: op.execute(f.read())`, `(Path(__file__).parent / "up.sql").read_text()`. Alembic runs the
 * migration, so `upgrade --sql` prints the file's content; the engine reads the same file (never
 * runs anything) and the SQL is rendered and linted like SQL written in the migration.
 *
 * Where a relative path points depends on the folder `alembic` runs in. The engine takes it to be
 * the folder of the migration's alembic.ini (where `alembic` finds its configuration by default);
 * a migration no alembic.ini names (Flask-Migrate's, run from the application's folder) keeps
 * relative paths unknown. Paths built from `__file__` need no such guess.
 *
 * Each file read is a dependency of the interpretation (path and content hash, or absent), so a
 * cached result is made again when the file changes or appears. Only regular files inside the
 * migration's project (its repository, else the folder of its alembic.ini) are read, up to
 * 4 MiB, decoded as Python would (UTF-8 by default, universal newlines), or the value stays
 * unknown with the reason.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { configOfMigration } from '../../project/migrationConfig';
import { contentHash } from '../../common/contentHash';
import { ABSENT, repositoryRootOf } from '../../project/pythonModules';
import { bindArguments, type CallArgs, type Signature } from './args';
import { migrationFileOf } from './configOptions';
import { fsPath, pathOf, type PathValue } from './paths';
import { normpathPosix } from '../../common/posixPath';
import type { InterpreterState } from './state';
import { NONE, opaque, str, type Value } from './values';

export type TextFileValue = Extract<Value, { kind: 'textFile' }>;

const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * States whose result depends on the file's own path, not only on its text: they read `__file__`,
 * `__name__` or a file. A result made for one file must not stand for another file's same
 * statement (check's statement templates ask, fastReading/templates.ts).
 */
const pathDependent = new WeakSet<InterpreterState>();

export function markPathDependent(state: InterpreterState): void {
  pathDependent.add(state);
}

export function isPathDependent(state: InterpreterState): boolean {
  return pathDependent.has(state);
}

/** `__file__`: the module's path (the migration's own, or a workspace module's in its scope). */
export function ownFileValue(state: InterpreterState): Value {
  markPathDependent(state);
  return str(state.file);
}

type Located = { path: string } | { reason: string };

/** The folder `alembic` is taken to run in: the migration's alembic.ini's. */
function workingFolder(state: InterpreterState): string | undefined {
  const config = configOfMigration(migrationFileOf(state));
  for (const dependency of config.dependencies) state.dependencies.set(dependency.path, dependency.hash);
  const ini = config.kind === 'found' ? config.ini.path : config.iniPath;
  return ini === undefined ? undefined : nodePath.dirname(ini);
}

function absolute(path: string, state: InterpreterState): Located {
  if (path.startsWith('/')) return { path };
  const folder = workingFolder(state);
  if (folder === undefined) return { reason: `the relative path ${JSON.stringify(path)} depends on the folder alembic runs in, and no alembic.ini above the migration names its folder as script_location` };
  return { path: `${folder}/${path}` };
}

/** The folder whose files a migration may read: its repository, else its alembic.ini's folder, else the folder above its versions. */
function projectFolder(state: InterpreterState): string {
  const file = migrationFileOf(state);
  return repositoryRootOf(file) ?? workingFolder(state) ?? nodePath.dirname(nodePath.dirname(file));
}

function realPath(path: string): string {
  try {
    return fs.realpathSync.native(path);
  } catch {
    return normpathPosix(path);
  }
}

interface TextOptions {
  encoding?: string;
  errors?: string;
  /** Python's `newline`: undefined (None) translates \r\n and \r to \n; '' and the others keep them. */
  newline?: string;
}

/** A str or None argument: its text, null for None, undefined when neither. */
function optionalText(value: Value | undefined): string | null | undefined {
  if (value === undefined || value.kind === 'none') return null;
  return value.kind === 'str' ? value.value : undefined;
}

/** Reads the file the way Python's text mode does; an opaque value with the reason when it cannot. */
export function readText(given: string, options: TextOptions, state: InterpreterState): string | Value {
  markPathDependent(state);
  const located = absolute(given, state);
  if ('reason' in located) return opaque(`reads a file: ${located.reason}`);
  const shown = JSON.stringify(given);
  const path = normpathPosix(located.path);
  const real = realPath(path);
  const project = realPath(projectFolder(state));
  if (real !== project && !real.startsWith(`${project}/`)) return opaque(`reads ${shown}, outside the migration's project (${project}): the engine does not read it`);
  let bytes: Buffer;
  try {
    const stat = fs.statSync(real);
    if (!stat.isFile()) return opaque(`reads ${shown}, which is not a regular file`);
    if (stat.size > MAX_FILE_BYTES) return opaque(`reads ${shown}, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB the engine reads`);
    bytes = fs.readFileSync(real);
  } catch {
    state.dependencies.set(path, ABSENT);
    return opaque(`reads ${shown}, which does not exist at ${path} (Python raises FileNotFoundError when alembic runs there)`);
  }
  // The hash dependencyHash() finds for the file later (its text as UTF-8), made from the bytes read here.
  state.dependencies.set(path, contentHash(bytes.toString('utf8')));
  const text = decode(bytes, options.encoding);
  if (typeof text !== 'string') return opaque(`reads ${shown}: ${text.reason}`);
  return options.newline === undefined ? text.replace(/\r\n?/g, '\n') : text;
}

/** Python's codecs the engine decodes with; errors='strict' (the default) only. */
function decode(bytes: Buffer, encoding: string | undefined): string | { reason: string } {
  // Python's default is the locale's encoding: UTF-8 wherever migrations are run today.
  const name = (encoding ?? 'utf-8').toLowerCase().replace(/_/g, '-');
  try {
    if (['utf-8', 'utf8', 'u8', 'utf', 'cp65001'].includes(name)) return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    if (name === 'utf-8-sig') return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    if (['ascii', 'us-ascii', '646'].includes(name)) {
      if (bytes.some((byte) => byte > 0x7f)) return { reason: 'Python raises UnicodeDecodeError: a byte is not ASCII' };
      return bytes.toString('latin1');
    }
    if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1'].includes(name)) return bytes.toString('latin1');
  } catch {
    return { reason: `Python raises UnicodeDecodeError: the file is not valid ${encoding ?? 'UTF-8'}` };
  }
  return { reason: `decoded as ${encoding}, which the engine does not decode` };
}

/** The arguments bound to a signature, by name; undefined when Python would refuse them or they are not all known. */
function boundValues(signature: Signature, args: CallArgs): Map<string, Value> | undefined {
  if (args.unknownSplat) return undefined;
  const bound = bindArguments(signature, args);
  return bound.ok ? new Map([...bound.bound.params].map(([name, arg]) => [name, arg.value])) : undefined;
}

/** The text-mode options of open()'s or read_text()'s arguments; a reason when they are not what the engine reads. */
function textOptions(bound: Map<string, Value>): TextOptions | string {
  const mode = optionalText(bound.get('mode') ?? str('r'));
  if (typeof mode !== 'string' || !/^(r|rt|tr)$/.test(mode)) return `opens a file in mode ${mode ? JSON.stringify(mode) : 'unknown'}: only text reads are followed`;
  const encoding = optionalText(bound.get('encoding'));
  const errors = optionalText(bound.get('errors'));
  const newline = optionalText(bound.get('newline'));
  if (encoding === undefined || errors === undefined || newline === undefined) return 'opens a file with arguments known only at run time';
  if (errors !== null && errors !== 'strict') return `opens a file with errors=${JSON.stringify(errors)}, which the engine does not follow`;
  if (newline !== null && !['', '\n', '\r', '\r\n'].includes(newline)) return `opens a file with newline=${JSON.stringify(newline)}: Python raises ValueError (illegal newline value)`;
  return { encoding: encoding ?? undefined, newline: newline ?? undefined };
}

const OPEN_PARAMETERS = ['file', 'mode', 'buffering', 'encoding', 'errors', 'newline', 'closefd', 'opener'];
const OPEN: Signature = { name: 'open', positional: OPEN_PARAMETERS, required: [] };
const PATH_OPEN: Signature = { name: 'open', positional: OPEN_PARAMETERS.slice(1), required: [] };
const READ_TEXT: Signature = { name: 'read_text', positional: ['encoding', 'errors', 'newline'], required: [] };

/** `open(path, ...)` for reading text: the file's content, held by the file object. */
export function openFile(args: CallArgs, state: InterpreterState, text: string): Value {
  const bound = boundValues(OPEN, args);
  if (!bound) return opaque(`opens a file with arguments the engine does not follow (${text})`);
  return openPath(bound.get('file'), bound, state, text);
}

function openPath(file: Value | undefined, bound: Map<string, Value>, state: InterpreterState, text: string): Value {
  const path = fsPath(file);
  if (path === undefined) return file?.kind === 'opaque' ? opaque(`opens a file whose path is known only at run time (${file.reason})`) : opaque(`opens something that is not a path (${text})`);
  const options = textOptions(bound);
  if (typeof options === 'string') return opaque(options);
  const content = readText(path, options, state);
  if (typeof content !== 'string') return content;
  return { kind: 'textFile', path, stream: { text: content, position: 0, ...(options.newline === undefined ? {} : { newline: options.newline }) } };
}

/** The text not read yet, which reading takes. */
function readRest(stream: TextFileValue['stream']): string {
  const rest = stream.text.slice(stream.position);
  stream.position = stream.text.length;
  return rest;
}

/** What `f.read()` gives: the text not read yet, which reads it (`json.load(f)` reads so). */
export function readRestOf(target: TextFileValue): string {
  return readRest(target.stream);
}

/** The lines not read yet (`for line in f`, `f.readlines()`), which reads them. */
export function remainingLines(target: TextFileValue): Value[] {
  return linesOf(readRest(target.stream), target.stream.newline).map(str);
}

/** The methods of an open text file: reading it whole, by lines, and closing it. */
export function textFileMethod(target: TextFileValue, name: string, args: CallArgs): Value | undefined {
  const stream = target.stream;
  const size = args.positional[0]?.value;
  const whole = args.keywords.size === 0 && (args.positional.length === 0 || (args.positional.length === 1 && (size?.kind === 'none' || (size?.kind === 'num' && size.value < 0))));
  switch (name) {
    case 'read':
      return whole ? str(readRest(stream)) : undefined;
    case 'readlines':
      return whole ? { kind: 'seq', items: remainingLines(target), tuple: false } : undefined;
    case 'close':
      return args.positional.length === 0 && args.keywords.size === 0 ? NONE : undefined;
    default:
      return undefined;
  }
}

/**
 * The lines a text file gives, each with its end: at `\n` once newlines were translated (the
 * default), at any of `\n`, `\r`, `\r\n` with `newline=""`, and at the given end otherwise.
 */
function linesOf(text: string, newline: string | undefined): string[] {
  const end = newline === undefined || newline === '\n' ? /[^\n]*\n/y : newline === '' ? /[^\r\n]*(?:\r\n|\r|\n)/y : newline === '\r' ? /[^\r]*\r/y : /[\s\S]*?\r\n/y;
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    end.lastIndex = at;
    const match = end.exec(text);
    const line = match ? match[0] : text.slice(at);
    lines.push(line);
    at += line.length;
  }
  return lines;
}

/** The methods of a Path that read the disk: read_text(), open(), resolve(), absolute(). */
export function pathDiskMethod(target: PathValue, name: string, args: CallArgs, state: InterpreterState, text: string): Value | undefined {
  switch (name) {
    case 'read_text': {
      const bound = boundValues(READ_TEXT, args);
      if (!bound) return opaque(`reads a file with arguments the engine does not follow (${text})`);
      const options = textOptions(bound);
      if (typeof options === 'string') return opaque(options);
      const content = readText(target.path, options, state);
      return typeof content === 'string' ? str(content) : content;
    }
    case 'open': {
      const bound = boundValues(PATH_OPEN, args);
      if (!bound) return opaque(`opens a file with arguments the engine does not follow (${text})`);
      return openPath(target, bound, state, text);
    }
    case 'absolute':
    case 'resolve': {
      if (args.positional.length > 0 || [...args.keywords.keys()].some((key) => key !== 'strict')) return undefined;
      markPathDependent(state);
      const located = absolute(target.path, state);
      if ('reason' in located) return opaque(located.reason);
      return pathOf(name === 'resolve' ? realPath(normpathPosix(located.path)) : located.path);
    }
    default:
      return undefined;
  }
}

/** `os.path.abspath` and `os.path.realpath`: the path made absolute from the folder alembic runs in. */
export function osPathDiskFunction(name: string, args: CallArgs, state: InterpreterState): Value | undefined {
  if (name !== 'abspath' && name !== 'realpath') return undefined;
  if (args.positional.length !== 1 || args.keywords.size > 0 || args.unknownSplat) return undefined;
  const given = args.positional[0].value;
  const path = fsPath(given);
  if (path === undefined) return given.kind === 'opaque' ? given : undefined;
  markPathDependent(state);
  const located = absolute(path, state);
  if ('reason' in located) return opaque(located.reason);
  return str(name === 'realpath' ? realPath(normpathPosix(located.path)) : normpathPosix(located.path));
}
