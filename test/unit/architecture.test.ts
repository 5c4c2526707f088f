// Invariant 1 of docs/architecture.md: the core runs in plain Node. This test fails when any
// core file imports VS Code, the language server library, or a front end (lsp/, cli/, client/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const coreFolders = ['common', 'diagnostics', 'project', 'python', 'graph', 'engine', 'lint'].map((name) => path.join(root, 'server', 'src', name));
const forbidden = [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/, /(^|\/)lsp(\/|$)/, /(^|\/)cli(\/|$)/, /client\/src/];

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
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) modules.push(match[1] ?? match[2] ?? match[3]);
  return modules;
}

test('core folders import nothing from VS Code, LSP or the front ends', () => {
  const violations: string[] = [];
  let checked = 0;
  for (const folder of coreFolders) {
    for (const file of typeScriptFiles(folder)) {
      checked++;
      for (const module of importedModules(fs.readFileSync(file, 'utf8'))) {
        if (forbidden.some((pattern) => pattern.test(module))) violations.push(`${path.relative(root, file)} imports ${module}`);
      }
    }
  }
  assert.ok(checked > 0, 'no core files found');
  assert.deepEqual(violations, []);
});

test('the import scanner sees the forms the core could use', () => {
  const found = importedModules(`import * as a from 'vscode';\nimport type { X } from "vscode-languageserver/node";\nconst y = require('../lsp/foo');`);
  assert.deepEqual(found, ['vscode', 'vscode-languageserver/node', '../lsp/foo']);
});
