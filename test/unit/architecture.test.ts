// Invariant 1 of docs/architecture.md: the server's folders form layers, and an import may only
// point down (or stay inside its own folder). The core (everything below the front ends) runs in
// plain Node, so it imports neither VS Code nor the language server library nor anything outside
// server/src. Each upward edge fails the test with the file and the import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const serverSource = path.join(root, 'server', 'src');

/**
 * Lowest first; the same order as docs/architecture.md. Units on one line are peers and must not
 * import each other. diagnostics/ sits above python/ because suppressions find real comments with
 * the parser; database/ sits below engine/ because the online engine drives its sessions.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['common'],
  ['python'],
  ['diagnostics'],
  ['graph'],
  ['project'],
  ['database'],
  ['engine'],
  ['lint'],
  // Declarations and process set-up that only the front ends and entry points use.
  ['protocol.ts', 'v8Tuning.ts'],
  ['lsp', 'cli'],
  ['server.ts', 'cli.ts', 'cliMain.ts'],
];
/** Units above this rank are front ends; everything at or below it is the core. */
const CORE_TOP = LAYERS.findIndex((units) => units.includes('lint'));
const FORBIDDEN_IN_CORE = [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/];

interface Unit {
  name: string;
  rank: number;
}

/** The layer unit a path under server/src belongs to: its first folder, or the file itself at the top. */
function unitOf(absolutePath: string): Unit | 'outside' | 'unplaced' {
  const relative = path.relative(serverSource, absolutePath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'outside';
  const segments = relative.split(path.sep);
  const name = segments.length > 1 ? segments[0] : withTsExtension(segments[0]);
  const rank = LAYERS.findIndex((units) => units.includes(name));
  return rank < 0 ? 'unplaced' : { name, rank };
}

function withTsExtension(fileName: string): string {
  return fileName.endsWith('.ts') || fileName.endsWith('.json') ? fileName : `${fileName}.ts`;
}

/** Why `module`, imported by `file` (absolute), breaks the layer order; undefined when it does not. */
function layerViolation(file: string, module: string): string | undefined {
  const importer = unitOf(file);
  if (importer === 'outside') return undefined;
  if (importer === 'unplaced') return `${path.relative(serverSource, file).split(path.sep)[0]} is not in the layer order (add it to LAYERS and docs/architecture.md)`;
  const inCore = importer.rank <= CORE_TOP;
  if (!module.startsWith('.')) {
    return inCore && FORBIDDEN_IN_CORE.some((pattern) => pattern.test(module)) ? `the core (${importer.name}/) must not import ${module}` : undefined;
  }
  const target = unitOf(path.resolve(path.dirname(file), module));
  if (target === 'outside') return inCore ? `the core (${importer.name}/) must not import outside server/src` : undefined;
  if (target === 'unplaced') return `${module} is in a folder that is not in the layer order`;
  if (target.name === importer.name) return undefined;
  if (target.rank < importer.rank) return undefined;
  return target.rank === importer.rank ? `${importer.name} and ${target.name} are peers` : `${target.name} is above ${importer.name}`;
}

function* typeScriptFiles(folder: string): Generator<string> {
  if (!fs.existsSync(folder)) return;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

function importedModules(source: string): string[] {
  const modules: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) modules.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
  return modules;
}

test('every import in server/src points down the layer order', () => {
  const violations: string[] = [];
  const seenUnits = new Set<string>();
  for (const file of typeScriptFiles(serverSource)) {
    const unit = unitOf(file);
    if (typeof unit === 'object') seenUnits.add(unit.name);
    for (const module of importedModules(fs.readFileSync(file, 'utf8'))) {
      const why = layerViolation(file, module);
      if (why) violations.push(`${path.relative(root, file)} imports ${module}: ${why}`);
    }
  }
  // The check is only as good as its coverage: the main layers must really have been read.
  for (const expected of ['common', 'python', 'diagnostics', 'graph', 'project', 'engine', 'lsp', 'cli', 'server.ts']) {
    assert.ok(seenUnits.has(expected), `no files found for ${expected}`);
  }
  assert.deepEqual(violations, []);
});

test('the layer check reports upward, peer, editor and outside imports, and allows downward ones', () => {
  const at = (relative: string): string => path.join(serverSource, relative);
  assert.equal(layerViolation(at('graph/revisionMap.ts'), '../common/problem'), undefined);
  assert.equal(layerViolation(at('engine/plan/planner.ts'), '../../graph/revisionMap'), undefined);
  assert.equal(layerViolation(at('lsp/tree.ts'), '../protocol'), undefined);
  assert.equal(layerViolation(at('cli/commands/check.ts'), '../../../../package.json'), undefined);
  assert.equal(layerViolation(at('graph/revisionMap.ts'), './revision'), undefined);
  assert.match(layerViolation(at('graph/revisionMap.ts'), '../project/types') ?? '', /project is above graph/);
  assert.match(layerViolation(at('python/envPy.ts'), '../diagnostics/codes') ?? '', /diagnostics is above python/);
  assert.match(layerViolation(at('engine/ops.ts'), '../lint/rules') ?? '', /lint is above engine/);
  assert.match(layerViolation(at('cli/run.ts'), '../lsp/engine') ?? '', /peers/);
  assert.match(layerViolation(at('common/range.ts'), '../protocol') ?? '', /protocol\.ts is above common/);
  assert.match(layerViolation(at('lsp/register.ts'), '../server') ?? '', /server\.ts is above lsp/);
  assert.match(layerViolation(at('project/index.ts'), 'vscode-languageserver/node') ?? '', /must not import/);
  assert.match(layerViolation(at('engine/ops.ts'), '../../../client/src/extension') ?? '', /outside server\/src/);
  assert.match(layerViolation(at('newfolder/x.ts'), '../common/range') ?? '', /not in the layer order/);
  assert.equal(layerViolation(at('lsp/register.ts'), 'vscode-languageserver/node'), undefined);
});

test('the import scanner sees the forms the core could use', () => {
  const found = importedModules(`import * as a from 'vscode';\nimport type { X } from "vscode-languageserver/node";\nconst y = require('../lsp/foo');\nimport './v8Tuning';\nexport { z } from '../z';\nawait import('../w');`);
  assert.deepEqual(found, ['vscode', 'vscode-languageserver/node', '../lsp/foo', './v8Tuning', '../z', '../w']);
});
