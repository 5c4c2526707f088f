/** `CREATE SEQUENCE` / `DROP SEQUENCE` as SQLAlchemy writes them (options in its fixed order). */
import type { SequenceStatement } from '../ops';
import type { RenderState } from './context';
import { qualifiedName } from './identifiers';
import { renderType } from './types';

export function sequenceStatement(statement: SequenceStatement, state: RenderState): string {
  const name = qualifiedName(statement.name, statement.schema, state);
  if (statement.kind === 'dropSequence') return `DROP SEQUENCE ${statement.ifExists ? 'IF EXISTS ' : ''}${name}`;
  const options: string[] = [];
  if (statement.increment !== undefined) options.push(`INCREMENT BY ${statement.increment}`);
  if (statement.start !== undefined) options.push(`START WITH ${statement.start}`);
  if (statement.minValue !== undefined) options.push(`MINVALUE ${statement.minValue}`);
  if (statement.maxValue !== undefined) options.push(`MAXVALUE ${statement.maxValue}`);
  if (statement.noMinValue) options.push('NO MINVALUE');
  if (statement.noMaxValue) options.push('NO MAXVALUE');
  if (statement.cache !== undefined) options.push(`CACHE ${statement.cache}`);
  if (statement.cycle !== undefined) options.push(statement.cycle ? 'CYCLE' : 'NO CYCLE');
  // PostgreSQL's compiler puts `AS <type>` between the name and the options.
  const dataType = statement.dataType ? ` AS ${renderType(statement.dataType, state) ?? ''}` : '';
  const head = `CREATE SEQUENCE ${statement.ifNotExists ? 'IF NOT EXISTS ' : ''}${name}${dataType}`;
  return options.length > 0 ? `${head} ${options.join(' ')}` : head;
}
