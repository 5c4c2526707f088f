/**
 * `substring(...)` as SQLAlchemy's PostgreSQL compiler prints it. The compiler picks a function's
 * printer by its name lower-cased, whatever package it was called under (`sa.func.SUBSTRING`,
 * `sa.func.myschema.substring`), and the one for substring writes the SQL standard's form from the
 * first three arguments only: `SUBSTRING(s FROM 1 FOR 3)`, `SUBSTRING(s FROM 2)`.
 */
import type { SqlExpr } from '../ops';
import type { RenderState } from './context';

/** Whether SQLAlchemy's PostgreSQL compiler prints the function `name` with the substring form. */
export function isSubstringFunction(name: string): boolean {
  const segments = name.split('.');
  return segments[segments.length - 1].toLowerCase() === 'substring';
}

/** The standard form; with fewer than two arguments the compiler raises IndexError, so nothing is printed. */
export function renderSubstring(args: SqlExpr[], state: RenderState, render: (arg: SqlExpr) => string): string {
  if (args.length < 2) {
    state.report(
      'invalid-operation-option',
      `substring() with ${args.length === 0 ? 'no argument' : 'one argument'}: SQLAlchemy's PostgreSQL compiler prints SUBSTRING(string FROM start [FOR length]) and raises IndexError without a start position.`,
    );
    return '';
  }
  const [string, start, length] = args.map(render);
  return length === undefined ? `SUBSTRING(${string} FROM ${start})` : `SUBSTRING(${string} FROM ${start} FOR ${length})`;
}
