/**
 * `check`'s reading of a migration in autogenerate's layout without a syntax tree or the general
 * interpreter: the file is split into its calls (layout.ts, callSyntax.ts), each call's actions
 * come from a template made by the general reading of the same statement under placeholder names
 * (templates.ts), create_table in parts (createTable.ts), and `op.execute("...")` is read as the
 * lint reads written SQL. The result is the reading fileReading.ts makes the general way, equal
 * as JSON (test/unit/lint/fastReading.test.ts compares both on every fixture and on generated
 * histories); where the file or a statement is outside what this follows, or a template is not
 * made yet, it answers undefined and the general reading runs.
 */
import { contentHash } from '../../../common/contentHash';
import { findEnvPy } from '../../../engine/interpret/naming/targetMetadata';
import { isNeverWorkspaceModule } from '../../../project/pythonModules';
import { LineIndex } from '../../../common/range';
import type { Action } from '../../actions';
import { writtenSqlActions, type SqlSyntaxError } from '../../collect';
import type { MigrationReading } from '../../run';
import { isSqlParserLoaded } from '../../sql/parser';
import type { LintedFunction } from '../../types';
import type { FileReading } from '../fileReading';
import { parseOpCall } from './callSyntax';
import { createTableFromText, createTableReading, type StatementReading } from './createTable';
import { moduleLayout, type FunctionLayout, type ModuleLayout } from './layout';
import { templateFor } from './memo';
import { maskedStatement } from './statements';
import { fill, makeTemplate, type StatementContext } from './templates';

/** The imports that make `op` Alembic's operations and `sa` SQLAlchemy, whose names are masked. */
const STANDARD_IMPORTS = ['from alembic import op', 'import sqlalchemy as sa'];

export function fastReadingOf(file: string, text: string): FileReading | undefined {
  const reading = fastReadingOrLater(file, text);
  return reading === 'later' ? undefined : reading;
}

/**
 * fastReadingOf, or 'later' when the file is in the layout and only statements met for the first
 * time (no template yet) stopped it: read again once more of the history has been read, it may
 * find their templates made (readTextsForCheck in ../fileReading.ts).
 */
export function fastReadingOrLater(file: string, text: string): FileReading | 'later' | undefined {
  if (!isSqlParserLoaded()) return undefined;
  const layout = moduleLayout(text);
  if (!layout) return undefined;
  const lines = new LineIndex(text);
  const imports = layout.imports.split('\n');
  const mask = STANDARD_IMPORTS.every((line) => imports.includes(line));
  const reading: MigrationReading = { syntaxErrors: [] };
  const functions = [...layout.functions].sort((a, b) => (a.name === b.name ? 0 : a.name === 'upgrade' ? -1 : 1));
  let complete = true;
  for (const fn of functions) {
    const read = readFunction(file, text, lines, layout, fn, mask);
    if (read === undefined) return undefined;
    if (read === 'later') {
      // Go on: the other function's keys are sighted too, so their templates come sooner.
      complete = false;
      continue;
    }
    reading.syntaxErrors.push(...read.syntaxErrors);
    reading[fn.name] = read.linted;
  }
  if (!complete) return 'later';
  return { file, body: [], syntaxCount: 0, textHash: contentHash(text), text, reading };
}

/** A short prefix for each context's keys (hashing the folder and imports once per key was a tenth of the reading). */
const contexts = new Map<string, string>();

function contextNumber(context: string): string {
  let number = contexts.get(context);
  if (number === undefined) {
    number = `${contexts.size}\u0000`;
    contexts.set(context, number);
  }
  return number;
}

/** The location part of a context's key, by folder and imports. */
const locations = new Map<string, string>();

/**
 * Where a statement is read matters through the env.py above it (the naming convention, the
 * transaction settings) and through the workspace modules its imports reach, found from its
 * folder. When every import is of a module never looked for in the workspace (SQLAlchemy,
 * Alembic, typing), the env.py alone decides: the folders of one environment's version
 * locations share their templates. Otherwise the folder does.
 */
function locationOf(file: string, imports: string): string {
  const folder = file.slice(0, file.lastIndexOf('/') + 1);
  const key = `${folder}\u0000${imports}`;
  let location = locations.get(key);
  if (location === undefined) {
    const roots = imports.split('\n').map((line) => /^(?:from|import) ([A-Za-z_]\w*)/.exec(line)?.[1]);
    const anywhere = roots.every((root) => root !== undefined && isNeverWorkspaceModule(root));
    location = anywhere ? `env.py ${findEnvPy(file) ?? 'none'}` : `folder ${folder}`;
    locations.set(key, location);
  }
  return location;
}

function readFunction(
  file: string,
  text: string,
  lines: LineIndex,
  layout: ModuleLayout,
  fn: FunctionLayout,
  mask: boolean,
): { linted: LintedFunction; syntaxErrors: SqlSyntaxError[] } | 'later' | undefined {
  const plainContext: StatementContext = { file, imports: layout.imports, indent: layout.indent, fn: fn.name };
  const plainKey = contextNumber(`${locationOf(file, layout.imports)}\u0000${layout.imports}\u0000${layout.indent}\u0000${fn.name}\u0000${mask}`);
  const actions: Action[] = [];
  const syntaxErrors: SqlSyntaxError[] = [];
  let steps = 0;
  let later = false;
  for (const call of fn.calls) {
    const whole = lines.rangeOf(call.start, call.end);
    const inBlock = call.autocommitIndent !== undefined;
    const context = inBlock ? { ...plainContext, autocommitIndent: call.autocommitIndent } : plainContext;
    const contextKey = inBlock ? `${plainKey}autocommit ${call.autocommitIndent}\u0000` : plainKey;
    // A table's columns read before in this context are not parsed again (createTable.ts).
    const fromText = mask && text.startsWith('op.create_table(', call.start) ? createTableFromText(text, call.start, call.end, { lines, whole }, context, contextKey, layout.bound) : 'parse';
    if (fromText !== 'parse') {
      if (fromText === undefined) return undefined;
      if (fromText === 'later') later = true;
      else {
        steps += fromText.steps;
        actions.push(...fromText.actions);
        syntaxErrors.push(...fromText.syntaxErrors);
      }
      continue;
    }
    const parsed = parseOpCall(text, call.start, call.end, layout.bound);
    if (!parsed) return undefined;
    let read: StatementReading | 'later' | undefined;
    const first = parsed.args[0];
    if (parsed.name === 'execute' && parsed.args.length === 1 && first.keyword === undefined && first.value.kind === 'string') {
      const written = writtenSqlActions(file, text, lines, fn.name, first.value.value, whole, !inBlock);
      // COMMIT or BEGIN changes where the statements after it run: the general reading follows that.
      if (written.actions.some((action) => action.kind === 'transaction')) return undefined;
      read = { steps: 1, ...written };
    } else if (parsed.name === 'create_table' && mask) {
      read = createTableReading(text, parsed.args, { lines, whole }, context, contextKey, layout.bound);
    } else {
      const masked = maskedStatement(text, parsed.name, parsed.args, mask);
      if (!masked) return undefined;
      const template = templateFor(contextKey, masked.statement.text, () => makeTemplate(masked.statement, context));
      if (template === null) return undefined;
      read = template === 'later' ? 'later' : { steps: template.steps, ...fill(template, { lines, whole, argStarts: parsed.args.map((arg) => arg.start), spans: masked.spans, names: masked.names }) };
    }
    if (read === undefined) return undefined;
    if (read === 'later') {
      later = true;
      continue;
    }
    steps += read.steps;
    actions.push(...read.actions);
    syntaxErrors.push(...read.syntaxErrors);
  }
  if (later) return 'later';
  const nameStart = fn.defStart + 'def '.length;
  const linted: LintedFunction = {
    fn: fn.name,
    range: lines.rangeOf(fn.defStart, fn.bodyEnd),
    nameRange: lines.rangeOf(nameStart, nameStart + fn.name.length),
    actions,
    empty: steps === 0,
  };
  return { linted, syntaxErrors };
}
