/**
 * Lists and reads the migration files of an environment, like Alembic's `_list_py_dir`: every
 * `*.py` in each version location except `__init__*` and editor temp files (`.#name`), sorted by
 * name, sub-folders only with `recursive_version_locations` (symlinked folders are not entered,
 * as `os.walk` does not; a link back to an ancestor is reported). Files that cannot be indexed
 * become located problems; everything else is still read.
 */
import { declaredEncoding, decodeDeclared, isUtf8Name } from './sourceEncoding';
import { isAscii, isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Problem } from '../common/problem';
import type { EnvironmentConfig } from './types';
import { lineRange } from './ini';
import { emptyList } from '../common/emptyList';
import { describeFileError } from '../common/fileErrors';

export const MAX_MIGRATION_FILE_BYTES = 5 * 1024 * 1024;

export interface VersionFileEntry {
  path: string;
  versionLocation: string;
}

export interface VersionFileListing {
  files: VersionFileEntry[];
  problems: Problem[];
  /** Every folder listed, in order (the CLI's answer cache watches them for added or removed files). */
  folders: string[];
}

export function isMigrationFileName(name: string): boolean {
  return name.endsWith('.py') && !name.startsWith('.#') && !name.startsWith('__init__');
}

export function listVersionFiles(config: EnvironmentConfig): VersionFileListing {
  const listing: VersionFileListing = { files: [], problems: [], folders: [] };
  const loaded = new Set<string>();
  for (const location of config.versionLocations) {
    if (!isDirectorySafe(location)) continue; // reported by the environment loader
    const before = listing.files.length;
    walkLocation(location, location, config, listing, loaded, new Set([realPath(location)]));
    if (listing.files.length === before) {
      listing.problems.push(configProblem(config, 'empty-versions-folder', 'information', `No migration files in ${location}.`, 'version_locations'));
    }
  }
  return listing;
}

function walkLocation(
  dir: string,
  location: string,
  config: EnvironmentConfig,
  listing: VersionFileListing,
  loaded: Set<string>,
  ancestors: Set<string>,
): void {
  let entries: fs.Dirent[];
  listing.folders.push(dir);
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    listing.problems.push(configProblem(config, 'file-unreadable', 'error', `Cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? error}`, 'version_locations'));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const skipFiles = nodePath.basename(dir).endsWith('__pycache__');
  // One realpath per folder; only symbolic links to files need their own.
  const realDir = realPath(dir);
  const subfolders: string[] = [];
  // Plain concatenation: both folders are normalised already, and path.join per file of a
  // 10,000-file folder shows on the cold index.
  const dirPrefix = dir.endsWith(nodePath.sep) ? dir : dir + nodePath.sep;
  const realPrefix = realDir.endsWith(nodePath.sep) ? realDir : realDir + nodePath.sep;
  for (const entry of entries) {
    const full = dirPrefix + entry.name;
    if (entry.isDirectory()) subfolders.push(full);
    else if (entry.isSymbolicLink() && isDirectorySafe(full)) checkLinkLoop(full, config, listing, ancestors);
    else if (!skipFiles && isMigrationFileName(entry.name)) {
      const special = specialFileKind(entry, full);
      if (special) {
        // Opening a named pipe for reading waits for a writer, forever: never hand it to a reader.
        listing.problems.push(fileProblem(full, 'file-unreadable', 'error', `${entry.name} is ${special}, not a file; it is not read (Alembic would wait on it or fail). Remove it from the versions folder.`));
        continue;
      }
      const real = entry.isSymbolicLink() ? realPath(full) : realPrefix + entry.name;
      if (loaded.has(real)) {
        listing.problems.push(fileProblem(full, 'file-loaded-twice', 'warning', `File ${real} loaded twice! Alembic ignores the second copy; make version_locations unique.`));
        continue;
      }
      loaded.add(real);
      listing.files.push({ path: full, versionLocation: location });
    }
  }
  if (!config.recursiveVersionLocations) return;
  for (const folder of subfolders) {
    const real = realPath(folder);
    if (ancestors.has(real)) continue;
    walkLocation(folder, location, config, listing, loaded, new Set([...ancestors, real]));
  }
}

/** 'a named pipe (FIFO)' and the like for what is not a regular file (a link's target counts); undefined otherwise. */
function specialFileKind(entry: fs.Dirent, full: string): string | undefined {
  let kind: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean } = entry;
  if (entry.isSymbolicLink()) {
    try {
      kind = fs.statSync(full);
    } catch {
      return undefined; // a dangling link: the reader reports it as unreadable
    }
  }
  if (kind.isFIFO()) return 'a named pipe (FIFO)';
  if (kind.isSocket()) return 'a socket';
  if (kind.isCharacterDevice() || kind.isBlockDevice()) return 'a device';
  return undefined;
}

function checkLinkLoop(link: string, config: EnvironmentConfig, listing: VersionFileListing, ancestors: Set<string>): void {
  if (!config.recursiveVersionLocations) return;
  const target = realPath(link);
  if (ancestors.has(target)) {
    listing.problems.push(configProblem(config, 'symlink-loop', 'warning', `Symbolic link ${link} points back to ${target}; it is not followed (neither does Alembic).`, 'recursive_version_locations'));
  }
}

export type ReadOutcome = { text: string; problems: readonly Problem[] } | { text?: undefined; problems: readonly Problem[] };

/**
 * One buffer for every read: nearly all migrations fit in it, so a read is one open, one pread
 * and one close (no fstat, no allocation); only a file that fills it is measured and read whole.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** Reads one migration file: size cap, binary and UTF-8 checks. Never throws. */
export function readMigrationText(path: string): ReadOutcome {
  let bytes: Buffer;
  try {
    const descriptor = fs.openSync(path, 'r');
    try {
      const length = fs.readSync(descriptor, READ_BUFFER, 0, READ_BUFFER.length, 0);
      if (length < READ_BUFFER.length) {
        bytes = READ_BUFFER.subarray(0, length);
      } else {
        const size = fs.fstatSync(descriptor).size;
        if (size > MAX_MIGRATION_FILE_BYTES) {
          return { problems: [fileProblem(path, 'file-too-large', 'warning', `${nodePath.basename(path)} is ${(size / 1048576).toFixed(1)} MB; files over 5 MB are not indexed.`)] };
        }
        bytes = fs.readFileSync(descriptor);
      }
    } finally {
      fs.closeSync(descriptor);
    }
  } catch (error) {
    return { problems: [fileProblem(path, 'file-unreadable', 'error', `Cannot read this migration: ${describeFileError(path, error)}. Alembic cannot load the history while it is unreadable.`)] };
  }
  return decodeMigrationBytes(path, bytes);
}

/** `bytes` may be a view of a shared buffer: the text returned is always a copy. */
export function decodeMigrationBytes(path: string, bytes: Uint8Array): ReadOutcome {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.indexOf(0) >= 0) {
    return { problems: [fileProblem(path, 'binary-file', 'error', `${nodePath.basename(path)} contains NUL bytes; it is not a Python source file and is not indexed.`)] };
  }
  // Nearly every migration is plain ASCII: one check, and the bytes are the characters.
  if (isAscii(buffer)) return { text: buffer.toString('latin1'), problems: emptyList() };
  // A declared encoding (PEP 263) is how Python decodes the file, UTF-8-valid bytes or not.
  const encoding = declaredEncoding(buffer);
  if (encoding !== undefined && !isUtf8Name(encoding)) {
    const declared = decodeDeclared(buffer, encoding);
    if (declared !== undefined) return { text: declared, problems: emptyList() };
  }
  if (isUtf8(buffer)) return { text: stripBom(buffer.toString('utf8')), problems: emptyList() };
  const text = new TextDecoder('utf-8').decode(bytes);
  const name = nodePath.basename(path);
  if (encoding !== undefined && !isUtf8Name(encoding)) {
    // Declared in an encoding this runtime does not decode (Python may know it): read what we can.
    const message = `${name} declares the encoding '${encoding}', which Alembic Lens cannot decode; it was read as UTF-8 with the undecodable bytes replaced.`;
    return { text, problems: [fileProblem(path, 'file-not-utf8', 'warning', message)] };
  }
  // Python reads an undeclared file as UTF-8 and refuses to compile it (SyntaxError) at the first
  // byte that is not: Alembic imports every file of the folder, so every command fails.
  const bad = undecodablePosition(buffer);
  const byte = buffer[bad.offset].toString(16).toUpperCase().padStart(2, '0');
  const message =
    `${name} is not valid UTF-8 (byte 0x${byte} on line ${bad.line + 1}) and declares no other encoding: Python refuses to compile it, ` +
    'so every Alembic command over this folder fails. Save it as UTF-8, or declare its encoding on the first line (# -*- coding: latin-1 -*-).';
  const problem: Problem = { code: 'file-not-utf8', severity: 'error', message, file: path, range: lineRange(bad.line, bad.character, bad.character + 1), related: [] };
  return { text, problems: [problem] };
}

/** Where the first byte that is not part of valid UTF-8 is: its offset, line and character (as decoded). */
function undecodablePosition(buffer: Buffer): { offset: number; line: number; character: number } {
  const offset = firstInvalidUtf8(buffer);
  const lineStart = buffer.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 0;
  for (let at = buffer.indexOf(0x0a); at >= 0 && at < offset; at = buffer.indexOf(0x0a, at + 1)) line++;
  return { offset, line, character: buffer.toString('utf8', lineStart, offset).length };
}

/** The offset of the first byte that starts no valid UTF-8 sequence (only asked of invalid files). */
function firstInvalidUtf8(buffer: Buffer): number {
  let at = 0;
  while (at < buffer.length) {
    const lead = buffer[at];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || at + length > buffer.length || !isUtf8(buffer.subarray(at, at + length))) return at;
    at += length;
  }
  return Math.max(0, buffer.length - 1);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function fileProblem(file: string, code: string, severity: Problem['severity'], message: string): Problem {
  return { code, severity, message, file, range: lineRange(0, 0, 0), related: [] };
}

/** A problem about the configuration, on the line of `key` in the config file when it is there. */
function configProblem(config: EnvironmentConfig, code: string, severity: Problem['severity'], message: string, key: string): Problem {
  return { code, severity, message, file: config.configFile, range: lineRange(lineOfKey(config.configFile, key), 0, 0), related: [] };
}

function lineOfKey(file: string, key: string): number {
  try {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.trimStart().startsWith(key));
    if (index >= 0) return index;
    const fallback = lines.findIndex((line) => line.trimStart().startsWith('script_location'));
    return Math.max(0, fallback);
  } catch {
    return 0;
  }
}

function realPath(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return path;
  }
}

function isDirectorySafe(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}
