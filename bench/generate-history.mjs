#!/usr/bin/env node
// Writes a complete, synthetic Alembic environment for benchmarks and tests:
//
//   node bench/generate-history.mjs --revisions N --out DIR [--seed S] [--locations K]
//                                   [--separator os|space] [--no-ops] [--force]
//
// DIR gets alembic.ini (script_location = DIR, K version locations joined per
// `path_separator`), env.py, script.py.mako and N migration files of 3-5 KB each. The graph is
// mostly linear with branch points of two or three branches that merge back, three feature
// branch labels at most, `depends_on` by id and by label, and 12-hex as well as word ids.
// The final graph has exactly TWO heads (the trunk and the independent `audit` stream) when
// N >= 20, and one head below that. Output is deterministic for a given seed and options.
// The real Alembic 1.20 accepts it: `alembic heads` and `alembic upgrade heads --sql` succeed.
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRandom } from './history/random.mjs';
import { planHistory, AUDIT_MIN_REVISIONS } from './history/shape.mjs';
import { renderBodies } from './history/body.mjs';
import { alembicIni, ENV_PY, SCRIPT_MAKO } from './history/templates.mjs';

const DESCRIPTIONS = [
  'Keeps the reporting queries fast once the table grows past a few million rows.\nThe index on the parent table is built concurrently where the table is already large.',
  'Requested by the support team: they need to find records by their external reference.\nThe reference column stays nullable until every writer sets it; see the follow-up revision.',
  'Part of the move away from the legacy schema; the old columns are dropped in a later step.\nBoth schemas are readable during the rollout, so deploys can be rolled back safely.',
  'The backfill is cheap here because the column is new and still empty in production.\nIf that ever changes, move the UPDATE into a batched background job instead.',
  'Adds the constraints the application already assumed, so bad rows fail early.\nThe foreign keys use ON DELETE rules that match what the ORM relationships declare.',
];

/** Generates a history; returns { dir, iniPath, revisions, heads, bytes, files }. */
export function generateHistory({ revisions: count, out, seed = 1, locations = 3, ops = true, separator = 'os', force = false }) {
  const dir = resolve(out);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!force) throw new Error(`${dir} is not empty (use --force to replace it)`);
    rmSync(dir, { recursive: true, force: true });
  }
  const random = createRandom(seed);
  const folders = Array.from({ length: locations }, (_, i) => (i === 0 ? 'versions' : `versions_${i + 1}`));
  for (const folder of folders) mkdirSync(join(dir, folder), { recursive: true });
  writeFileSync(join(dir, 'alembic.ini'), alembicIni(folders, separator));
  writeFileSync(join(dir, 'env.py'), ENV_PY);
  writeFileSync(join(dir, 'script.py.mako'), SCRIPT_MAKO);

  const plan = planHistory(count, random, locations);
  const byId = new Map(plan.map((revision) => [revision.id, revision]));
  let bytes = 0;
  for (const revision of plan) {
    const text = renderMigration(revision, tableOwner(revision, byId), random, ops);
    const fileName = random.chance(0.15)
      ? `${revision.createDate.slice(0, 10).replaceAll('-', '_')}-${revision.id}_${revision.slug}.py`
      : `${revision.id}_${revision.slug}.py`;
    writeFileSync(join(dir, folders[revision.location], fileName), text);
    bytes += Buffer.byteLength(text);
  }
  const parents = new Set(plan.flatMap((revision) => revision.parents));
  const heads = plan.filter((revision) => !parents.has(revision.id)).map((revision) => revision.id);
  return { dir, iniPath: join(dir, 'alembic.ini'), revisions: count, heads, bytes, files: plan.length };
}

/** The revision whose table a child extends: merges own no table, so look through them. */
function tableOwner(revision, byId) {
  let parent = revision.parents.length === 1 ? byId.get(revision.parents[0]) : undefined;
  while (parent && parent.merge) parent = byId.get(parent.parents[0]);
  return parent;
}

function renderMigration(revision, parentRevision, random, ops) {
  const bodies = renderBodies(revision, parentRevision, random, ops);
  const revises = revision.parents.join(', ');
  const description = revision.merge ? 'Merges the branches above back into one line.' : random.pick(DESCRIPTIONS);
  const imports = ['from typing import Sequence, Union', '', 'from alembic import op', 'import sqlalchemy as sa'];
  if (bodies.usesPostgresql) imports.push('from sqlalchemy.dialects import postgresql');
  return [
    `"""${revision.message}`,
    '',
    description,
    '',
    `Revision ID: ${revision.id}`,
    `Revises: ${revises}`,
    `Create Date: ${revision.createDate}`,
    '',
    '"""',
    ...imports,
    '',
    '',
    '# revision identifiers, used by Alembic.',
    `revision: str = ${pyString(revision.id)}`,
    `down_revision: Union[str, Sequence[str], None] = ${pyValue(revision.parents)}`,
    `branch_labels: Union[str, Sequence[str], None] = ${pyValue(revision.branchLabels, true)}`,
    `depends_on: Union[str, Sequence[str], None] = ${pyValue(revision.dependsOn)}`,
    '',
    '',
    'def upgrade() -> None:',
    '    """Upgrade schema."""',
    ...bodies.upgrade.map((line) => `    ${line}`),
    '',
    '',
    'def downgrade() -> None:',
    '    """Downgrade schema."""',
    ...bodies.downgrade.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

function pyString(text) {
  return `"${text}"`;
}

/** None, a single string, or a tuple (labels are written as tuples, as autogenerate does). */
function pyValue(items, tupleForOne = false) {
  if (items.length === 0) return 'None';
  if (items.length === 1 && !tupleForOne) return pyString(items[0]);
  if (items.length === 1) return `(${pyString(items[0])},)`;
  return `(${items.map(pyString).join(', ')})`;
}

function parseArgs(argv) {
  const options = { seed: 1, locations: 3, ops: true, separator: 'os', force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--revisions') options.revisions = Number(value());
    else if (arg === '--out') options.out = value();
    else if (arg === '--seed') options.seed = value();
    else if (arg === '--locations') options.locations = Number(value());
    else if (arg === '--separator') options.separator = value();
    else if (arg === '--no-ops') options.ops = false;
    else if (arg === '--force') options.force = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isInteger(options.revisions) || options.revisions < 1) throw new Error('--revisions N (N >= 1) is required');
  if (!options.out) throw new Error('--out DIR is required');
  if (!Number.isInteger(options.locations) || options.locations < 1) throw new Error('--locations must be a positive integer');
  if (!['os', 'space'].includes(options.separator)) throw new Error('--separator must be os or space');
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const result = generateHistory(parseArgs(process.argv.slice(2)));
    const megabytes = (result.bytes / 1024 / 1024).toFixed(1);
    console.log(`wrote ${result.files} revisions (${megabytes} MB) to ${result.dir}; heads: ${result.heads.join(' ')}`);
    if (result.revisions >= AUDIT_MIN_REVISIONS && result.heads.length !== 2) console.warn('warning: expected two heads');
  } catch (error) {
    console.error(`generate-history: ${error.message}`);
    process.exit(2);
  }
}
