/**
 * Column types of widely used third-party packages (sqlalchemy_utils, GeoAlchemy2), with the
 * PostgreSQL DDL their classes print.
 */
import type { CallArgs } from '../args';
import type { Value } from '../values';

export function libraryType(_qname: string, _args: CallArgs): Value | undefined {
  return undefined;
}
