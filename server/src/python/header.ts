/**
 * Reads a migration file's header statically: `revision`, `down_revision`, `branch_labels`,
 * `depends_on`, the docstring, `upgrade`/`downgrade` signatures and module imports. Never throws;
 * never guesses: a value that is not a literal (or an imported constant, recorded as a reference
 * for the project layer to resolve) becomes a problem with its range.
 *
 * Speed: when nothing after the first top-level def/class can reassign a header variable, the
 * tree-less reader (literalHeader.ts) reads template-shaped headers; otherwise lezer parses the
 * module prefix before the first def/class when that parses cleanly, else the whole file.
 * `{ full: true }` forces a full parse (open editors want every syntax error).
 */
import type { Problem } from '../common/problem';
import { LineIndex } from '../common/range';
import { ANNOTATIONS, ownStrings } from '../common/ownedStrings';
import { emptyList, orEmpty } from '../common/emptyList';
import { childrenOf, parseOpenFile, parsePython, textOf, type SyntaxNode, type Tree } from './parser';
import { readLiteralHeader } from './literalHeader';
import {
  HEADER_FIELD_OF,
  HEADER_VARIABLE_NAMES,
  type FunctionInfo,
  type HeaderVariable,
  type HeaderVariableName,
  type ImportInfo,
  newMigrationHeader,
  type HeaderUnderConstruction,
  type MigrationHeader,
} from './headerTypes';
import { bindingsOf, readImport } from './imports';
import { evaluateHeaderValue, stringLiteralOf } from './headerValue';
import { readDocstring } from './docstring';
import { firstTopLevelDefinition, mayAssignHeaderLater } from './moduleLayout';
import { functionInfoOf, scanFunctionSignatures } from './functions';
import { SYNTAX_PROBLEM_LIMIT, syntaxProblems } from './syntaxProblems';

export * from './headerTypes';

export interface ReadHeaderOptions {
  /** Parse the whole file even when the prefix would do (reports every syntax error). */
  full?: boolean;
  /**
   * Read the `upgrade`/`downgrade` signatures when only the prefix is parsed (default true). The
   * cold index turns this off for files that are not open: nothing reads them there, and they
   * cost as much as the header itself. A full parse always has them.
   */
  signatures?: boolean;
  /**
   * Try the tree-less reader (literalHeader.ts) first (default true). Tests turn it off to check
   * that it returns exactly what the lezer readers return.
   */
  literal?: boolean;
}

const HEADER_NAME_SET = new Set<string>(HEADER_VARIABLE_NAMES);
/** The path comes from the file listing and annotations from the pool: nothing to detach. */
const KEEP_AS_IS = new Set(['file', 'annotation']);
const COMPOUND_STATEMENTS = new Set(['IfStatement', 'TryStatement', 'WithStatement', 'ForStatement', 'WhileStatement']);

export function readMigrationHeader(path: string, text: string, options: ReadHeaderOptions = {}): MigrationHeader {
  const lines = new LineIndex(text);
  let header = newMigrationHeader(path, true);
  let literalOnly = false;
  try {
    const cut = options.full ? text.length : firstTopLevelDefinition(text);
    let tree: Tree | undefined;
    if (cut < text.length && !mayAssignHeaderLater(text, cut)) {
      const literal = options.literal !== false ? readLiteralHeader(path, text, cut, lines) : undefined;
      literalOnly = literal !== undefined;
      if (literal) {
        header = literal;
      } else {
        const prefixTree = parsePython(text.slice(0, cut));
        if (syntaxProblems(path, prefixTree, lines, 1).length === 0) {
          tree = prefixTree;
          header.parsedWholeFile = false;
        }
      }
    }
    if (header.parsedWholeFile || tree) {
      // An open file is parsed whole on every edit: reuse its previous tree (parser.ts).
      tree ??= options.full ? parseOpenFile(path, text) : parsePython(text);
      readModule(path, text, tree, lines, header);
    }
    if (!header.parsedWholeFile && options.signatures !== false) {
      for (const info of scanFunctionSignatures(text, cut, lines)) header[info.name] ??= info;
    }
    if (tree) header.problems.push(...syntaxProblems(path, tree, lines, SYNTAX_PROBLEM_LIMIT, header.parsedWholeFile ? text : undefined));
    checkRequired(path, text, lines, header);
    // The tree-less reader stores owned strings itself; the lezer readers slice freely.
    if (!literalOnly) ownStrings(header, KEEP_AS_IS);
    return finished(header);
  } catch (error) {
    // Reading never throws; a bug here must still leave a usable (empty) header and a visible problem.
    header.problems = [
      ...header.problems,
      {
        code: 'python-syntax-error',
        severity: 'error',
        message: `Could not read this file: ${error instanceof Error ? error.message : String(error)}`,
        file: path,
        range: lines.rangeOf(0, 0),
        related: [],
      },
    ];
  }
  return header;
}

/** The header as readers hand it out: empty lists become the shared frozen one. */
function finished(header: HeaderUnderConstruction): MigrationHeader {
  const done: MigrationHeader = header;
  done.imports = orEmpty(header.imports);
  done.problems = orEmpty(header.problems);
  return done;
}

function readModule(path: string, text: string, tree: Tree, lines: LineIndex, header: HeaderUnderConstruction): void {
  const localStrings = new Map<string, string>();
  // Comments are nodes too; the docstring is the first real statement. Statements a `;` joins on
  // one line (`revision = "a1"; down_revision = None`) are statements like the others.
  const statements = childrenOf(tree.topNode).flatMap(simpleStatements).filter((node) => node.name !== 'Comment');
  statements.forEach((statement, index) => {
    if (index === 0 && statement.name === 'ExpressionStatement') {
      const only = statement.firstChild;
      if (only && only.name === 'String' && !only.nextSibling) header.docstring = readDocstring(text, only, lines);
      return;
    }
    if (statement.name === 'ImportStatement') {
      const info = readImport(text, statement, lines);
      if (info) header.imports.push(info);
    } else if (statement.name === 'AssignStatement') {
      readAssignment(path, text, statement, lines, header, localStrings);
    } else if (statement.name === 'UpdateStatement') {
      markNonLiteral(path, text, statement, lines, header, 'is updated in place');
    } else if (COMPOUND_STATEMENTS.has(statement.name)) {
      readCompound(path, text, statement, lines, header);
    } else if (statement.name === 'FunctionDefinition' || statement.name === 'DecoratedStatement') {
      const definition = statement.name === 'DecoratedStatement' ? childrenOf(statement).find((c) => c.name === 'FunctionDefinition') : statement;
      const info = definition ? functionInfoOf(text, definition, text, lines) : undefined;
      if (info) header[info.name] = info as FunctionInfo;
    }
  });
}

function readAssignment(
  path: string,
  text: string,
  statement: SyntaxNode,
  lines: LineIndex,
  header: HeaderUnderConstruction,
  localStrings: Map<string, string>,
): void {
  const parts = childrenOf(statement);
  const lastAssign = findLastIndex(parts, (part) => part.name === 'AssignOp');
  if (lastAssign < 0 || lastAssign === parts.length - 1) return; // annotation only: binds nothing
  const valueNodes = parts.slice(lastAssign + 1);
  const targets = parts.slice(0, lastAssign).filter((part) => part.name === 'VariableName');
  // `a, b = ...` unpacks: the header variables in it cannot be read as plain literals.
  const unpacking = parts.slice(0, lastAssign).some((part) => part.name === ',');
  const typeDef = parts.find((part) => part.name === 'TypeDef');
  for (const target of targets) {
    const name = textOf(text, target);
    if (!HEADER_NAME_SET.has(name)) {
      const literal = valueNodes.length === 1 ? stringLiteralOf(valueNodes[0], text) : undefined;
      if (literal !== undefined && !unpacking) localStrings.set(name, literal);
      else localStrings.delete(name);
      continue;
    }
    if (unpacking) {
      markNonLiteral(path, text, statement, lines, header, 'is assigned by unpacking', target);
      continue;
    }
    const variableName = name as HeaderVariableName;
    const problems: Problem[] = [];
    const value = evaluateHeaderValue(variableName, valueNodes, {
      file: path,
      source: text,
      lines,
      bindings: cachedBindings(header.imports),
      localStrings,
      problems,
    });
    const annotation = typeDef ? childrenOf(typeDef).filter((part) => part.name !== ':') : [];
    const variable: HeaderVariable = {
      name: variableName,
      value,
      nameRange: lines.rangeOf(target.from, target.to),
      statementRange: lines.rangeOf(statement.from, statement.to),
      annotation: annotation.length > 0 ? ANNOTATIONS.own(text.slice(annotation[0].from, annotation[annotation.length - 1].to)) : undefined,
    };
    setVariable(header, variable, problems);
  }
}

/** Last assignment wins, like Python: drop the problems of the value it replaces. */
function setVariable(header: HeaderUnderConstruction, variable: HeaderVariable, problems: Problem[]): void {
  const previous = header[HEADER_FIELD_OF[variable.name]];
  if (previous) {
    const replaced = previous.statementRange;
    header.problems = header.problems.filter(
      (problem) => !(problem.data?.variable === variable.name && within(problem.range.start.line, replaced)),
    );
  }
  header[HEADER_FIELD_OF[variable.name]] = variable;
  header.problems.push(...problems);
}

function within(line: number, range: { start: { line: number }; end: { line: number } }): boolean {
  return line >= range.start.line && line <= range.end.line;
}

/** The statements of a `;`-joined line, or the statement itself. */
function simpleStatements(node: SyntaxNode): SyntaxNode[] {
  return node.name === 'StatementGroup' ? childrenOf(node).filter((part) => part.name !== ';') : [node];
}

/** Header variables assigned inside module-level if/try/with/for/while: which value wins depends on run time. */
function readCompound(path: string, text: string, statement: SyntaxNode, lines: LineIndex, header: HeaderUnderConstruction): void {
  const stack: SyntaxNode[] = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of childrenOf(node)) {
      if (child.name === 'FunctionDefinition' || child.name === 'ClassDefinition') continue;
      if (child.name === 'ImportStatement') {
        const info = readImport(text, child, lines);
        if (info) header.imports.push(info);
      } else if (child.name === 'AssignStatement' || child.name === 'UpdateStatement') {
        markNonLiteral(path, text, child, lines, header, `is assigned inside a module-level '${statement.name.replace('Statement', '').toLowerCase()}' block`);
      } else if (child.name === 'Body' || child.name === 'StatementGroup' || COMPOUND_STATEMENTS.has(child.name)) {
        stack.push(child);
      }
    }
  }
}

function markNonLiteral(
  path: string,
  text: string,
  statement: SyntaxNode,
  lines: LineIndex,
  header: HeaderUnderConstruction,
  why: string,
  onlyTarget?: SyntaxNode,
): void {
  const parts = childrenOf(statement);
  const operator = findLastIndex(parts, (part) => part.name === 'AssignOp' || part.name === 'UpdateOp');
  const targets = onlyTarget ? [onlyTarget] : parts.slice(0, Math.max(operator, 0)).filter((part) => part.name === 'VariableName');
  for (const target of targets) {
    const name = textOf(text, target);
    if (!HEADER_NAME_SET.has(name)) continue;
    const range = lines.rangeOf(statement.from, statement.to);
    const problem: Problem = {
      code: 'non-literal-value',
      severity: 'warning',
      message: `'${name}' ${why}; its value cannot be read statically.`,
      file: path,
      range,
      related: [],
      data: { variable: name },
    };
    setVariable(
      header,
      { name: name as HeaderVariableName, value: { shape: 'invalid', items: emptyList(), range }, nameRange: lines.rangeOf(target.from, target.to), statementRange: range, annotation: undefined },
      [problem],
    );
  }
}

/** Alembic needs `revision` (or a legacy hex file name) and `down_revision` in every file. */
function checkRequired(path: string, text: string, lines: LineIndex, header: HeaderUnderConstruction): void {
  if (header.revision && header.downRevision) return; // every well-formed file: nothing to compute
  const fileName = path.split(/[\\/]/).pop() ?? path;
  const firstLineEnd = Math.max(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  if (!header.revision) {
    const legacy = legacyRevisionFromFileName(fileName);
    if (legacy) header.revisionFromFileName = legacy;
    else {
      header.problems.push({
        code: 'missing-revision',
        severity: 'error',
        message: `Could not determine revision id from filename ${fileName}. Be sure the 'revision' variable is declared inside the script.`,
        file: path,
        range: lines.rangeOf(0, firstLineEnd),
        related: [],
      });
      return;
    }
  }
  if (!header.downRevision) {
    header.problems.push({
      code: 'missing-down-revision',
      severity: 'error',
      message: "The module-level variable 'down_revision' is missing; Alembic fails to load this file (use down_revision = None for a base).",
      file: path,
      range: header.revision ? header.revision.statementRange : lines.rangeOf(0, firstLineEnd),
      related: [],
    });
  }
}

/** Alembic 0.1 files: `<hex>.py` without a `revision` variable take the id from the name. */
function legacyRevisionFromFileName(fileName: string): string | undefined {
  if (!fileName.endsWith('.py')) return undefined;
  const stem = fileName.slice(0, -3);
  if (stem.length === 0) return undefined;
  for (const ch of stem) if (!('0123456789abcdef'.includes(ch))) return undefined;
  return stem;
}

/** Imports only grow while a module is read; rebuild the binding map only when they did. */
const bindingCache = new WeakMap<ImportInfo[], { count: number; bindings: ReturnType<typeof bindingsOf> }>();
function cachedBindings(imports: ImportInfo[]): ReturnType<typeof bindingsOf> {
  const cached = bindingCache.get(imports);
  if (cached && cached.count === imports.length) return cached.bindings;
  const bindings = bindingsOf(imports);
  bindingCache.set(imports, { count: imports.length, bindings });
  return bindings;
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return i;
  return -1;
}

