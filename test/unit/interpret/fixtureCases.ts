/**
 * Loads the data-driven interpreter fixtures. A `*.cases.py` file holds many small cases,
 * each introduced by `### <name>`. A case without top-level imports or defs is a function body: it is
 * indented into `def upgrade():` under a fixed header of the usual imports. Expected results
 * live next to it in `<file>.expected.json` (name → normalized result).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceRange } from '../../../server/src/common/range';
import type { InterpretedMigration } from '../../../server/src/engine/interpret/index';

export const FIXTURE_DIR = join(__dirname, '../../fixtures/interpret');

export const HEADER = [
  'from alembic import op, context',
  'import sqlalchemy as sa',
  'from sqlalchemy.dialects import postgresql',
  '',
  '',
  'def upgrade():',
].join('\n');

export interface FixtureCase {
  file: string;
  name: string;
  source: string;
  /** 1-based line of the `*.cases.py` file that holds the case's first line. */
  firstLine: number;
  /** Lines the loader put before the case's first line (the header of a function-body case). */
  lineOffset: number;
}

export function caseFiles(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.cases.py'))
    .sort();
}

export function loadCases(file: string): FixtureCase[] {
  const text = readFileSync(join(FIXTURE_DIR, file), 'utf8');
  const cases: FixtureCase[] = [];
  const chunks = text.split(/^### /m);
  // Line 1 of the file is the first chunk's `###` line; its body starts one line lower.
  let firstLine = chunks[0].split('\n').length + 1;
  for (const chunk of chunks.slice(1)) {
    const caseFirstLine = firstLine;
    firstLine += chunk.split('\n').length - 1;
    const newline = chunk.indexOf('\n');
    const name = chunk.slice(0, newline).trim();
    const body = chunk.slice(newline + 1).replace(/\s+$/, '') + '\n';
    // A case that declares anything at column 0 (imports, defs) is a whole file.
    const wholeFile = /^(from |import |(async )?def (upgrade|downgrade)\b)/m.test(body);
    const source = wholeFile
      ? body
      : `${HEADER}\n${body
          .split('\n')
          .map((line) => (line.length > 0 ? `    ${line}` : line))
          .join('\n')}`;
    cases.push({ file, name, source, firstLine: caseFirstLine, lineOffset: wholeFile ? 0 : HEADER.split('\n').length });
  }
  return cases;
}

function compactRange(range: SourceRange): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** JSON-friendly result: ranges as `line:char-line:char`, problems without file and related. */
export function normalize(result: InterpretedMigration): unknown {
  const replacer = (key: string, value: unknown): unknown => {
    if ((key === 'range' || key === 'nameRange') && value && typeof value === 'object' && 'start' in value) return compactRange(value as SourceRange);
    return value;
  };
  const plain = JSON.parse(JSON.stringify(result, replacer)) as Record<string, unknown>;
  plain.problems = (result.problems ?? []).map((problem) => ({
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    range: compactRange(problem.range),
  }));
  return plain;
}
