/**
 * Reads env.py statically for the `context.configure(...)` keywords the engine needs:
 * `version_table`, `version_table_schema`, `transaction_per_migration`. Every configure call
 * counts (env.py usually has one for offline and one for online mode); when they agree the value
 * is known, otherwise it is unknown with the reason. Nothing is guessed.
 */
import type { Known } from '../common/known';
import { LineIndex, type SourceLocation } from '../common/range';
import { childrenOf, parsePython, textOf, type SyntaxNode } from './parser';
import { stringLiteralOf } from './headerValue';
import { isContextConfigure } from './alembicContext';
import { splatEntriesOf } from './splatDict';
import { envPyString, type StringContext } from './envPyStrings';
import { joinPosix } from '../common/posixPath';
import { ownSqlLines, type OwnSqlLines } from './envPyOwnSql';
import { modeRaisesOf, type ModeRaises } from './envPyModeRaises';
import { connectionSqlOf, type ConnectionSql } from './envPyConnectionSql';
import { connectArgsSqlOf } from './envPyConnectArgs';
import { autocommitIsolationOf } from './envPyIsolationLevel';
import { offlineOutputOf, type OfflineOutput } from './envPyOutputBuffer';

/** Facts read from env.py's `context.configure(...)` calls. */
export interface EnvPyFacts extends ModeFacts {
  file?: string;
  /**
   * The same facts from the offline calls (`configure(url=...)`, what `--sql` runs) and from the
   * online ones (`configure(connection=...)`, what a run against a database does), when env.py
   * has both kinds: they may differ (warehouse sets transaction_per_migration in its online call
   * only), and each mode reads its own. Absent: every call counts for both (the fields above).
   */
  modes?: { offline: ModeFacts; online: ModeFacts };
  /**
   * env.py begins a transaction of its own around the migrations (`with connectable.begin() as
   * connection:`, `connection.begin()`): Alembic then runs them all in it, whatever
   * transaction_per_migration says, and its autocommit_block() fails (AssertionError). The line of
   * the first such call; absent when env.py has none.
   */
  externalTransaction?: { line: number };
  /**
   * env.py calls neither `context.configure()` nor `run_migrations()` itself: a function of a
   * library does (sourcehut's `alembic_env()`, Synerty's `AlembicEnvBase(...).run()`), with
   * options the engine cannot read. The call (as written) and its line, for a warning.
   */
  configuredElsewhere?: { line: number; call: string };
  /**
   * env.py calls `.commit()` after `run_migrations()` (pypi/warehouse: `context.get_bind().commit()`):
   * what a migration leaves in a transaction it began itself is committed there. Its line.
   */
  commitsAfterRun?: { line: number };
  /**
   * env.py emits SQL of its own with `context.execute(...)`: the line of the first call per mode
   * it runs in (python/envPyOwnSql.ts). Absent when it has none.
   */
  ownSql?: OwnSqlLines;
  /**
   * env.py raises instead of running the migrations, per mode (CodeChecker's `if
   * context.is_offline_mode(): raise NotImplementedError(...)`; python/envPyModeRaises.ts): the
   * raise and its line. Absent when it has none the engine can see.
   */
  raises?: ModeRaises;
  /**
   * SQL env.py's online path runs on its connection before Alembic takes it
   * (`connection.execute(text("SET search_path TO app"))`): the statements when the engine can
   * run them as Alembic does, or why not (python/envPyConnectionSql.ts). Absent when it has none.
   */
  connectionSql?: ConnectionSql;
  /**
   * env.py gives its connection a `schema_translate_map` (execution options of the engine or the
   * connection): SQLAlchemy then renders every table of the migrations' constructs, and Alembic's
   * version table, in the schemas it maps to, which the online engine does not follow. Its line.
   */
  schemaTranslateMap?: { line: number };
  /**
   * env.py's migrations run with isolation_level AUTOCOMMIT (or one not known statically):
   * every statement commits on its own in Alembic (python/envPyIsolationLevel.ts). The line (0:
   * the ini's option) and why.
   */
  autocommitIsolation?: { line: number; why: string };
  /**
   * The offline configure call gives `output_buffer=`: Alembic writes the `--sql` script to the
   * files listed (the multidb template's `<database>.sql`), or somewhere the engine does not
   * follow (python/envPyOutputBuffer.ts). Absent: standard output.
   */
  offlineOutput?: OfflineOutput;
}

export interface ModeFacts {
  versionTable: Known<string>;
  versionTableSchema: Known<string | null>;
  transactionPerMigration: Known<boolean>;
}

type Literal = string | boolean | null;

interface KeywordSpec<T> {
  keyword: string;
  fallback: T;
  accepts(value: Literal): value is T & Literal;
}

const SPECS: {
  versionTable: KeywordSpec<string>;
  versionTableSchema: KeywordSpec<string | null>;
  transactionPerMigration: KeywordSpec<boolean>;
} = {
  versionTable: { keyword: 'version_table', fallback: 'alembic_version', accepts: (v: Literal): v is string => typeof v === 'string' },
  versionTableSchema: { keyword: 'version_table_schema', fallback: null, accepts: (v: Literal): v is string | null => v === null || typeof v === 'string' },
  transactionPerMigration: { keyword: 'transaction_per_migration', fallback: false, accepts: (v: Literal): v is boolean => typeof v === 'boolean' },
};

/**
 * What alembic.ini gives `config.get_section_option(section, name)` (section undefined: the main
 * section, as `get_main_option`): the value, 'absent' when the section has no such option (the
 * call's default then), or why it is not known (no ini, no such section: Alembic raises).
 */
export type ConfigOptionReader = (section: string | undefined, name: string) => { value: string } | 'absent' | { unknown: string };

/** One keyword as seen in one configure call. */
type Seen = { kind: 'absent'; location: SourceLocation; hasSplat: boolean } | { kind: 'literal'; value: Literal; location: SourceLocation } | { kind: 'expression'; text: string; location: SourceLocation };

/** What env.py reads from outside its text: alembic.ini's options, the process's environment variables. */
export interface EnvPyInputs {
  configOption?: ConfigOptionReader;
  /** The variable's value in the environment the command runs in; undefined when it is not set. */
  environmentVariable?: (name: string) => string | undefined;
  /** script_location as the configuration writes it (env.py's `__file__` is it joined with env.py); undefined: env.py's own path. */
  scriptLocation?: string;
}

export function readEnvPy(file: string, text: string, inputs: EnvPyInputs = {}): EnvPyFacts {
  const lines = new LineIndex(text);
  const tree = parsePython(text);
  const constants = new Map<string, Literal>();
  const strings: StringContext = {
    known: (name) => constants.get(name),
    // Alembic loads env.py from os.path.join(script_location, "env.py"), script_location as written.
    dunderFile: inputs.scriptLocation === undefined ? file : joinPosix(inputs.scriptLocation, 'env.py'),
    absoluteFile: file,
    importsOs: importsOs(text),
  };
  readModuleConstants(text, tree.topNode, constants, strings);
  const options: ValueContext = { constants, strings, ...inputs };
  const calls: SyntaxNode[] = [];
  tree.iterate({
    enter(node) {
      if (node.name === 'CallExpression' && isConfigureCallee(text, node.node.firstChild)) calls.push(node.node);
    },
  });
  const locate = (node: SyntaxNode): SourceLocation => ({ file, range: lines.rangeOf(node.from, node.to) });
  const seenPerCall = calls.map((call) => keywordsOf(text, call, options, locate));
  const facts: EnvPyFacts = { file, ...factsOf(seenPerCall) };
  // A call given `connection=` runs online; the others (url=, dialect_name=) offline.
  const online = seenPerCall.filter((seen) => seen.has('connection'));
  const offline = seenPerCall.filter((seen) => !online.includes(seen));
  if (online.length > 0 && offline.length > 0) facts.modes = { offline: factsOf(offline), online: factsOf(online) };
  const begun = externalTransactionLine(text);
  if (begun !== undefined) facts.externalTransaction = { line: begun };
  const autocommit = autocommitIsolationOf(text, inputs.configOption);
  if (autocommit) facts.autocommitIsolation = autocommit;
  const translated = schemaTranslateMapLine(text);
  if (translated !== undefined) facts.schemaTranslateMap = { line: translated };
  const committed = commitAfterRunLine(text);
  if (committed !== undefined) facts.commitsAfterRun = { line: committed };
  const ownSql = ownSqlLines(text, tree.topNode, calls.map((node, at) => ({ node, online: seenPerCall[at].has('connection') })), (offset) => lines.positionAt(offset).line + 1);
  if (ownSql.offline !== undefined || ownSql.online !== undefined) facts.ownSql = ownSql;
  const raises = modeRaisesOf(text, tree.topNode, (offset) => lines.positionAt(offset).line + 1);
  if (raises.offline || raises.online) facts.raises = raises;
  const lineAt = (offset: number): number => lines.positionAt(offset).line + 1;
  const offlineCalls = calls.flatMap((node, at) => (seenPerCall[at].has('connection') ? [] : [{ node, givesOutputBuffer: seenPerCall[at].has('output_buffer') }]));
  const offlineOutput = offlineOutputOf(text, offlineCalls, strings, inputs.configOption, lineAt);
  if (offlineOutput) facts.offlineOutput = offlineOutput;
  // The engine's connect_args apply when each connection starts: before anything env.py runs on it.
  const connectionSql = bothInOrder(connectArgsSqlOf(text, tree.topNode, lineAt, strings), connectionSqlOf(text, tree.topNode, calls.map((node, at) => ({ node, online: seenPerCall[at].has('connection') })), lineAt, strings));
  if (connectionSql) facts.connectionSql = connectionSql;
  const elsewhere = calls.length === 0 ? configuringCall(text, tree.topNode) : undefined;
  if (elsewhere) facts.configuredElsewhere = { line: lines.positionAt(elsewhere.from).line + 1, call: textOf(text, elsewhere).replace(/\s+/g, ' ').slice(0, 80) };
  return facts;
}

/** What the connection runs from both sources, `first`'s before; the first refusal when either refuses. */
function bothInOrder(first: ConnectionSql | undefined, then: ConnectionSql | undefined): ConnectionSql | undefined {
  if (first?.kind === 'refused' || !then) return first;
  if (then.kind === 'refused' || !first) return then;
  return { kind: 'followed', statements: [...first.statements, ...then.statements] };
}

/** The line of env.py's first `schema_translate_map` outside comments. */
function schemaTranslateMapLine(text: string): number | undefined {
  const at = text.split('\n').findIndex((line) => /\bschema_translate_map\b/.test(line.replace(/#.*$/, '')));
  return at >= 0 ? at + 1 : undefined;
}

/** The line of the first `.commit()` written after env.py's first `run_migrations(` (comments left out). */
function commitAfterRunLine(text: string): number | undefined {
  const lines = text.split('\n');
  let ran = false;
  for (let at = 0; at < lines.length; at++) {
    const code = lines[at].replace(/#.*$/, '');
    if (!ran) ran = /\brun_migrations\s*\(/.test(code);
    else if (/\.commit\s*\(\s*\)/.test(code)) return at + 1;
  }
  return undefined;
}

/**
 * With no configure() call in env.py: the top-level call that runs the migrations in its stead,
 * when env.py does not call run_migrations() either (the last call statement other than
 * logging's fileConfig); undefined when env.py runs them itself or calls nothing.
 */
function configuringCall(text: string, top: SyntaxNode): SyntaxNode | undefined {
  if (/\brun_migrations\s*\(/.test(text)) return undefined;
  // The last one: Synerty's env.py loads its models first, then `alembicEnv.run()`.
  let last: SyntaxNode | undefined;
  for (const statement of childrenOf(top)) {
    if (statement.name !== 'ExpressionStatement') continue;
    const call = statement.firstChild;
    if (call?.name !== 'CallExpression' || /^(?:logging\.config\.)?fileConfig\b/.test(textOf(text, call))) continue;
    last = call;
  }
  return last;
}

/**
 * `<engine or connection>.begin()` outside comments: SQLAlchemy's own transaction, which Alembic's
 * migration context then finds already begun (not `context.begin_transaction()`, `begin_nested()`).
 * A `with ....begin():` block that neither configures nor runs the migrations (a `SET` or
 * `CREATE SCHEMA` committed before them) has ended before they run and does not count; nor does a
 * `begin()` after the last mention of the migrations.
 */
function externalTransactionLine(text: string): number | undefined {
  const lines = text.split('\n').map((line) => line.replace(/#.*$/, ''));
  const runs = migrationRunPattern(text);
  for (let at = 0; at < lines.length; at++) {
    const code = lines[at];
    if (!/\b(?!context\b)[A-Za-z_]\w*(?:\(\))?\.begin\(\)/.test(code)) continue;
    const block = /^(\s*)(?:async\s+)?with\b.*\.begin\(\).*:\s*$/.exec(code);
    const reach = block ? blockLines(lines, at, block[1].length) : lines.slice(at);
    if (reach.some((line) => runs.test(line))) return at + 1;
  }
  return undefined;
}

/**
 * What configures or runs the migrations: `configure(`, `run_migrations`, `run_sync(` (an async
 * env.py hands the connection to a function), or a call of a function of env.py that does.
 */
function migrationRunPattern(text: string): RegExp {
  const names = ['configure\\(', 'run_migrations', 'run_sync\\('];
  for (const match of text.matchAll(/^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)[\s\S]*?(?=^\S|(?![\s\S]))/gm)) {
    if (/configure\(|run_migrations/.test(match[0])) names.push(`\\b${match[1]}\\b`);
  }
  return new RegExp(names.join('|'));
}

/** The lines of the block opened at `at` (indented deeper than `indent`), its opening line included. */
function blockLines(lines: readonly string[], at: number, indent: number): string[] {
  const block = [lines[at]];
  for (let next = at + 1; next < lines.length; next++) {
    const line = lines[next];
    if (line.trim().length === 0) continue;
    if (/^\s*/.exec(line)![0].length <= indent) break;
    block.push(line);
  }
  return block;
}

function factsOf(seenPerCall: Map<string, Seen>[]): ModeFacts {
  return {
    versionTable: decide(SPECS.versionTable, seenPerCall),
    versionTableSchema: decide(SPECS.versionTableSchema, seenPerCall),
    transactionPerMigration: decide(SPECS.transactionPerMigration, seenPerCall),
  };
}

/** The facts a mode reads: its own calls' when env.py has both kinds. */
export function envPyFactsFor(facts: EnvPyFacts, mode: 'offline' | 'online'): ModeFacts {
  const own = facts.modes?.[mode] ?? facts;
  // Inside env.py's own transaction Alembic never begins one per migration (online only).
  if (mode === 'online' && facts.externalTransaction && own.transactionPerMigration.state !== 'default') return { ...own, transactionPerMigration: { state: 'default', value: false } };
  return own;
}

/** The defaults Alembic uses when there is no env.py to read. */
export function defaultEnvPyFacts(): EnvPyFacts {
  return {
    versionTable: { state: 'default', value: 'alembic_version' },
    versionTableSchema: { state: 'default', value: null },
    transactionPerMigration: { state: 'default', value: false },
  };
}

/** Alembic's `context.configure`, however env.py imported it (python/alembicContext.ts). */
function isConfigureCallee(text: string, callee: SyntaxNode | null): boolean {
  if (!callee || (callee.name !== 'MemberExpression' && callee.name !== 'VariableName')) return false;
  return isContextConfigure(textOf(text, callee), text);
}

/** What a keyword's value may be read from besides its own text. */
interface ValueContext extends EnvPyInputs {
  /** Module-level `NAME = <literal>` assignments. */
  constants: Map<string, Literal>;
  /** Strings env.py computes from its own path and known names (python/envPyStrings.ts). */
  strings: StringContext;
}

function keywordsOf(
  text: string,
  call: SyntaxNode,
  options: ValueContext,
  locate: (node: SyntaxNode) => SourceLocation,
): Map<string, Seen> {
  const constants = options.constants;
  const args = childrenOf(call).find((child) => child.name === 'ArgList');
  const seen = new Map<string, Seen>();
  if (!args) return seen;
  const parts = childrenOf(args);
  let hasSplat = parts.some((part) => part.name === '**');
  // `context.configure(**kwargs)` with a dict written out in the file (built in the function, as
  // neutron's sub-projects do, or at module level, as datalens does): its keys are read as keywords.
  const splatAt = parts.findIndex((part) => part.name === '**');
  const onlySplat = parts.filter((part) => part.name === '**').length === 1 && parts[splatAt + 1] !== undefined;
  const built = onlySplat ? splatEntriesOf(text, call, parts[splatAt + 1]) : undefined;
  if (built) {
    hasSplat = false;
    for (const [keyword, entry] of built) {
      const literal = entry.certain ? literalOf(text, entry.value, constants, options.strings) : undefined;
      seen.set(keyword, literal === undefined ? { kind: 'expression', text: textOf(text, entry.value).slice(0, 60), location: locate(entry.value) } : { kind: 'literal', value: literal, location: locate(entry.value) });
    }
  }
  for (let i = 0; i + 2 < parts.length; i++) {
    if (parts[i].name !== 'VariableName' || parts[i + 1].name !== 'AssignOp') continue;
    const keyword = textOf(text, parts[i]);
    const valueNode = parts[i + 2];
    // None is a value (null), not "not known" (undefined): `version_table_schema=None` was refused.
    const literal = definedOr(literalOf(text, valueNode, constants, options.strings), () => configValueOf(text, valueNode, call, options));
    seen.set(keyword, literal === undefined ? { kind: 'expression', text: textOf(text, valueNode).slice(0, 60), location: locate(valueNode) } : { kind: 'literal', value: literal, location: locate(valueNode) });
  }
  for (const spec of Object.values(SPECS)) {
    if (!seen.has(spec.keyword)) seen.set(spec.keyword, { kind: 'absent', location: locate(call), hasSplat });
  }
  return seen;
}

/**
 * A value read from alembic.ini or the environment: `config.get_main_option("name"[, default])`,
 * `config.get_section_option("section", "name"[, default])` (on `config` or `context.config`),
 * `os.environ.get("X"[, default])`, `os.getenv(...)`, `os.environ["X"]`; written in the call or
 * assigned once, unconditionally, to a name in the function that makes the call
 * (daf_butler_migrate's `schema = config.get_section_option("daf_butler_migrate", "schema")`).
 * Undefined when it is none of those or the answer is not certain.
 */
function configValueOf(text: string, node: SyntaxNode, call: SyntaxNode, options: ValueContext): Literal | undefined {
  if (node.name === 'VariableName') {
    const assigned = onlyAssignmentBefore(text, textOf(text, node), call);
    return assigned ? definedOr(configValueOf(text, assigned, call, options), () => literalOf(text, assigned, options.constants, options.strings)) : undefined;
  }
  if (node.name === 'MemberExpression') return environmentItemOf(text, node, options);
  if (node.name !== 'CallExpression') return undefined;
  const callee = node.firstChild;
  const args = childrenOf(node).find((child) => child.name === 'ArgList');
  if (!callee || callee.name !== 'MemberExpression' || !args) return undefined;
  const calleeText = textOf(text, callee).replace(/\s/g, '');
  if (calleeText === 'os.environ.get' || calleeText === 'os.getenv') return environmentGetOf(text, args, options);
  if (!options.configOption) return undefined;
  const method = /^(?:context\.)?config\.(get_main_option|get_section_option)$/.exec(calleeText)?.[1];
  // `config` must be Alembic's Config object, as the templates name it.
  if (!method || (!calleeText.startsWith('context.') && !/^config\s*=\s*context\.config\b/m.test(text))) return undefined;
  const values = childrenOf(args).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name));
  // Positional string arguments only (a keyword or a splat is not followed).
  if (values.some((part) => part.name === 'VariableName' && part.nextSibling?.name === 'AssignOp') || values.some((part) => part.name === '*' || part.name === '**')) return undefined;
  const strings = values.map((part) => (part.name === 'None' ? null : stringLiteralOf(part, text)));
  const [section, name, fallback] = method === 'get_main_option' ? [undefined, strings[0], strings[1]] : strings;
  const arity = method === 'get_main_option' ? 2 : 3;
  if (values.length > arity || typeof name !== 'string' || section === null || (method === 'get_section_option' && typeof section !== 'string')) return undefined;
  if (fallback === undefined && values.length === arity) return undefined;
  const answer = options.configOption(section ?? undefined, name);
  if (answer === 'absent') return fallback ?? null;
  return 'value' in answer ? answer.value : undefined;
}

/** Plain `import os` at the top of env.py: `os` is the standard module. */
function importsOs(text: string): boolean {
  return /^import\s+os\s*(?:#.*)?$/m.test(text);
}

/** `os.environ.get("X"[, default])` / `os.getenv(...)`: the variable's value, else the default (None without one). */
function environmentGetOf(text: string, args: SyntaxNode, options: ValueContext): Literal | undefined {
  if (!options.environmentVariable || !importsOs(text)) return undefined;
  const values = childrenOf(args).filter((part) => !['(', ')', ',', 'Comment'].includes(part.name));
  if (values.length < 1 || values.length > 2 || values.some((part) => part.nextSibling?.name === 'AssignOp' || part.name === '*' || part.name === '**')) return undefined;
  const name = stringLiteralOf(values[0], text);
  const fallback = values[1] === undefined ? null : values[1].name === 'None' ? null : stringLiteralOf(values[1], text);
  if (name === undefined || fallback === undefined) return undefined;
  return options.environmentVariable(name) ?? fallback;
}

/** `os.environ["X"]`: the variable's value; unset, Python raises KeyError (not known). */
function environmentItemOf(text: string, node: SyntaxNode, options: ValueContext): Literal | undefined {
  if (!options.environmentVariable || !importsOs(text)) return undefined;
  const parts = childrenOf(node).filter((part) => part.name !== '[' && part.name !== ']');
  if (parts.length !== 2 || textOf(text, parts[0]).replace(/\s/g, '') !== 'os.environ') return undefined;
  const name = stringLiteralOf(parts[1], text);
  return name === undefined ? undefined : options.environmentVariable(name);
}

/**
 * The value node of the one assignment `name = <value>` in the function around `call`, made
 * before the call and not under an `if`, a loop or a `try` (a `with` block runs its body);
 * undefined when the name is assigned anywhere else in the function (twice, conditionally) or
 * not at all. Nested functions and classes are other scopes.
 */
function onlyAssignmentBefore(text: string, name: string, call: SyntaxNode): SyntaxNode | undefined {
  let fn: SyntaxNode | null = call.parent;
  while (fn && fn.name !== 'FunctionDefinition') fn = fn.parent;
  const body = fn ? childrenOf(fn).find((part) => part.name === 'Body') : undefined;
  if (!body) return undefined;
  let found: SyntaxNode | undefined;
  let assignments = 0;
  const visit = (node: SyntaxNode, unconditional: boolean): void => {
    if (node.name === 'FunctionDefinition' || node.name === 'ClassDefinition' || node.name === 'LambdaExpression') return;
    if (node.name === 'AssignStatement' || node.name === 'UpdateStatement') {
      const parts = childrenOf(node).filter((part) => part.name !== 'Comment' && part.name !== 'TypeDef');
      const assigns = node.name === 'UpdateStatement' ? parts[0] !== undefined && textOf(text, parts[0]) === name : parts.some((part) => part.name === 'VariableName' && textOf(text, part) === name && part.nextSibling?.name === 'AssignOp');
      if (assigns) {
        assignments++;
        if (unconditional && node.to <= call.from && node.name === 'AssignStatement' && parts.length === 3 && parts[1].name === 'AssignOp') found = parts[2];
      }
      return;
    }
    const stays = unconditional && (node.name === 'WithStatement' || node.name === 'Body');
    for (const child of childrenOf(node)) visit(child, stays);
  };
  for (const statement of childrenOf(body)) visit(statement, true);
  return assignments === 1 ? found : undefined;
}

function literalOf(text: string, node: SyntaxNode, constants: Map<string, Literal>, strings?: StringContext): Literal | undefined {
  if (node.name === 'None') return null;
  if (node.name === 'Boolean') return textOf(text, node) === 'True';
  if (node.name === 'VariableName' && constants.has(textOf(text, node))) return constants.get(textOf(text, node));
  const plain = node.name === 'VariableName' ? undefined : stringLiteralOf(node, text);
  return plain ?? (strings ? envPyString(text, node, strings) : undefined);
}

/** `value` unless it is undefined (null, Python's None, is a known value). */
function definedOr(value: Literal | undefined, otherwise: () => Literal | undefined): Literal | undefined {
  return value !== undefined ? value : otherwise();
}

/**
 * Module-level `NAME = <literal>` assignments (last one wins), for `version_table=VERSION_TABLE`;
 * strings computed from known ones count too (CKAN's `name = os.path.basename(os.path.dirname(__file__))`).
 */
function readModuleConstants(text: string, top: SyntaxNode, constants: Map<string, Literal>, strings: StringContext): void {
  for (const statement of childrenOf(top)) {
    if (statement.name !== 'AssignStatement') continue;
    const parts = childrenOf(statement);
    if (parts.length !== 3 || parts[0].name !== 'VariableName' || parts[1].name !== 'AssignOp') continue;
    const value = literalOf(text, parts[2], constants, strings);
    if (value === undefined) constants.delete(textOf(text, parts[0]));
    else constants.set(textOf(text, parts[0]), value);
  }
}

function decide<T>(spec: KeywordSpec<T>, calls: Map<string, Seen>[]): Known<T> {
  if (calls.length === 0) return { state: 'default', value: spec.fallback };
  const views = calls.map((call) => call.get(spec.keyword)!);
  const unknown = views.find((view) => view.kind === 'expression' || (view.kind === 'absent' && view.hasSplat));
  if (unknown) {
    const reason = unknown.kind === 'expression' ? `${spec.keyword}=${unknown.text} is not a literal` : `${spec.keyword} may come from **kwargs`;
    return { state: 'unknown', location: unknown.location, reason };
  }
  const values = views.map((view) => (view.kind === 'literal' ? view.value : (spec.fallback as Literal)));
  const first = values[0];
  if (values.some((value) => value !== first)) {
    return { state: 'unknown', location: views[0].location, reason: `context.configure() calls disagree on ${spec.keyword} (${values.map((v) => JSON.stringify(v)).join(' vs ')})` };
  }
  if (!spec.accepts(first)) {
    return { state: 'unknown', location: views[0].location, reason: `${spec.keyword}=${JSON.stringify(first)} has the wrong type` };
  }
  const literal = views.find((view) => view.kind === 'literal');
  if (!literal) return { state: 'default', value: spec.fallback };
  return { state: 'literal', value: first as T, location: literal.location };
}
