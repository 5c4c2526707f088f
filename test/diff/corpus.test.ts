/**
 * The corpus tier: small extracts of the idioms public Alembic histories use (one folder per
 * repository under test/fixtures/corpus, each case naming its source file), with the SQL the real
 * Alembic 1.20 prints offline recorded as golden files next to them. The application's imports
 * are answered by stubs written in the repository's folder (`<repo>/<package>/...py`), which
 * Python imports when recording and the engine reads statically, as it reads a workspace.
 *
 * For every case and direction: the engine's offline SQL equals the golden file, or, where the
 * case is marked `# corpus: <direction> opaque "<text>"`, the engine leaves an opaque step whose
 * reason contains that text (what must stay opaque, with a specific reason). A second test runs
 * the real Alembic (ALEMBIC_PYTHON) and checks that the golden files are still what it prints;
 * `UPDATE_CORPUS_GOLDEN=1` rewrites them from it instead (review the diff).
 *
 * Meant for its own tier, test/corpus/; kept under test/diff (which needs ALEMBIC_PYTHON already)
 * until the test run includes that folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { interpretMigration } from '../../server/src/engine/interpret/index';
import { compileSteps, type CompiledStep } from '../../server/src/engine/offline/compiled';
import { renderForOffline } from '../../server/src/engine/offline/defaultEngine';
import { CreatedEnumTypes } from '../../server/src/engine/offline/enumTypeMemo';

const CORPUS = join(__dirname, '..', 'fixtures', 'corpus');
const RECORDER = join(__dirname, '..', 'corpus', 'record_offline.py');
const PYTHON = process.env.ALEMBIC_PYTHON ?? '/root/.cache/alembic-lens/venv/bin/python';
const UPDATE = process.env.UPDATE_CORPUS_GOLDEN === '1';

type Direction = 'upgrade' | 'downgrade';

interface CorpusCase {
  /** `<repo>/<case>`, also the golden files' stem. */
  name: string;
  root: string;
  file: string;
  source: string;
  directions: Direction[];
  /** Directions the engine must leave opaque, with a fragment of the reason. */
  opaque: Map<Direction, string>;
}

function loadCases(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const repo of readdirSync(CORPUS).sort()) {
    const casesDir = join(CORPUS, repo, 'cases');
    if (!existsSync(casesDir)) continue;
    for (const entry of readdirSync(casesDir).filter((name) => name.endsWith('.py')).sort()) {
      const file = join(casesDir, entry);
      const source = readFileSync(file, 'utf8');
      const directions = (['upgrade', 'downgrade'] as const).filter((direction) => new RegExp(`^def ${direction}\\(`, 'm').test(source));
      const opaque = new Map<Direction, string>();
      for (const match of source.matchAll(/^# corpus: (upgrade|downgrade) opaque "([^"]+)"$/gm)) opaque.set(match[1] as Direction, match[2]);
      cases.push({ name: `${repo}/${entry.replace(/\.py$/, '')}`, root: join(CORPUS, repo), file, source, directions, opaque });
    }
  }
  return cases;
}

function goldenPath(fixture: CorpusCase, direction: Direction): string {
  const [repo, stem] = fixture.name.split('/');
  return join(CORPUS, repo, 'golden', `${stem}.${direction}.sql`);
}

/**
 * What `--sql` prints for the compiled steps: each statement and `;`, then a blank line; COMMIT/BEGIN
 * around an autocommit block. The recorder runs each function in its own migration context, so
 * a create_table's enum type is created once in it (engine/offline/enumTypeMemo.ts).
 */
function sqlText(steps: CompiledStep[], createdTypes = new CreatedEnumTypes()): { sql: string; opaque: string[] } {
  let sql = '';
  const opaque: string[] = [];
  for (const step of steps) {
    if (step.kind === 'sql') {
      if (createdTypes.shouldRun(step.createsEnumType)) sql += `${step.sql};\n\n`;
    }
    else if (step.kind === 'opaque') opaque.push(step.reason);
    // The recorder keeps Alembic's output buffer, which a print() does not reach.
    else if (step.kind === 'print') continue;
    else {
      // As the offline emitter prints an autocommit_block() (engine/offline/emitter.ts).
      const inner = sqlText(step.steps, createdTypes);
      sql += `COMMIT;\n\n${inner.sql}BEGIN;\n\n`;
      opaque.push(...inner.opaque);
    }
  }
  return { sql, opaque };
}

function engineOutput(fixture: CorpusCase, direction: Direction): { sql: string; opaque: string[] } {
  const interpreted = interpretMigration(fixture.file, fixture.source);
  const steps = interpreted[direction]?.steps ?? [];
  return sqlText(compileSteps(steps, (operation) => renderForOffline(operation, fixture.file)));
}

const cases = loadCases();

test('the corpus has cases from every repository folder', () => {
  const repos = new Set(cases.map((fixture) => fixture.name.split('/')[0]));
  assert.ok(repos.size >= 8, `only ${[...repos].join(', ')}`);
  for (const fixture of cases) assert.match(fixture.source, /^# Source: [\w.-]+\/[\w.-]+, \S+/m, `${fixture.name} names its source repository and file`);
});

for (const fixture of cases) {
  for (const direction of fixture.directions) {
    const reason = fixture.opaque.get(direction);
    test(`${fixture.name} ${direction}(): ${reason ? `stays opaque (${reason})` : 'prints what Alembic 1.20 prints'}`, () => {
      const output = engineOutput(fixture, direction);
      if (reason) {
        assert.ok(output.opaque.some((text) => text.includes(reason)), `expected an opaque step with "${reason}", got: ${JSON.stringify(output.opaque)}`);
        return;
      }
      assert.deepEqual(output.opaque, [], 'no opaque step');
      const golden = goldenPath(fixture, direction);
      assert.ok(existsSync(golden) || UPDATE, `no golden file ${golden} (record it with UPDATE_CORPUS_GOLDEN=1)`);
      if (!UPDATE) assert.equal(output.sql, readFileSync(golden, 'utf8'));
    });
  }
}

test('the golden files are what the real Alembic 1.20 prints offline (UPDATE_CORPUS_GOLDEN=1 rewrites them)', () => {
  assert.ok(existsSync(PYTHON), `the reference Python is missing: ${PYTHON} (set ALEMBIC_PYTHON)`);
  const jobs = cases.flatMap((fixture) =>
    fixture.directions
      .filter((direction) => !fixture.opaque.has(direction))
      .map((direction) => ({ name: `${fixture.name}.${direction}`, root: fixture.root, file: fixture.file, source: fixture.source, function: direction, golden: goldenPath(fixture, direction) })),
  );
  const run = spawnSync(PYTHON, [RECORDER], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr);
  const recorded = JSON.parse(run.stdout) as Record<string, { sql?: string; error?: string }>;
  const differences: string[] = [];
  for (const job of jobs) {
    const result = recorded[job.name];
    if (result?.sql === undefined) {
      differences.push(`${job.name}: Alembic refused it (${result?.error ?? 'no result'})`);
      continue;
    }
    if (UPDATE) {
      mkdirSync(dirname(job.golden), { recursive: true });
      writeFileSync(job.golden, result.sql);
    }
    else if (!existsSync(job.golden) || readFileSync(job.golden, 'utf8') !== result.sql) differences.push(`${job.name}: the golden file differs from what Alembic prints`);
  }
  assert.deepEqual(differences, []);
});
