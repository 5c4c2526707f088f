/**
 * Random mutations of realistic migration files (fixed seed, bounded count): reading never
 * throws, and every problem has a range inside the text it was read from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readMigrationHeader } from '../../../server/src/python/header';
import { buildWorkspaceIndex } from '../../../server/src/project/workspaceIndex';
import type { Problem } from '../../../server/src/common/problem';
import { mutate, seededRandom as random } from '../../support/mutation';
import { temporaryFolder } from '../../support/temporaryFolders';

const FIXTURES = path.resolve(__dirname, '../../fixtures/project');

function collectSources(): string[] {
  const sources: string[] = [];
  for (const file of readdirSync(path.join(FIXTURES, 'headers'))) sources.push(readFileSync(path.join(FIXTURES, 'headers', file), 'utf8'));
  const versions = path.join(FIXTURES, 'basic/migrations/versions');
  for (const file of readdirSync(versions)) if (file.endsWith('.py') && !file.startsWith('.#')) sources.push(readFileSync(path.join(versions, file), 'utf8'));
  return sources;
}

function assertRangesValid(problems: readonly Problem[], text: string, label: string): void {
  const lines = text.split('\n');
  for (const problem of problems) {
    const { start, end } = problem.range;
    assert.ok(start.line >= 0 && start.line < lines.length, `${label}: ${problem.code} start line ${start.line}`);
    assert.ok(end.line >= start.line && end.line < lines.length, `${label}: ${problem.code} end line ${end.line}`);
    assert.ok(start.character >= 0 && start.character <= lines[start.line].length, `${label}: ${problem.code} start char`);
    assert.ok(end.character >= 0 && end.character <= lines[end.line].length, `${label}: ${problem.code} end char`);
    if (end.line === start.line) assert.ok(end.character >= start.character, `${label}: ${problem.code} reversed range`);
    assert.ok(problem.message.length > 0);
  }
}

test('readMigrationHeader survives 1,500 random mutations with valid problem ranges', () => {
  const sources = collectSources();
  const next = random(20240601);
  for (let i = 0; i < 1500; i++) {
    const source = sources[i % sources.length];
    const text = mutate(source, next);
    for (const full of [false, true]) {
      const header = readMigrationHeader(`/fuzz/${i}.py`, text, { full });
      assertRangesValid(header.problems, text, `case ${i} full=${full}`);
    }
  }
});

test('the workspace index survives mutated files on disk and in overlays', () => {
  const sources = collectSources();
  const next = random(7);
  const root = temporaryFolder('alembic-lens-fuzz-');
  mkdirSync(path.join(root, 'versions'));
  writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\nscript_location = %(here)s\n');
  const names: string[] = [];
  for (let i = 0; i < 40; i++) {
    const name = path.join(root, 'versions', `m${i}.py`);
    names.push(name);
    writeFileSync(name, mutate(sources[i % sources.length], next));
  }
  const index = buildWorkspaceIndex([root]);
  const check = () => {
    for (const problem of index.allProblems()) {
      const text = index.textOf(problem.file) ?? '';
      assertRangesValid([problem], text, path.basename(problem.file));
    }
  };
  check();
  for (let round = 0; round < 150; round++) {
    const file = names[Math.floor(next() * names.length)];
    const change = index.setOverlay(file, next() < 0.1 ? undefined : mutate(sources[round % sources.length], next));
    assert.ok(Array.isArray(change.affectedFiles));
  }
  check();
});
