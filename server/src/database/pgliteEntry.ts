/**
 * Entry of dist/pglite.js: PGlite and its socket server bundled on their own. The .vsix ships no
 * node_modules (`vsce package --no-dependencies`), so the embedded database has to travel inside
 * dist/: esbuild.mjs builds this file from PGlite's CommonJS build, which finds its WebAssembly and
 * data files (pglite.wasm, initdb.wasm, pglite.data) next to the running script, and copies those
 * files beside it. Only the sandbox and the trace's in-memory databases load it (sandbox.ts,
 * memoryDatabase.ts: MemoryFS for preloadedMemoryFs.ts), so no other run pays for it.
 */
export { PGlite, MemoryFS } from '@electric-sql/pglite';
export { PGLiteSocketServer } from '@electric-sql/pglite-socket';
