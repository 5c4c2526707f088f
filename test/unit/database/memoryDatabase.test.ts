// The trace's in-memory PGlite: a dump is a checkpointed state, so opening it replays no WAL and
// carries no WAL segment from before the checkpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openMemoryDatabase } from '../../../server/src/database/memoryDatabase';

/** The names of the entries of a ustar archive (PGlite's dumpDataDir output). */
function tarNames(archive: Buffer): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header[0] === 0) break;
    const text = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = text(345, 155);
    names.push((prefix ? `${prefix}/` : '') + text(0, 100));
    offset += 512 + Math.ceil(parseInt(text(124, 12).trim() || '0', 8) / 512) * 512;
  }
  return names;
}

const CHECKPOINT_SQL = 'SELECT redo_lsn::text AS redo, checkpoint_lsn::text AS at, pg_walfile_name(redo_lsn) AS segment FROM pg_control_checkpoint()';

test('a dump is checkpointed: opened again it replays nothing, and holds no WAL from before the checkpoint', async () => {
  const source = await openMemoryDatabase();
  let copy: Awaited<ReturnType<typeof openMemoryDatabase>> | undefined;
  try {
    // Enough WAL to fill more than one segment, so a segment before the checkpoint exists.
    await source.session.queryMany('BEGIN; CREATE TABLE filler (n INTEGER, pad TEXT); INSERT INTO filler SELECT n, repeat(\'x\', 500) FROM generate_series(1, 40000) AS n; COMMIT');
    await source.session.query('CREATE TABLE kept (id SERIAL PRIMARY KEY, name TEXT NOT NULL)');
    const written = await source.session.query('SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS segment');
    assert.notEqual(written.rows[0].segment, '000000010000000000000001', 'the filler moved the WAL past its first segment');
    const dump = await source.dump();
    const checkpoint = (await source.session.query(CHECKPOINT_SQL)).rows[0];
    const segments = tarNames(Buffer.from(await dump.arrayBuffer()))
      .filter((name) => /pg_wal\/[0-9A-F]{24}$/.test(name))
      .map((name) => name.slice(-24))
      .sort();
    // The checkpoint's own segment first; at most one after it (PostgreSQL may create the next ahead).
    assert.equal(segments[0], checkpoint.segment, `no segment before the checkpoint's: ${segments.join(', ')}`);
    assert.ok(segments.length <= 2, segments.join(', '));
    // The session's settings are back as they were after the dump.
    assert.equal((await source.session.query('SHOW wal_recycle')).rows[0].wal_recycle, 'on');

    copy = await openMemoryDatabase(process.env, dump);
    // PGlite opens a dump as after a crash: WAL from the last checkpoint on is replayed, then a
    // checkpoint is taken at its end. That end right after the dump's checkpoint: nothing replayed.
    const replayed = await copy.session.query('SELECT pg_wal_lsn_diff(redo_lsn, $1::pg_lsn)::int AS bytes FROM pg_control_checkpoint()', [checkpoint.at]);
    assert.ok(Number(replayed.rows[0].bytes) < 1024, `WAL after the dump's checkpoint: ${replayed.rows[0].bytes} bytes`);
    const columns = await copy.session.query("SELECT attname FROM pg_attribute WHERE attrelid = 'kept'::regclass AND attnum > 0 ORDER BY attnum");
    assert.deepEqual(columns.rows.map((row) => row.attname), ['id', 'name']);
    assert.equal((await copy.session.query('SELECT count(*)::int AS n FROM filler')).rows[0].n, 40000);
  } finally {
    await copy?.close();
    await source.close();
  }
});

test("a traced database starts with the trace's settings (small shared buffers, no zero-filled WAL segments), opened fresh and from a dump", async () => {
  const fresh = await openMemoryDatabase();
  let reopened: Awaited<ReturnType<typeof openMemoryDatabase>> | undefined;
  try {
    const settingsOf = async (database: Awaited<ReturnType<typeof openMemoryDatabase>>) =>
      (await database.session.query("SELECT current_setting('shared_buffers') AS buffers, current_setting('wal_init_zero') AS zero")).rows[0];
    assert.deepEqual(await settingsOf(fresh), { buffers: '16MB', zero: 'off' });
    reopened = await openMemoryDatabase(process.env, await fresh.dump());
    assert.deepEqual(await settingsOf(reopened), { buffers: '16MB', zero: 'off' });
  } finally {
    await reopened?.close();
    await fresh.close();
  }
});
