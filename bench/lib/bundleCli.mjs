// Bundles the CLI into a bench's work folder as esbuild.mjs lays it out in dist/: the small entry
// (cli.js), which replays repeated answers, and the main program beside it (cliMain.js), which
// the entry loads from its own folder, with its V8 code cache. Every bench that times the CLI
// builds it this way.
import { join } from 'node:path';
import { makeCodeCache } from './codeCache.mjs';

export async function bundleCli(esbuild, common, repo, work) {
  await esbuild.build({ ...common, entryPoints: [join(repo, 'server', 'src', 'cli.ts')], outfile: join(work, 'cli.js') });
  await esbuild.build({ ...common, entryPoints: [join(repo, 'server', 'src', 'cliMain.ts')], outfile: join(work, 'cliMain.js') });
  // As the product build does: the main program's code cache beside it.
  makeCodeCache(work);
  return join(work, 'cli.js');
}
