// The catalog comparison behind roundtrip and drift: each object is compared on what defines it
// (type, nullability, default, identity, comment; constraint and index definitions; sequence
// options; enum labels in order), and a difference names the object and both descriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogEntries, diffCatalogs } from '../../../server/src/database/catalog/diff';
import type { CatalogSnapshot, ColumnInfo } from '../../../server/src/database/catalog/types';
import { parseRoundtripRange } from '../../../server/src/engine/online/roundtrip';

function column(name: string, extra: Partial<ColumnInfo> = {}): ColumnInfo {
  return { name, type: 'integer', nullable: true, default: undefined, identity: undefined, generated: undefined, comment: undefined, ...extra };
}

function snapshot(extra: Partial<CatalogSnapshot> = {}): CatalogSnapshot {
  return {
    schemas: [{ name: 'public', comment: undefined }],
    tables: [{ schema: 'public', name: 'orders', kind: 'table', comment: undefined, definition: undefined, columns: [column('id', { nullable: false, identity: 'always' }), column('total')] }],
    constraints: [{ schema: 'public', table: 'orders', name: 'orders_pkey', definition: 'PRIMARY KEY (id)', comment: undefined }],
    indexes: [],
    sequences: [{ schema: 'public', name: 'orders_id_seq', type: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cycle: false, ownedBy: 'public.orders.id' }],
    enums: [{ schema: 'public', name: 'state', labels: ['new', 'done'], comment: undefined }],
    ...extra,
  };
}

test('identical snapshots have no differences; column order does not count', () => {
  const a = snapshot();
  const b = snapshot();
  b.tables[0].columns.reverse();
  assert.deepEqual(diffCatalogs(a, b), []);
});

test('a column whose default, comment, nullability or identity changed is one changed entry with both sides', () => {
  for (const change of [{ default: "'0'::integer" }, { comment: 'gross' }, { nullable: false }, { identity: 'by default' as const }, { type: 'bigint' }]) {
    const b = snapshot();
    b.tables[0].columns[1] = column('total', change);
    const differences = diffCatalogs(snapshot(), b);
    assert.equal(differences.length, 1, JSON.stringify(change));
    assert.equal(differences[0].kind, 'changed');
    assert.equal(`${differences[0].object} ${differences[0].name}`, 'column public.orders.total');
    assert.notEqual(differences[0].left, differences[0].right);
  }
});

test('objects on one side only are named with their description; enum label order counts', () => {
  const b = snapshot({
    indexes: [{ schema: 'public', table: 'orders', name: 'ix_orders_total', definition: 'CREATE INDEX ix_orders_total ON public.orders USING btree (total)', comment: undefined }],
    enums: [{ schema: 'public', name: 'state', labels: ['done', 'new'], comment: undefined }],
    sequences: [],
  });
  const differences = diffCatalogs(snapshot(), b);
  assert.deepEqual(
    differences.map((d) => [d.kind, d.object, d.name]),
    [
      ['changed', 'enum', 'public.state'],
      ['only-right', 'index', 'public.ix_orders_total'],
      ['only-left', 'sequence', 'public.orders_id_seq'],
    ],
  );
  assert.equal(differences[1].right, 'CREATE INDEX ix_orders_total ON public.orders USING btree (total)');
  assert.match(catalogEntries(snapshot()).get('sequence public.orders_id_seq') ?? '', /OWNED BY public\.orders\.id/);
});

test('roundtrip ranges read as Alembic history ranges', () => {
  assert.deepEqual(parseRoundtripRange(undefined), { start: undefined, end: 'heads' });
  assert.deepEqual(parseRoundtripRange('base:head'), { start: undefined, end: 'head' });
  assert.deepEqual(parseRoundtripRange(':f7'), { start: undefined, end: 'f7' });
  assert.deepEqual(parseRoundtripRange('f2:'), { start: 'f2', end: 'heads' });
  assert.deepEqual(parseRoundtripRange('f3'), { start: undefined, end: 'f3' });
});
