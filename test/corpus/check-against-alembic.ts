/**
 * Checks a whole public history against the real Alembic (not part of the test run: it needs the
 * repository's checkout). Every migration under VERSIONS whose DIRECTION the engine understands
 * (no opaque step) is run through Alembic 1.20 offline by record_offline.py, with ROOT first on
 * sys.path so the migrations import the application's real helpers and types; the SQL must be
 * the same byte for byte. Prints the counts; writes the differences and refusals to
 * $OUT/check-<direction>.txt. docs/coverage.md reports the results.
 *
 *   ALEMBIC_PYTHON=... node --import tsx test/corpus/check-against-alembic.ts VERSIONS ROOT [upgrade|downgrade]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpretMigration } from '../../server/src/engine/interpret/index';
import { compileSteps, type CompiledStep } from '../../server/src/engine/offline/compiled';
import { renderForOffline } from '../../server/src/engine/offline/defaultEngine';
import { CreatedEnumTypes } from '../../server/src/engine/offline/enumTypeMemo';

const [versionsDir, root, direction = 'upgrade'] = process.argv.slice(2);
if (!versionsDir || !root || !process.env.ALEMBIC_PYTHON) throw new Error('usage: ALEMBIC_PYTHON=... check-against-alembic.ts VERSIONS ROOT [upgrade|downgrade]');
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === '__pycache__' ? [] : walk(full);
    return name.endsWith('.py') && name !== '__init__.py' ? [full] : [];
  });
}
// The recorder runs each function in its own migration context: one memo of created enum types.
function sqlText(steps: CompiledStep[], createdTypes = new CreatedEnumTypes()): { sql: string; opaque: number } {
  let sql = ''; let opaque = 0;
  for (const step of steps) {
    if (step.kind === 'sql') { if (createdTypes.shouldRun(step.createsEnumType)) sql += `${step.sql};\n\n`; }
    else if (step.kind === 'opaque') opaque++;
    // The recorder keeps Alembic's output buffer, which a print() does not reach.
    else if (step.kind === 'print') continue;
    else {
      // COMMIT / BEGIN around an autocommit block, as the offline emitter prints it.
      const inner = sqlText(step.steps, createdTypes);
      sql += `COMMIT;\n\n${inner.sql}BEGIN;\n\n`;
      opaque += inner.opaque;
    }
  }
  return { sql, opaque };
}
const jobs: { name: string; root: string; file: string; source: string; function: string }[] = []; const engine = new Map<string, string>();
for (const file of walk(versionsDir)) {
  const source = readFileSync(file, 'utf8');
  const interpreted = interpretMigration(file, source);
  const fn = interpreted[direction as 'upgrade'];
  if (!fn) continue;
  let out: { sql: string; opaque: number };
  out = sqlText(compileSteps(fn.steps, (op) => renderForOffline(op, file)));
  if (out.opaque > 0) continue;
  engine.set(file, out.sql);
  jobs.push({ name: file, root, file, source, function: direction });
}
const run = spawnSync(process.env.ALEMBIC_PYTHON!, [join(__dirname, 'record_offline.py')], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (run.status !== 0) { console.log(run.stderr.slice(-3000)); process.exit(1); }
const recorded = JSON.parse(run.stdout) as Record<string, { sql?: string; error?: string }>;
/**
 * Alembic creates a create_table's indexes by iterating `table.indexes`, and an add_column's
 * constraints by iterating `table.constraints`: Python sets of objects hashed by address, so with
 * two or more their order changes from one run of Alembic to the next. The indexes that follow
 * each CREATE TABLE on its table, and the constraints that follow each ADD COLUMN on its table,
 * are compared as sets.
 */
/** A possibly schema-qualified name as PostgreSQL SQL prints it (quoted parts may hold spaces and dots). */
const NAME = '(?:"[^"]*"|[^\\s."(]+)(?:\\.(?:"[^"]*"|[^\\s."(]+))?';
function indexOrderAside(sql: string): string {
  const pieces = sql.split(/(?<=;\n\n)/);
  const sortFollowing = (at: number, follows: (piece: string) => boolean): void => {
    let end = at + 1;
    while (end < pieces.length && follows(pieces[end])) end++;
    pieces.splice(at + 1, end - at - 1, ...pieces.slice(at + 1, end).sort());
  };
  for (let at = 0; at < pieces.length; at++) {
    const table = new RegExp(`^CREATE TABLE (?:IF NOT EXISTS )?(${NAME}) \\(`).exec(pieces[at])?.[1];
    if (table) sortFollowing(at, (piece) => piece.startsWith('CREATE ') && new RegExp(` INDEX (?:IF NOT EXISTS )?${NAME} ON (${NAME}) `).exec(piece)?.[1] === table);
    const added = new RegExp(`^ALTER TABLE (${NAME}) ADD COLUMN `).exec(pieces[at])?.[1];
    if (added) sortFollowing(at, (piece) => piece.startsWith(`ALTER TABLE ${added} ADD `) && !piece.startsWith(`ALTER TABLE ${added} ADD COLUMN `));
  }
  return pieces.join('');
}
let same = 0, refused = 0, sameButIndexOrder = 0; const diffs: string[] = [];
for (const job of jobs) {
  const r = recorded[job.name];
  if (r?.sql === undefined) { refused++; diffs.push(`REFUSED ${job.name}: ${r?.error ?? 'no result'}`); continue; }
  if (r.sql === engine.get(job.name)) same++;
  else if (indexOrderAside(r.sql) === indexOrderAside(engine.get(job.name)!)) sameButIndexOrder++;
  else diffs.push(`DIFF ${job.name}\n--- alembic\n${r.sql}\n--- engine\n${engine.get(job.name)!}`);
}
console.log(`understood ${jobs.length}: same ${same + sameButIndexOrder}${sameButIndexOrder > 0 ? ` (${sameButIndexOrder} with a create_table's indexes or an add_column's constraints in another order, which Alembic varies from run to run)` : ''}, refused by Alembic ${refused}, different ${jobs.length - same - sameButIndexOrder - refused}`);
writeFileSync(`${process.env.OUT ?? '.'}/check-${direction}.txt`, diffs.join('\n\n'));
