/**
 * Hand-written expectations for the interpreter fixtures. The `*.expected.json` snapshots are
 * recorded by the interpreter itself, so they only detect change; what a reader of the Python
 * expects is written next to the code as a trailing comment:
 *
 *     op.add_colum("t", col)  # expect: opaque "not an Alembic operation"; problem unknown-operation
 *
 * `opaque "<fragment>"` is an opaque step (in any function, branch or block) that starts on this
 * line and whose reason contains the fragment; `problem <code>` (optionally followed by a quoted
 * fragment of its message) is a problem that starts on this line. A case without any marker
 * claims that the interpreter finds nothing it cannot follow and reports no problem.
 */
import type { InterpretedMigration } from '../../../server/src/engine/interpret/index';
import type { Step } from '../../../server/src/engine/ops';

export interface Finding {
  line: number;
  kind: 'opaque' | 'problem';
  /** For an opaque step its reason; for a problem its code. */
  key: string;
  /** Text the reason (opaque) or message (problem) must contain; '' for none. */
  fragment: string;
}

const MARKER = /#\s*expect:(.*)$/;
const ITEM = /^\s*(?:opaque\s+"([^"]+)"|problem\s+([a-z0-9]+(?:-[a-z0-9]+)*)(?:\s+"([^"]+)")?)\s*(?:;|$)/;

/** The findings the markers of a case's source announce. Throws on a marker it cannot read. */
export function expectedFindings(source: string): Finding[] {
  const findings: Finding[] = [];
  source.split('\n').forEach((text, line) => {
    const marker = MARKER.exec(text);
    if (!marker) return;
    let rest = marker[1];
    if (rest.trim() === '') throw new Error(`line ${line}: empty expect marker`);
    while (rest.trim() !== '') {
      const item = ITEM.exec(rest);
      // A typo in a marker must fail the test, not silently expect less.
      if (!item) throw new Error(`line ${line}: cannot read expect marker at: ${rest.trim()}`);
      if (item[1] !== undefined) findings.push({ line, kind: 'opaque', key: '', fragment: item[1] });
      else findings.push({ line, kind: 'problem', key: item[2], fragment: item[3] ?? '' });
      rest = rest.slice(item[0].length);
    }
  });
  return findings;
}

function opaqueSteps(steps: readonly Step[], out: Finding[]): void {
  for (const step of steps) {
    if (step.kind === 'opaque') out.push({ line: step.range.start.line, kind: 'opaque', key: '', fragment: step.reason });
    else if (step.kind === 'autocommit') opaqueSteps(step.steps, out);
    else if (step.kind === 'modeBranch') {
      opaqueSteps(step.offline, out);
      opaqueSteps(step.online, out);
    }
  }
}

/** What the interpreter found: every opaque step of every function, and every problem. */
export function actualFindings(result: InterpretedMigration): Finding[] {
  const out: Finding[] = [];
  for (const fn of [result.upgrade, result.downgrade]) if (fn) opaqueSteps(fn.steps, out);
  for (const problem of result.problems) {
    out.push({ line: problem.range.start.line, kind: 'problem', key: problem.code, fragment: problem.message });
  }
  return out;
}

function matches(expected: Finding, actual: Finding): boolean {
  return (
    expected.line === actual.line &&
    expected.kind === actual.kind &&
    expected.key === actual.key &&
    actual.fragment.includes(expected.fragment)
  );
}

/** Where a finding's line is in the `*.cases.py` file, so a failure points at the marker. */
export interface CaseLines {
  /** 1-based line of the cases file that holds the case's first line. */
  firstLine: number;
  /** Lines the loader put before the case's first line. */
  lineOffset: number;
}

function describe(finding: Finding, lines: CaseLines): string {
  const what = finding.kind === 'opaque' ? 'opaque' : `problem ${finding.key}`;
  return `line ${finding.line - lines.lineOffset + lines.firstLine}: ${what} "${finding.fragment}"`;
}

/**
 * Pairs expected with actual findings one to one. Returns a description of each expected
 * finding that did not occur and each actual finding no marker announced ([] when they agree).
 */
export function compareFindings(expected: Finding[], actual: Finding[], lines: CaseLines): string[] {
  const unmatched = [...actual];
  const missing: Finding[] = [];
  for (const want of expected) {
    const index = unmatched.findIndex((got) => matches(want, got));
    if (index < 0) missing.push(want);
    else unmatched.splice(index, 1);
  }
  return [
    ...missing.map((finding) => `expected but not found: ${describe(finding, lines)}`),
    ...unmatched.map((finding) => `found but not expected: ${describe(finding, lines)}`),
  ];
}
