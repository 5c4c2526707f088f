// The publishing logic of the session against a scripted index: ten thousand problems at once,
// republishing only files whose diagnostics changed, mirrored multiple-heads problems, and
// clearing files whose problems are gone. (The protocol tests cover the same over real LSP.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Problem } from '../../server/src/common/problem';
import type { IndexChange, WorkspaceIndex } from '../../server/src/project/types';
import { Session } from '../../server/src/lsp/session';

function problem(file: string, code: string, line: number, related: Problem['related'] = []): Problem {
  return { code, severity: 'error', message: `${code} at ${line}`, file, range: { start: { line, character: 0 }, end: { line, character: 4 } }, related };
}

class ScriptedIndex {
  problems: Problem[] = [];
  /** How often the session asked for problems: a per-file scan of 10,000 problems would be quadratic. */
  readonly calls = { allProblems: 0, problemsFor: 0 };
  readonly roots = ['/w'];
  readonly environments = [];
  readonly workspaceProblems = [];
  nextChange: IndexChange = { affectedFiles: [], affectedEnvironments: [] };
  allProblems(): Problem[] {
    this.calls.allProblems++;
    return this.problems;
  }
  problemsFor(file: string): Problem[] {
    this.calls.problemsFor++;
    return this.problems.filter((p) => p.file === file);
  }
  environmentForFile(): undefined {
    return undefined;
  }
  setOverlay(): IndexChange {
    return this.nextChange;
  }
  refreshFile(): IndexChange {
    return this.nextChange;
  }
  rediscover(): IndexChange {
    return this.nextChange;
  }
  textOf(): undefined {
    return undefined;
  }
}

function harness() {
  const sent: { file: string; diagnostics: Diagnostic[] }[] = [];
  const index = new ScriptedIndex();
  const session = new Session(
    { docsBaseUrl: 'https://docs.example/rules', debounceMs: 0 },
    {
      logger: { error: (m) => assert.fail(m), warn: () => {}, info: () => {} },
      sendDiagnostics: (file, diagnostics) => sent.push({ file, diagnostics }),
      extraProblems: () => [],
      indexChanged: () => {},
    },
  );
  return { sent, index, session, ready: () => session.indexReady(index as unknown as WorkspaceIndex, 'ready') };
}

test('ten thousand problems in a thousand files publish once each, from one pass over the problems', () => {
  const { sent, index, ready } = harness();
  for (let i = 0; i < 10000; i++) index.problems.push(problem(`/w/f${i % 1000}.py`, 'missing-parent', i));
  ready();
  assert.equal(sent.length, 1000);
  assert.equal(new Set(sent.map((entry) => entry.file)).size, 1000, 'no file is published twice');
  assert.ok(sent.every((entry) => entry.diagnostics.length === 10), 'each file gets its own ten problems');
  assert.equal(sent.reduce((sum, entry) => sum + entry.diagnostics.length, 0), 10000);
  assert.equal(sent[0].diagnostics[0].codeDescription?.href, 'https://docs.example/rules/missing-parent.md');
  // What keeps this cheap (speed is measured in bench/, not here): the problems are grouped by
  // file in one pass, never filtered once per file.
  assert.equal(index.calls.problemsFor, 0);
  assert.ok(index.calls.allProblems <= 2, `allProblems read ${index.calls.allProblems} times`);
});

test('a change republishes only affected files whose diagnostics differ, and clears fixed ones', () => {
  const { sent, index, session, ready } = harness();
  index.problems = [problem('/w/a.py', 'missing-parent', 1), problem('/w/b.py', 'missing-parent', 2)];
  ready();
  assert.equal(sent.length, 2);
  sent.length = 0;
  index.problems = [problem('/w/a.py', 'missing-parent', 1)];
  index.nextChange = { affectedFiles: ['/w/a.py', '/w/b.py'], affectedEnvironments: [] };
  session.fileChangedOnDisk('/w/b.py');
  session.flush();
  assert.deepEqual(sent.map((entry) => [entry.file, entry.diagnostics.length]), [['/w/b.py', 0]]);
});

test('multiple-heads shows in every head file and clears from all of them', () => {
  const { sent, index, session, ready } = harness();
  const heads = problem('/w/a.py', 'multiple-heads', 3, [{ file: '/w/b.py', range: { start: { line: 7, character: 1 }, end: { line: 7, character: 9 } }, message: 'revision of revision b' }]);
  index.problems = [heads];
  ready();
  const byFile = new Map(sent.map((entry) => [entry.file, entry.diagnostics]));
  assert.equal(byFile.get('/w/a.py')?.[0].code, 'multiple-heads');
  const mirrored = byFile.get('/w/b.py')?.[0];
  assert.equal(mirrored?.code, 'multiple-heads');
  assert.equal(mirrored?.range.start.line, 7);
  assert.equal(mirrored?.relatedInformation?.[0].location.uri, 'file:///w/a.py');
  sent.length = 0;
  index.problems = [];
  index.nextChange = { affectedFiles: ['/w/a.py'], affectedEnvironments: [] };
  session.setOverlay('/w/c.py', 'revision = "c"');
  session.flush();
  assert.deepEqual(sent.map((entry) => [entry.file, entry.diagnostics.length]).sort(), [['/w/a.py', 0], ['/w/b.py', 0]]);
});
