/**
 * Writes an Alembic environment laid out the way OpenStack projects (neutron, keystone) keep
 * their history: one unlabelled base, then two long-lived branches labelled `expand` and
 * `contract`, each with its own head, contract revisions depending on expand ones. The shape
 * (not any text) follows openstack/neutron's alembic_migrations/versions, whose history is 132
 * revisions with heads labelled expand and contract. Generated, so tests need no copied files.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ExpandContractOptions {
  expand?: number;
  contract?: number;
  /** Ids of the two heads (the rest are derived from a counter). */
  expandHead?: string;
  contractHead?: string;
}

export interface ExpandContractHistory {
  ini: string;
  versions: string;
  base: string;
  expandHead: string;
  contractHead: string;
  count: number;
}

function idOf(prefix: string, index: number): string {
  return `${prefix}${index.toString(16).padStart(11, '0')}`;
}

function revisionFile(id: string, down: string, message: string, extra: { label?: string; dependsOn?: string } = {}): string {
  const literal = (value: string | undefined) => (value === undefined ? 'None' : `'${value}'`);
  return [
    `"""${message}`,
    '',
    `Revision ID: ${id}`,
    `Revises: ${down}`,
    'Create Date: 2024-01-10 09:00:00.000000',
    '',
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    `revision = '${id}'`,
    `down_revision = ${literal(down || undefined)}`,
    `branch_labels = ${extra.label ? `('${extra.label}',)` : 'None'}`,
    `depends_on = ${literal(extra.dependsOn)}`,
    '',
    '',
    'def upgrade():',
    `    op.add_column('items', sa.Column('c_${id}', sa.Integer()))`,
    '',
    '',
    'def downgrade():',
    `    op.drop_column('items', 'c_${id}')`,
    '',
  ].join('\n');
}

export function writeExpandContractHistory(root: string, options: ExpandContractOptions = {}): ExpandContractHistory {
  const expandCount = options.expand ?? 80;
  const contractCount = options.contract ?? 51;
  const expandHead = options.expandHead ?? 'a1b2c3d4e5f6';
  const contractHead = options.contractHead ?? '5c85685d616d';
  const versions = path.join(root, 'migrations', 'versions');
  fs.mkdirSync(versions, { recursive: true });
  fs.writeFileSync(
    path.join(root, 'alembic.ini'),
    '[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = postgresql://app@localhost/app\n',
  );
  fs.writeFileSync(path.join(root, 'migrations', 'env.py'), 'from alembic import context\n');
  // The template `alembic init -t generic` writes, reduced to what new revisions need.
  fs.writeFileSync(
    path.join(root, 'migrations', 'script.py.mako'),
    [
      '"""${message}',
      '',
      'Revision ID: ${up_revision}',
      'Revises: ${down_revision | comma,n}',
      'Create Date: ${create_date}',
      '',
      '"""',
      'from alembic import op',
      'import sqlalchemy as sa',
      '',
      'revision = ${repr(up_revision)}',
      'down_revision = ${repr(down_revision)}',
      'branch_labels = ${repr(branch_labels)}',
      'depends_on = ${repr(depends_on)}',
      '',
      '',
      'def upgrade():',
      '    ${upgrades if upgrades else "pass"}',
      '',
      '',
      'def downgrade():',
      '    ${downgrades if downgrades else "pass"}',
      '',
    ].join('\n'),
  );
  const base = 'b0000000000a';
  fs.writeFileSync(path.join(versions, `${base}_initial.py`), revisionFile(base, '', 'initial'));
  const expandIds: string[] = [];
  let down = base;
  for (let index = 0; index < expandCount; index++) {
    const id = index === expandCount - 1 ? expandHead : idOf('e', index);
    fs.writeFileSync(path.join(versions, `${id}_expand_${index}.py`), revisionFile(id, down, `expand step ${index}`, { label: index === 0 ? 'expand' : undefined }));
    expandIds.push(id);
    down = id;
  }
  down = base;
  for (let index = 0; index < contractCount; index++) {
    const id = index === contractCount - 1 ? contractHead : idOf('c', index);
    // Every fifth contract step needs the expand step of the same release first.
    const dependsOn = index > 0 && index % 5 === 0 ? expandIds[Math.min(index, expandIds.length - 1)] : undefined;
    fs.writeFileSync(path.join(versions, `${id}_contract_${index}.py`), revisionFile(id, down, `contract step ${index}`, { label: index === 0 ? 'contract' : undefined, dependsOn }));
    down = id;
  }
  return { ini: path.join(root, 'alembic.ini'), versions, base, expandHead, contractHead, count: 1 + expandCount + contractCount };
}
