/**
 * The initialised PGlite data folder that ships with the extension and the CLI
 * (`dist/pglite-template.tar.br`, a Brotli-compressed tar made by esbuild.mjs): without it, the
 * first sandbox on a machine waits for PGlite's initdb (WebAssembly, ~6 s here). A data folder belongs to the PGlite build
 * that made it, so the archive travels with a small JSON file naming that build
 * (`dist/pglite-template.json`); an archive made by another build is ignored and the sandbox
 * falls back to initdb (sandboxTemplate.ts).
 *
 * The archive is unpacked here rather than by PGlite's `loadDataDir`: PGlite writes each file
 * through its WebAssembly file system, which measured 1.5-2x slower on this machine than Node
 * writing the same files (docs/performance.md). The archive is PGlite's own `dumpDataDir` output:
 * a plain ustar of folders and regular files; anything else in it means it is not one we made,
 * and the sandbox falls back to initdb.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ustarEntries } from './ustar';

export const SHIPPED_TEMPLATE_ARCHIVE = 'pglite-template.tar.br';
export const SHIPPED_TEMPLATE_BUILD = 'pglite-template.json';

/**
 * Names a PGlite build by the sizes of its two large asset files (the WebAssembly and the file
 * system bundle, which every PostgreSQL or PGlite change alters). esbuild.mjs computes the same
 * string when it makes the archive; test/unit/packaging.test.ts checks that the two agree.
 */
export function pgliteBuildKey(assetFolder: string): string | undefined {
  try {
    return ['pglite.wasm', 'pglite.data'].map((name) => fs.statSync(path.join(assetFolder, name)).size).join('-');
  } catch {
    return undefined;
  }
}

/** Writes the folders and regular files of a ustar archive under `folder`; throws on anything else. */
function unpackTar(archive: Buffer, folder: string): void {
  const root = path.resolve(folder);
  for (const entry of ustarEntries(archive)) {
    const target = path.resolve(root, entry.name);
    if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`unexpected entry ${entry.name}`);
    if (entry.type === '5') fs.mkdirSync(target, { recursive: true });
    else if (entry.type === '0') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, entry.data);
    } else throw new Error(`unexpected entry type ${entry.type} (${entry.name})`);
  }
}

/**
 * Unpacks the shipped archive into the new sandbox folder `target` when `folder` holds one made by
 * the PGlite build in `assetFolder`. Returns false (and leaves no partial data folder) otherwise.
 */
export function unpackShippedTemplate(folder: string, assetFolder: string, target: string): boolean {
  try {
    const recorded = JSON.parse(fs.readFileSync(path.join(folder, SHIPPED_TEMPLATE_BUILD), 'utf8')) as { build?: unknown };
    const build = pgliteBuildKey(assetFolder);
    if (!build || recorded.build !== build) return false;
    unpackTar(zlib.brotliDecompressSync(fs.readFileSync(path.join(folder, SHIPPED_TEMPLATE_ARCHIVE))), target);
    if (fs.existsSync(path.join(target, 'PG_VERSION'))) return true;
  } catch {
    // A missing, unreadable or foreign archive: the caller falls back to initdb.
  }
  try {
    for (const entry of fs.readdirSync(target)) if (entry !== 'alembic-lens.lock') fs.rmSync(path.join(target, entry), { recursive: true, force: true });
  } catch {
    // Nothing was unpacked.
  }
  return false;
}
