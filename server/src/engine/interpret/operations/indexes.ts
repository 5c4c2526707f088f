/** create_index and drop_index. */
import type { CreateIndexOp, DropIndexOp } from '../../ops';
import { indexColumns, indexDialectOptions } from '../sqlalchemy/schema';
import type { OperationArgs } from './opArgs';
import { flaggedIndexName } from '../sqlalchemy/quoteFlags';
import { withOptional } from './tables';
import type { OperationDef } from './types';

function dialectOptions(args: OperationArgs): CreateIndexOp['index']['dialectOptions'] {
  args.refuseDialectArguments('Index');
  const options = indexDialectOptions(args.bound.extra);
  if (typeof options === 'string') args.opaque(options);
  return options;
}

export const INDEX_OPERATIONS: Record<string, OperationDef> = {
  create_index: {
    signature: {
      positional: ['index_name', 'table_name', 'columns'],
      required: ['index_name', 'table_name', 'columns'],
      keywordOnly: ['schema', 'unique', 'if_not_exists'],
      varkw: true,
    },
    batch: {
      signature: { positional: ['index_name', 'columns'], required: ['index_name', 'columns'], varkw: true },
      tableParam: 'table_name',
      schemaParam: 'schema',
      supplies: { positional: ['table_name'], keywords: ['schema'] },
    },
    build(args) {
      const raw = args.value('columns');
      const list = raw?.kind === 'seq' ? raw.items : raw ? [raw] : [];
      const columns = indexColumns(list);
      if (typeof columns === 'string') return args.opaque(columns, 'columns');
      if (columns.length === 0) args.invalid('an index needs at least one column', 'columns');
      // Alembic appends each named column to a throwaway Table: a name given twice is refused.
      const names = columns.filter((column): column is string => typeof column === 'string');
      const repeated = names.find((column, at) => names.indexOf(column) !== at);
      if (repeated !== undefined) args.invalid(`A column with name '${repeated}' is already present in table '${args.string('table_name')}'.`, 'columns');
      const unique = args.optionalBool('unique') ?? (args.bound.extra.has('unique') ? undefined : false);
      const flagged = flaggedIndexName(args.value('index_name'));
      const operation: CreateIndexOp = {
        kind: 'createIndex',
        table: args.string('table_name'),
        // None: named by the naming convention (naming/applyNaming.ts); the renderer refuses an empty name.
        index: { name: flagged?.name ?? args.optionalString('index_name') ?? '', columns, unique: unique ?? false, dialectOptions: dialectOptions(args) },
      };
      // `quote=` reaches sa.Index(), which makes the given name a quoted_name (over a quoted_name's own flag).
      const quote = args.optionalBool('quote') ?? flagged?.quote;
      if (quote !== undefined && operation.index.name !== '') operation.index.quote = quote;
      return withOptional(operation, { schema: args.optionalString('schema'), ifNotExists: args.optionalBool('if_not_exists') });
    },
  },
  drop_index: {
    signature: { positional: ['index_name', 'table_name'], required: ['index_name'], keywordOnly: ['schema', 'if_exists'], varkw: true },
    batch: {
      signature: { positional: ['index_name'], required: ['index_name'], varkw: true },
      tableParam: 'table_name',
      schemaParam: 'schema',
      // Both by keyword: DropIndexOp's table_name is optional.
      supplies: { keywords: ['table_name', 'schema'] },
    },
    build(args) {
      const flagged = flaggedIndexName(args.value('index_name'));
      const operation: DropIndexOp = { kind: 'dropIndex', name: flagged?.name ?? args.string('index_name'), dialectOptions: dialectOptions(args) };
      const quote = args.optionalBool('quote') ?? flagged?.quote;
      if (quote !== undefined) operation.quote = quote;
      return withOptional(operation, {
        table: args.optionalString('table_name'),
        schema: args.optionalString('schema'),
        ifExists: args.optionalBool('if_exists'),
      });
    },
  },
};
