/**
 * Typed access to the bound arguments of one operation call. A wrong type throws an
 * `ArgumentError` inside the builder; `dispatch.ts` catches it and turns it into a problem
 * (invalid) or an opaque step (value not static), so builders read like the signature.
 */
import type { SyntaxNode } from '../../../python/parser';
import type { Literal, SqlType } from '../../ops';
import type { Arg, BoundArgs } from '../args';
import { toSqlType } from '../sqlalchemy/types';
import { typeProblem } from '../sqlalchemy/schema';
import { refusedDialectArgument, type DialectConstruct } from '../sqlalchemy/dialectArguments';
import { classify } from '../symbols';
import { describeValue, toLiteral, truthiness, type Value } from '../values';

export class ArgumentError extends Error {
  constructor(
    /** `noop`: Alembic runs the call and emits nothing; the message says why (a warning). */
    readonly kind: 'invalid' | 'opaque' | 'noop',
    message: string,
    readonly node?: SyntaxNode,
  ) {
    super(message);
  }
}

export class OperationArgs {
  constructor(
    readonly operation: string,
    readonly bound: BoundArgs,
    /** Values supplied by `batch_alter_table` (table name, schema) instead of the call. */
    private readonly injected: ReadonlyMap<string, Value>,
  ) {}

  private arg(name: string): Arg | undefined {
    return this.bound.params.get(name) ?? this.bound.extra.get(name);
  }

  value(name: string): Value | undefined {
    return this.injected.get(name) ?? this.arg(name)?.value;
  }

  has(name: string): boolean {
    return this.value(name) !== undefined;
  }

  private fail(name: string, expected: string, value: Value): never {
    const node = this.arg(name)?.node;
    if (value.kind === 'opaque') throw new ArgumentError(value.raises ? 'invalid' : 'opaque', value.reason, node);
    const unknown = unknownArgument(value);
    if (unknown) throw new ArgumentError('opaque', unknown, node);
    throw new ArgumentError('invalid', `${this.operation}() argument '${name}' must be ${expected}, not ${describeValue(value)}`, node);
  }

  string(name: string): string {
    const value = this.value(name);
    if (value === undefined) throw new ArgumentError('invalid', `${this.operation}() is missing required argument '${name}'`);
    if (value.kind !== 'str') this.fail(name, 'a string', value);
    return value.value;
  }

  /**
   * A name that may be `quoted_name(text, True)` on a text PostgreSQL reads bare: the text and
   * whether it is forced into quotes, for the operations that print it once and follow the flag.
   */
  maybeQuotedString(name: string): { text: string; forcedQuote: boolean } {
    const value = this.value(name);
    if (value?.kind === 'opaque' && value.quotedName?.quote === true && value.text !== undefined) return { text: value.text, forcedQuote: true };
    return { text: this.string(name), forcedQuote: false };
  }

  optionalString(name: string): string | undefined {
    const value = this.value(name);
    if (value === undefined || value.kind === 'none') return undefined;
    if (value.kind !== 'str') this.fail(name, 'a string', value);
    return value.value;
  }

  /**
   * A flag: Alembic and SQLAlchemy test these with `if flag:` (after `is not None` where None
   * means "not given"), so any value counts by its Python truth (privacyidea passes `unique=1`;
   * Alembic 1.20 prints `nullable="yes"` as DROP NOT NULL).
   */
  optionalBool(name: string): boolean | undefined {
    const value = this.value(name);
    if (value === undefined || value.kind === 'none') return undefined;
    const truth = truthiness(value);
    if (truth !== undefined) return truth;
    if (value.kind === 'opaque') return this.fail(name, 'True or False', value);
    return this.opaque(`whether ${name} is true is known only at run time`, name);
  }

  /** A list of column names; a single string counts as a list of one (Alembic accepts it). */
  stringList(name: string): string[] {
    const value = this.value(name);
    if (value === undefined) throw new ArgumentError('invalid', `${this.operation}() is missing required argument '${name}'`);
    if (value.kind === 'str') return [value.value];
    if (value.kind !== 'seq') this.fail(name, 'a list of column names', value);
    return value.items.map((item) => {
      if (item.kind === 'str') return item.value;
      if (item.kind === 'sql' && item.expr.kind === 'column') return item.expr.name;
      return this.fail(name, 'a list of column names', item);
    });
  }

  optionalType(name: string): SqlType | undefined {
    const value = this.value(name);
    if (value === undefined || value.kind === 'none') return undefined;
    const type = toSqlType(value);
    if (!type) {
      if (value.kind === 'opaque' || value.kind === 'symbol') throw new ArgumentError('opaque', typeProblem(value), this.arg(name)?.node);
      this.fail(name, 'a SQLAlchemy type', value);
    }
    return type;
  }

  /** Keyword arguments collected by `**kw`, as literals (dialect options). */
  extraLiterals(skip: string[] = []): { [key: string]: Literal } {
    const out: { [key: string]: Literal } = {};
    for (const [key, arg] of this.bound.extra) {
      if (skip.includes(key)) continue;
      const literal = toLiteral(arg.value);
      if (literal === undefined) this.fail(key, 'a literal', arg.value);
      out[key] = literal;
    }
    return out;
  }

  /**
   * The `**kw` SQLAlchemy passes to the construct Alembic builds (a sa.Index, a constraint, a
   * Table): a `postgresql_*` one PostgreSQL's dialect does not take is SQLAlchemy's ArgumentError.
   */
  refuseDialectArguments(construct: DialectConstruct): void {
    // In a batch, Alembic sets the table and schema of the construct itself (over what was given).
    const passedOn = [...this.bound.extra.keys()].filter((key) => key !== 'schema' && key !== 'table_name');
    const refused = refusedDialectArgument(construct, passedOn);
    if (refused) this.invalid(refused);
  }

  invalid(message: string, name?: string): never {
    const value = name ? this.arg(name)?.value : undefined;
    const unknown = value ? unknownArgument(value) : undefined;
    if (unknown) throw new ArgumentError('opaque', unknown, name ? this.arg(name)?.node : undefined);
    throw new ArgumentError('invalid', `${this.operation}(): ${message}`, name ? this.arg(name)?.node : undefined);
  }

  opaque(reason: string, name?: string): never {
    throw new ArgumentError('opaque', reason, name ? this.arg(name)?.node : undefined);
  }

  /** An argument whose value is opaque: the step stays opaque, and is invalid (an error) where Python raises building it. */
  opaqueValue(value: { reason: string; raises?: true }, name?: string): never {
    throw new ArgumentError(value.raises ? 'invalid' : 'opaque', value.reason, name ? this.arg(name)?.node : undefined);
  }
}

/**
 * Why an argument of the wrong shape is unknown rather than wrong, or undefined when it is wrong:
 * a name imported from the application or a library whose value the engine could not read (a
 * constant another package defines, say) may hold the right string; so may an object below.
 */
function unknownArgument(value: Value): string | undefined {
  if (value.kind === 'symbol' && classify(value.qname).kind === 'application') {
    return `uses ${value.qname}, whose value the engine cannot read statically`;
  }
  return objectArgument(value);
}

/**
 * An enum member or an object of a project class given where a string or SQL is expected: not
 * known to be wrong (a str or int mixin, which the engine does not keep, makes a member a str or
 * an int), so the operation is unknown rather than invalid.
 */
function objectArgument(value: Value): string | undefined {
  if (value.kind === 'enumMember') return `uses the enum member ${value.enumName}.${value.name}, which may be a str or int subclass the engine does not model here`;
  if (value.kind === 'pythonInstance' || value.kind === 'pythonClass') return `uses an object of the application's class ${value.cls.where}, which the engine does not model here`;
  return undefined;
}
