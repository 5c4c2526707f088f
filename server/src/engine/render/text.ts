/**
 * Textual SQL (`op.execute("...")`, `sa.text(...)`, and strings SQLAlchemy coerces to text such
 * as CHECK conditions) as SQLAlchemy compiles it offline: `:name` is a bind parameter, rendered
 * as its `.bindparams()` value or, when none was given, as NULL (a classic offline-mode
 * surprise, reported as a warning); `\:` escapes a colon; `::` casts are left alone.
 */
import type { Literal } from '../ops';
import { OFFLINE_ONLY, type RenderState } from './context';
import { scalarLiteral } from './literals';
import { liveBoundLiteral } from './liveBinds';
import { isLiveBind, typedLiteral } from './typedLiterals';
import { valueBindType } from './valueBindType';

/*
 * SQLAlchemy compiles these patterns with re.UNICODE: Python's `\w` is every letter and number
 * (Unicode categories L* and N*) and `_`, where JavaScript's `\w` is ASCII only (`:näme` is one
 * parameter `näme` to SQLAlchemy, not `n`).
 */
/** TextClause's pattern: the names text() registers as bind parameters (`:name`, not `\\:` nor `::`). */
const BIND = /(?<![:\p{L}\p{N}_\\]):([\p{L}\p{N}_]+)(?!:)/gu;
/**
 * The compiler's pattern: where the compiled SQL has a parameter. Stricter at the end: `:space:`
 * in `'[[:space:]]'` registers a parameter `spac` (the pattern above backs off a letter) that the
 * compiler never puts in place, so the text prints unchanged (checked with Alembic 1.20).
 */
const COMPILED_BIND = /(?<![:\p{L}\p{N}_$\\]):([\p{L}\p{N}_$]+)(?![:\p{L}\p{N}_$])/gu;

/** The bind parameter names SQLAlchemy reads in a text() (`:name`, not `\\:` nor `::`). */
export function textBindNames(sql: string): string[] {
  return [...new Set([...sql.matchAll(BIND)].map((match) => match[1]))];
}
const ESCAPED_COLON = /\\(:[\p{L}\p{N}_$]*)(?![:\p{L}\p{N}_$])/gu;

/** Whether the compiled SQL of a text() holds a bind parameter (`:name`) in place. */
export function hasTextBinds(sql: string): boolean {
  COMPILED_BIND.lastIndex = 0;
  const found = COMPILED_BIND.test(sql);
  COMPILED_BIND.lastIndex = 0;
  return found;
}

export function textSql(sql: string, params: { [name: string]: Literal } | undefined, state: RenderState, ddl = false): string {
  // DDL text has no bind parameters; SQLAlchemy still escapes `%` for a pyformat driver.
  if (ddl) return state.percents(sql);
  const unbound: string[] = [];
  const registered = new Set(textBindNames(sql));
  let unregistered: string | undefined;
  const withBinds = state.percents(sql).replace(COMPILED_BIND, (match, name: string) => {
    // `:a$b` is one parameter to the compiler and `a` to text(): SQLAlchemy prints a placeholder.
    if (!registered.has(name)) {
      unregistered ??= name;
      return match;
    }
    if (params && Object.prototype.hasOwnProperty.call(params, name)) {
      // A date, datetime, timedelta or Decimal prints by the type SQLAlchemy infers from it (a Date's
      // literal processor, make_interval(...) for an Interval); a failure there is reported by it.
      const inferred = valueBindType(params[name]);
      if (inferred) return typedLiteral(params[name], inferred, state) ?? 'NULL';
      // A live run binds the value with the type SQLAlchemy infers from it, which psycopg2 adapts as it is.
      const literal = (isLiveBind(state) ? liveBoundLiteral(params[name], undefined, state) : undefined) ?? scalarLiteral(params[name], state);
      if (literal !== undefined) return literal;
      // A list or dict bound to a text() parameter has no type to render it with (fides binds a
      // list for `= ANY(:keys)`): SQLAlchemy's literal_binds raise, so does this renderer.
      state.report(
        'invalid-operation-option',
        `SQLAlchemy has no literal rendering for the ${Array.isArray(params[name]) ? 'list' : 'dict'} bound to :${name} (a text() parameter has no type): Alembic's \`--sql\` fails here with a CompileError. Give it a type with sa.bindparam("${name}", type_=...) or write the values into the SQL.`,
        undefined,
        // A live run binds the value instead of printing it: only the offline SQL fails.
        OFFLINE_ONLY,
      );
      return 'NULL';
    }
    unbound.push(name);
    return 'NULL';
  });
  if (unregistered !== undefined) {
    state.report('unsupported-sql-expression', `The SQL text contains :${unregistered}, which SQLAlchemy's compiler takes for a parameter that text() did not register: it prints a driver placeholder there, which the engine does not reproduce.`);
  }
  if (unbound.length > 0) {
    state.report(
      'unbound-text-parameter',
      `The SQL text contains ${unbound.map((name) => `:${name}`).join(', ')}, which SQLAlchemy reads as bind parameter(s); with no value given, the offline SQL prints NULL in their place. Escape a literal colon as \\\\: or pass values with .bindparams().`,
      undefined,
      { parameters: unbound },
      false,
    );
  }
  return withBinds.replace(ESCAPED_COLON, (_match, rest: string) => rest);
}
