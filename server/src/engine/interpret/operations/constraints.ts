/** Constraint operations: primary key, foreign key, unique, check, exclude, drop_constraint. */
import type { ConstraintCommon, ConstraintSpec, ExcludeConstraintSpec, ForeignKeyConstraintSpec } from '../../ops';
import { checkSql, excludeElements, excludeOps } from '../sqlalchemy/schema';
import { toLiteral } from '../values';
import { ArgumentError, type OperationArgs } from './opArgs';
import { KIND_OF_DROP } from '../naming/conventionNames';
import { withOptional } from './tables';
import type { OperationDef } from './types';

/** `deferrable`, `initially` and dialect keywords (`postgresql_not_valid`, ...) from `**kw`. */
function common(args: OperationArgs): ConstraintCommon {
  const result: ConstraintCommon = { dialectOptions: {} };
  const name = args.optionalString('constraint_name');
  if (name !== undefined) result.name = name;
  const deferrable = args.optionalBool('deferrable');
  if (deferrable !== undefined) result.deferrable = deferrable;
  const initially = args.optionalString('initially');
  if (initially !== undefined) result.initially = initially;
  for (const [key, arg] of args.bound.extra) {
    if (['deferrable', 'initially', 'schema', 'using', 'where', 'ops'].includes(key)) continue;
    const literal = toLiteral(arg.value);
    if (literal === undefined) {
      if (arg.value.kind === 'opaque') args.opaque(arg.value.reason, key);
      args.invalid(`${key}= must be a literal`, key);
    }
    result.dialectOptions[key] = literal;
  }
  return result;
}

/**
 * A column list Alembic turns into the columns of a throwaway Table: a name given twice is
 * SQLAlchemy's DuplicateColumnError.
 */
export function distinctColumns(args: OperationArgs, param: string, tableParam: string): string[] {
  const columns = args.stringList(param);
  const repeated = columns.find((column, at) => columns.indexOf(column) !== at);
  if (repeated !== undefined) throw new ArgumentError('invalid', `A column with name '${repeated}' is already present in table '${args.string(tableParam)}'.`);
  return columns;
}

function addConstraint(args: OperationArgs, constraint: ConstraintSpec) {
  return withOptional({ kind: 'addConstraint' as const, table: args.string('table_name'), constraint }, { schema: args.optionalString('schema') });
}

const SCHEMA_KW = { tableParam: 'table_name', schemaParam: 'schema' };

export const CONSTRAINT_OPERATIONS: Record<string, OperationDef> = {
  create_primary_key: {
    signature: { positional: ['constraint_name', 'table_name', 'columns'], required: ['constraint_name', 'table_name', 'columns'], keywordOnly: ['schema'] },
    batch: { signature: { positional: ['constraint_name', 'columns'], required: ['constraint_name', 'columns'] }, ...SCHEMA_KW },
    build: (args) => addConstraint(args, { type: 'primaryKey', columns: distinctColumns(args, 'columns', 'table_name'), ...common(args) }),
  },
  create_unique_constraint: {
    signature: { positional: ['constraint_name', 'table_name', 'columns'], required: ['constraint_name', 'table_name', 'columns'], keywordOnly: ['schema'], varkw: true },
    // Alembic sets kw["schema"] to the batch's schema, then passes the table name by position.
    batch: { signature: { positional: ['constraint_name', 'columns'], required: ['constraint_name', 'columns'], varkw: true }, ...SCHEMA_KW, supplies: { positional: ['table_name'] }, replacesSchema: true },
    build(args) {
      args.refuseDialectArguments('UniqueConstraint');
      const spec: ConstraintSpec = { type: 'unique', columns: distinctColumns(args, 'columns', 'table_name'), ...common(args) };
      // Alembic builds a table of the constraint's own columns: INCLUDE naming another raises KeyError.
      const include = spec.dialectOptions.postgresql_include;
      const missing = Array.isArray(include) ? include.find((name) => typeof name === 'string' && !spec.columns.includes(name)) : undefined;
      if (missing !== undefined) args.invalid(`postgresql_include names ${JSON.stringify(missing)}, which is not one of the constraint's columns: Alembic builds a table of those columns only, and SQLAlchemy raises KeyError: '${String(missing)}' (add the INCLUDE with op.execute instead)`, 'postgresql_include');
      return addConstraint(args, spec);
    },
  },
  create_check_constraint: {
    signature: { positional: ['constraint_name', 'table_name', 'condition'], required: ['constraint_name', 'table_name', 'condition'], keywordOnly: ['schema'], varkw: true },
    batch: { signature: { positional: ['constraint_name', 'condition'], required: ['constraint_name', 'condition'], varkw: true }, ...SCHEMA_KW, supplies: { positional: ['table_name'], keywords: ['schema'] } },
    build(args) {
      const condition = args.value('condition');
      const sql = checkSql(condition);
      if (!sql) {
        if (condition?.kind === 'opaque') args.opaque(condition.reason, 'condition');
        return args.invalid(`argument 'condition' must be a string or SQL expression`, 'condition');
      }
      args.refuseDialectArguments('CheckConstraint');
      return addConstraint(args, { type: 'check', sql, ...common(args) });
    },
  },
  create_exclude_constraint: {
    signature: { positional: ['constraint_name', 'table_name'], required: ['constraint_name', 'table_name'], varargs: 'elements', varkw: true },
    // The `*elements` reach CreateExcludeConstraintOp by position, as its third argument.
    supplies: { positional: ['elements'] },
    batch: {
      signature: { positional: ['constraint_name'], required: ['constraint_name'], varargs: 'elements', varkw: true },
      ...SCHEMA_KW,
      // As create_unique_constraint: kw["schema"] is overwritten with the batch's.
      supplies: { positional: ['table_name', 'elements'] },
      replacesSchema: true,
    },
    build(args) {
      const elements = excludeElements(args.bound.rest.map((arg) => arg.value));
      if (typeof elements === 'string') return args.opaque(elements);
      // Alembic builds a throwaway Table from the elements, so each must be a column name.
      const expression = elements.findIndex((element) => element.expr.kind !== 'column');
      if (expression >= 0) {
        args.invalid(`element ${expression + 1} is a SQL expression, but Alembic turns each element into a table column and SQLAlchemy rejects it ("Column must be constructed with a non-blank name"); use column names, or op.execute() the ALTER TABLE`);
      }
      const ops = excludeOps(args.value('ops'));
      if (typeof ops === 'string') return args.opaque(ops);
      const spec: ExcludeConstraintSpec = { type: 'exclude', elements, ...common(args), ...(ops ? { ops } : {}) };
      const using = args.optionalString('using');
      if (using !== undefined) spec.using = using;
      const where = checkSql(args.value('where'));
      if (where) spec.where = where;
      return addConstraint(args, spec);
    },
  },
  create_foreign_key: {
    signature: {
      positional: ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols'],
      required: ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols'],
      keywordOnly: ['onupdate', 'ondelete', 'deferrable', 'initially', 'match', 'source_schema', 'referent_schema'],
      varkw: true,
    },
    batch: {
      signature: {
        positional: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols'],
        required: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols'],
        keywordOnly: ['referent_schema', 'onupdate', 'ondelete', 'deferrable', 'initially', 'match'],
        varkw: true,
      },
      tableParam: 'source_table',
      schemaParam: 'source_schema',
      supplies: { positional: ['source_table'], keywords: ['source_schema'] },
    },
    build(args) {
      args.refuseDialectArguments('ForeignKeyConstraint');
      const spec: ForeignKeyConstraintSpec = withOptional(
        {
          type: 'foreignKey' as const,
          columns: args.stringList('local_cols'),
          referredTable: args.string('referent_table'),
          // Alembic builds the referred table from these (the local ones may repeat).
          referredColumns: distinctColumns(args, 'remote_cols', 'referent_table'),
          ...common(args),
        },
        {
          referredSchema: args.optionalString('referent_schema'),
          onDelete: args.optionalString('ondelete'),
          onUpdate: args.optionalString('onupdate'),
          match: args.optionalString('match'),
        },
      );
      if (spec.columns.length !== args.stringList('remote_cols').length) args.invalid('ArgumentError: ForeignKeyConstraint number of constrained columns must match the number of referenced columns.');
      return withOptional({ kind: 'addConstraint' as const, table: args.string('source_table'), constraint: spec }, { schema: args.optionalString('source_schema') });
    },
  },
  drop_constraint: {
    signature: { positional: ['constraint_name', 'table_name', 'type_'], required: ['constraint_name', 'table_name'], keywordOnly: ['schema', 'if_exists'] },
    batch: { signature: { positional: ['constraint_name', 'type_'], required: ['constraint_name'] }, ...SCHEMA_KW },
    build(args) {
      const constraintType = args.optionalString('type_');
      // Alembic looks type_ up among these four (and None) and raises for any other, `type_="exclude"` included.
      if (constraintType !== undefined && !Object.hasOwn(KIND_OF_DROP, constraintType)) {
        throw new ArgumentError('invalid', `${args.operation}() with type_=${JSON.stringify(constraintType)}: Alembic raises TypeError: 'type' can be one of 'check', 'foreignkey', 'primary', 'unique', None (leave type_ out to drop any constraint by its name)`);
      }
      const unnamed = args.value('constraint_name')?.kind === 'none';
      if (unnamed && (constraintType === undefined || !Object.hasOwn(KIND_OF_DROP, constraintType))) {
        // A plain Constraint is no type a naming convention names, so SQLAlchemy has no name to print.
        const given = constraintType === undefined ? 'no type_' : `type_=${JSON.stringify(constraintType)}`;
        throw new ArgumentError('invalid', `${args.operation}() needs the constraint's name: with None and ${given}, SQLAlchemy cannot emit DROP CONSTRAINT for a constraint that has no name`);
      }
      return withOptional(
        { kind: 'dropConstraint' as const, name: unnamed ? '' : args.string('constraint_name'), table: args.string('table_name') },
        { constraintType, schema: args.optionalString('schema'), ifExists: args.optionalBool('if_exists'), unnamed: unnamed || undefined },
      );
    },
  },
};
