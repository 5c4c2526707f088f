/**
 * Session settings env.py gives its engine's connections through `connect_args`: libpq's
 * `options` (psycopg2, psycopg: `connect_args={"options": "-csearch_path=app"}`) and asyncpg's
 * `server_settings` (`connect_args={"server_settings": {"search_path": "app"}}`). PostgreSQL
 * applies them when the connection starts, so Alembic's version table and every unqualified name
 * of the migrations follow them: with `search_path=app` the tables land in `app`. The online
 * engine never runs env.py; without this it connected with no such setting and put them in
 * `public`, exit 0.
 *
 * Each setting becomes `SELECT pg_catalog.set_config(name, value, false)`, run first on the
 * engine's session (envPyConnectionStatements.ts): a session-level setting of the same raw
 * string a startup option gives (a `SET search_path = 'a,b'` would name one schema "a,b"). An
 * options string is split as PostgreSQL splits it (whitespace, a backslash escaping the next
 * character) and read as its `-c name=value` and `--name=value` switches; any other switch, a
 * value not known statically, or a `connect_args` whose keys cannot be read while env.py names
 * `options` or `server_settings` is refused with the line. Other keys (sslmode, timeouts of the
 * driver, application_name) change nothing the migrations see and are left alone.
 */
import { childrenOf, textOf, type SyntaxNode } from './parser';
import { envPyString, type StringContext } from './envPyStrings';
import { literalDictEntries, splatDictEntries, type SplatEntry } from './splatDict';
import type { ConnectionSql, ConnectionStatement } from './envPyConnectionSql';

/** The calls that make the engine env.py connects with, as written (a module prefix allowed). */
const ENGINE_MAKERS = /(?:^|\.)(?:engine_from_config|create_engine|async_engine_from_config|create_async_engine)$/;

/** The keys of connect_args that set the session, and the words that give them away in env.py. */
const SESSION_KEYS = ['options', 'server_settings'];
const NAMES_SESSION_KEYS = /["'](?:options|server_settings)["']|\b(?:options|server_settings)\s*=/;

type Settings = { kind: 'settings'; pairs: [string, string][] } | { kind: 'refused'; reason: string };

/** The settings of every engine env.py makes; undefined when none is given any. */
export function connectArgsSqlOf(text: string, top: SyntaxNode, lineOf: (offset: number) => number, strings: StringContext): ConnectionSql | undefined {
  const statements: ConnectionStatement[] = [];
  const cursor = top.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const call = cursor.node;
    const callee = call.firstChild;
    if (!callee || !ENGINE_MAKERS.test(textOf(text, callee).replace(/\s+/g, ''))) continue;
    const value = keywordValue(text, call, 'connect_args');
    if (!value) continue;
    const line = lineOf(value.from);
    const settings = settingsOf(text, call, value, strings);
    if (settings.kind === 'refused') return { kind: 'refused', line, reason: settings.reason };
    for (const [name, setting] of settings.pairs) statements.push({ line, sql: setConfigSql(name, setting) });
  } while (cursor.next());
  return statements.length > 0 ? { kind: 'followed', statements } : undefined;
}

/** What PostgreSQL sets at connection start for a startup option, as a statement of the session. */
export function setConfigSql(name: string, value: string): string {
  return `SELECT pg_catalog.set_config('${name.replace(/'/g, "''")}', '${value.replace(/'/g, "''")}', false)`;
}

/** A session setting env.py's connection runs (a SET, or set_config for the session as above). */
export function isSessionSetting(sql: string): boolean {
  return /^\s*SET\s/i.test(sql) || /^\s*SELECT pg_catalog\.set_config\('[^']*', '(?:[^']|'')*', false\)$/.test(sql);
}

function keywordValue(text: string, call: SyntaxNode, keyword: string): SyntaxNode | undefined {
  const args = childrenOf(call).find((child) => child.name === 'ArgList');
  const parts = args ? childrenOf(args) : [];
  for (let at = 0; at + 2 < parts.length; at++) {
    if (parts[at].name === 'VariableName' && textOf(text, parts[at]) === keyword && parts[at + 1].name === 'AssignOp') return parts[at + 2];
  }
  return undefined;
}

/** The keys of a dict written out in env.py: a display, `dict(...)`, or a name bound to one (splatDict.ts's shapes). */
function dictOf(text: string, call: SyntaxNode, node: SyntaxNode): Map<string, SplatEntry> | undefined {
  if (node.name === 'VariableName') return splatDictEntries(text, call, textOf(text, node), node);
  return literalDictEntries(text, node);
}

function settingsOf(text: string, call: SyntaxNode, value: SyntaxNode, strings: StringContext): Settings {
  const entries = dictOf(text, call, value);
  if (!entries) {
    // Keys not readable: harmless unless env.py sets the session through them somewhere.
    if (NAMES_SESSION_KEYS.test(withoutComments(text))) return { kind: 'refused', reason: `connect_args=${textOf(text, value).slice(0, 60)} is not a dict the engine can read, and env.py names options or server_settings, which set the session the migrations run in (search_path, ...)` };
    return { kind: 'settings', pairs: [] };
  }
  const pairs: [string, string][] = [];
  for (const key of SESSION_KEYS) {
    const entry = entries.get(key);
    if (!entry) continue;
    if (!entry.certain) return { kind: 'refused', reason: `connect_args["${key}"] is set on some paths only` };
    const read = key === 'options' ? optionsSettings(text, entry.value, strings) : serverSettings(text, call, entry.value, strings);
    if (read.kind === 'refused') return read;
    pairs.push(...read.pairs);
  }
  return { kind: 'settings', pairs };
}

function optionsSettings(text: string, node: SyntaxNode, strings: StringContext): Settings {
  const options = envPyString(text, node, strings);
  if (options === undefined) return { kind: 'refused', reason: `connect_args["options"] (${textOf(text, node).slice(0, 60)}) is not known statically` };
  return parseOptions(options);
}

function serverSettings(text: string, call: SyntaxNode, node: SyntaxNode, strings: StringContext): Settings {
  const entries = dictOf(text, call, node);
  if (!entries) return { kind: 'refused', reason: `connect_args["server_settings"] (${textOf(text, node).slice(0, 60)}) is not a dict the engine can read` };
  const pairs: [string, string][] = [];
  for (const [name, entry] of entries) {
    const setting = entry.certain ? envPyString(text, entry.value, strings) : undefined;
    if (setting === undefined) return { kind: 'refused', reason: `server_settings["${name}"] (${textOf(text, entry.value).slice(0, 60)}) is not known statically` };
    pairs.push([name, setting]);
  }
  return { kind: 'settings', pairs };
}

/**
 * libpq's `options` as the server reads them: words split at unescaped whitespace, `\x` standing
 * for x; `-c name=value`, `-cname=value` and `--name=value` set a parameter (a `-` in the name
 * is an `_`).
 */
export function parseOptions(options: string): Settings {
  const words: string[] = [];
  let word: string | undefined;
  for (let at = 0; at < options.length; at++) {
    const char = options[at];
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      continue;
    }
    if (char === '\\' && at + 1 < options.length) {
      word = (word ?? '') + options[++at];
      continue;
    }
    word = (word ?? '') + char;
  }
  if (word !== undefined) words.push(word);
  const pairs: [string, string][] = [];
  for (let at = 0; at < words.length; at++) {
    const switchWord = words[at];
    let assignment: string | undefined;
    if (switchWord === '-c') assignment = words[++at];
    else if (switchWord.startsWith('-c')) assignment = switchWord.slice(2);
    else if (switchWord.startsWith('--')) assignment = switchWord.slice(2);
    else return { kind: 'refused', reason: `connect_args["options"] has the switch ${switchWord}, which the engine does not follow (only -c name=value and --name=value)` };
    const equals = assignment?.indexOf('=') ?? -1;
    // PostgreSQL refuses the connection then ("-c name requires a value"): so does Alembic's run.
    if (assignment === undefined || equals <= 0) return { kind: 'refused', reason: `connect_args["options"] has ${switchWord} without a name=value, which PostgreSQL refuses` };
    pairs.push([assignment.slice(0, equals).replace(/-/g, '_'), assignment.slice(equals + 1)]);
  }
  return { kind: 'settings', pairs };
}

function withoutComments(text: string): string {
  return text.replace(/#.*$/gm, '');
}
