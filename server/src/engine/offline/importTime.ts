/**
 * The import-time steps of an environment's files, in Alembic's load order: Alembic imports every
 * migration file of the folder when `upgrade`, `downgrade` or `stamp` first asks for the revision
 * map, inside the migration context, so a module-level `enum.create(op.get_bind())` runs in every
 * such command, whatever its range (STRR, FitTrackee). Files the command runs are compiled anyway;
 * the others are compiled only when a cheap scan of their text finds module-level code that may
 * reach the migration context (mayRunAtImport), so a short range over a long cold history does
 * not compile the whole folder.
 */
import { readMigrationText } from '../../project/versionFiles';
import type { ImportTimeSource } from './emitter';
import type { MigrationCompiler } from './migrationCompiler';
import type { OfflineEnvironment } from './offlineSql';

export function importTimeSources(environment: OfflineEnvironment, compiler: MigrationCompiler, runFiles: ReadonlySet<string>): ImportTimeSource[] {
  const sources: ImportTimeSource[] = [];
  let revisionByFile: Map<string, string> | undefined;
  const files = environment.files ? [...environment.files.keys()] : environment.graph.all.map((revision) => revision.key);
  for (const file of files) {
    const hash = environment.files?.get(file)?.hash;
    let compiled = hash ? compiler.peek(file, hash) : undefined;
    if (!compiled) {
      if (runFiles.has(file)) compiled = compiler.compile(file, hash ? { hash } : {});
      else {
        const text = readText(file);
        if (text === undefined || !mayRunAtImport(text)) continue;
        compiled = compiler.compile(file, { text, ...(hash ? { hash } : {}) });
      }
    }
    if (!compiled.importTime || compiled.importTime.length === 0) continue;
    revisionByFile ??= new Map(environment.graph.all.map((revision) => [revision.key, revision.id]));
    sources.push({ revision: revisionByFile.get(file) ?? file, file, steps: compiled.importTime, line: compiled.importTimeLine ?? 1, online: compiled.importTimeOnline === true });
  }
  return sources;
}

const DEFINITION = /^(?:async\s+def|def|class)\b|^@/;
const PROXY = /\bop\s*\.|\bcontext\s*\.|\bget_bind\b/;
/** A statement at column 0 that is a bare call (`create_types()`, `enum.create(bind)`). */
const BARE_CALL = /^[A-Za-z_][\w.]*\s*\(/;

/**
 * False only when no module-level line can reach the migration context: each line outside a
 * `def` / `class` block is checked for `op.`, `context.`, `get_bind` or a bare call. A
 * triple-quoted string at column 0 inside a function only makes it answer true more often.
 */
export function mayRunAtImport(text: string): boolean {
  let inDefinition = false;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const first = line.charCodeAt(0);
    const indented = first === 32 || first === 9;
    if (!indented) {
      if (line.startsWith('#')) continue;
      if (DEFINITION.test(line)) {
        inDefinition = true;
        continue;
      }
      // A closing bracket of a multi-line signature or call keeps the block it belongs to.
      if (/^[)\]}]/.test(line)) continue;
      inDefinition = false;
      if (PROXY.test(line) || BARE_CALL.test(line)) return true;
    } else if (!inDefinition && PROXY.test(line)) return true;
  }
  return false;
}

function readText(file: string): string | undefined {
  return readMigrationText(file).text;
}
