// In-process timings of the safety lint (bench/lint.mjs bundles and runs this): a cold lint of a
// whole history, a warm one (every reading cached, as in the language server), and the re-lint
// after an edit to one migration (that file read again, the history replayed).
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildWorkspaceIndex } from '../../server/src/project/workspaceIndex';
import { interpretMigration } from '../../server/src/engine/interpret/index';
import { defaultLintConfig } from '../../server/src/lint/config';
import { lintEnvironment } from '../../server/src/lint/environment';
import { ReplayCheckpoints, type HistoryEntry, type MigrationReading } from '../../server/src/lint/run';
import { loadSqlParser } from '../../server/src/lint/sql/parser';

async function main(): Promise<void> {
  const root = process.argv[2];
  const edits = Number(process.argv[3] ?? '20');
  const started = performance.now();
  await loadSqlParser();
  const parserMs = performance.now() - started;
  const index = buildWorkspaceIndex([root]);
  const environment = index.environments[0];
  // As the language server keeps them: the last reading per file, under the text's hash (or the text).
  const byFile = new Map<string, { key: string; reading: MigrationReading }>();
  const keyOf = (entry: HistoryEntry): string | undefined => entry.hash ?? entry.text;
  const cache = {
    get: (entry: HistoryEntry) => (byFile.get(entry.file)?.key === keyOf(entry) ? byFile.get(entry.file)!.reading : undefined),
    set: (entry: HistoryEntry, reading: MigrationReading) => void byFile.set(entry.file, { key: keyOf(entry)!, reading }),
  };
  const config = defaultLintConfig();
  const checkpoints = new ReplayCheckpoints();
  let begin = performance.now();
  const cold = lintEnvironment(index, environment, config, interpretMigration, { cache, indexHashes: true });
  const coldMs = performance.now() - begin;
  begin = performance.now();
  lintEnvironment(index, environment, config, interpretMigration, { cache, indexHashes: true });
  const warmMs = performance.now() - begin;
  // Edit one migration (the editor's buffer) and lint again, as the language server does for an open file.
  const files = [...environment.files.keys()].sort();
  const editMs: number[] = [];
  // LINT_BENCH_PROFILE=FILE writes a CPU profile of the edit loop alone (the cold lint would drown it).
  const profile = process.env.LINT_BENCH_PROFILE ? await startProfile() : undefined;
  for (let n = 0; n < edits; n++) {
    const file = files[(n * 7919) % files.length];
    const text = fs.readFileSync(file, 'utf8');
    index.setOverlay(file, text.replace('def upgrade', `# edit ${n}\ndef upgrade`));
    const edited = index.environmentForFile(file)!;
    begin = performance.now();
    lintEnvironment(index, edited, config, interpretMigration, { cache, files: new Set([file]), indexHashes: true, checkpoints });
    editMs.push(performance.now() - begin);
    index.setOverlay(file, undefined);
  }
  if (profile) fs.writeFileSync(process.env.LINT_BENCH_PROFILE!, JSON.stringify(await profile()));
  editMs.sort((a, b) => a - b);
  const editP90Ms = editMs[Math.min(editMs.length - 1, Math.floor(editMs.length * 0.9))];
  process.stdout.write(JSON.stringify({ parserMs, coldMs, warmMs, editMedianMs: editMs[editMs.length >> 1], editP90Ms, editMaxMs: editMs[editMs.length - 1], findings: cold.problems.length }));
}

/** Starts the V8 profiler in this process; the returned function stops it and gives the profile. */
async function startProfile(): Promise<() => Promise<object>> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<any> => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => (await post('Profiler.stop')).profile;
}

void main();
