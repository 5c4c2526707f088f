// The trace's data folder put in place before PostgreSQL starts: folders made once, each file's
// contents a view into the archive (no copy), and only folders and regular files accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unpackInto } from '../../../server/src/database/preloadedMemoryFs';
import { ustarEntries } from '../../../server/src/database/ustar';

/** A ustar archive of `entries` (name, type '5' or '0' or another, contents). */
function archiveOf(entries: [string, string, string?][]): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [name, type, text = ''] of entries) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, 'utf8');
    header.write(`${Buffer.byteLength(text).toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
    header.write(type, 156, 1, 'ascii');
    header.write('ustar\0', 257, 6, 'ascii');
    blocks.push(header);
    const data = Buffer.alloc(Math.ceil(Buffer.byteLength(text) / 512) * 512);
    data.write(text, 0, 'utf8');
    blocks.push(data);
  }
  blocks.push(Buffer.alloc(1024));
  return new Uint8Array(Buffer.concat(blocks));
}

function recordingFs() {
  const calls: string[] = [];
  const files = new Map<string, Uint8Array>();
  return {
    calls,
    files,
    mkdirTree: (path: string) => calls.push(`mkdirTree ${path}`),
    mkdir: (path: string) => calls.push(`mkdir ${path}`),
    writeFile: (path: string, data: Uint8Array, options: { canOwn: boolean }) => {
      calls.push(`writeFile ${path} canOwn=${options.canOwn}`);
      files.set(path, data);
    },
  };
}

test('a dumped data folder is written under PGDATA: folders once, files as views into the archive', () => {
  const archive = archiveOf([
    ['/base/', '5'],
    ['/base/5/', '5'],
    ['/base/5/1259', '0', 'pg_class pages'],
    ['/PG_VERSION', '0', '17\n'],
    ['/empty', '0'],
  ]);
  const fs = recordingFs();
  unpackInto(fs, '/pglite/data', archive);
  assert.deepEqual(fs.calls, [
    'mkdirTree /pglite/data',
    'mkdir /pglite/data/base',
    'mkdir /pglite/data/base/5',
    'writeFile /pglite/data/base/5/1259 canOwn=true',
    'writeFile /pglite/data/PG_VERSION canOwn=true',
    'writeFile /pglite/data/empty canOwn=true',
  ]);
  assert.equal(Buffer.from(fs.files.get('/pglite/data/PG_VERSION')!).toString(), '17\n');
  assert.equal(fs.files.get('/pglite/data/base/5/1259')!.buffer, archive.buffer, 'a view, not a copy');
  assert.equal(fs.files.get('/pglite/data/empty')!.length, 0);
});

test('anything but folders and regular files, or a path out of the folder, is refused', () => {
  assert.throws(() => unpackInto(recordingFs(), '/d', archiveOf([['/link', '2']])), /unexpected entry type 2/);
  assert.throws(() => unpackInto(recordingFs(), '/d', archiveOf([['/../etc/passwd', '0', 'x']])), /unexpected entry/);
  assert.deepEqual([...ustarEntries(archiveOf([['a/b/', '5']]))].map((entry) => entry.name), ['a/b']);
});
