/**
 * An engine env.py makes with `isolation_level="AUTOCOMMIT"` (a keyword of create_engine() or
 * engine_from_config(), `execution_options(isolation_level=...)` on the connection, or
 * `sqlalchemy.isolation_level = AUTOCOMMIT` in the ini section engine_from_config reads): the
 * driver then commits every statement on its own and Alembic's `begin_transaction()` begins
 * nothing, so a migration that fails halfway leaves what ran before it, version row and all
 * unchanged, and `CREATE INDEX CONCURRENTLY` runs without an autocommit block. The online engine
 * runs a migration in a transaction, which is not that run: such an environment is refused.
 */
import type { ConfigOptionReader } from './envPy';

/** Why env.py's migrations would run under AUTOCOMMIT (or may), with the line; undefined when they would not. */
export function autocommitIsolationOf(text: string, configOption: ConfigOptionReader | undefined): { line: number; why: string } | undefined {
  const lines = text.split('\n');
  for (let at = 0; at < lines.length; at++) {
    const code = lines[at].replace(/#.*$/, '');
    const match = /\bisolation_level["']?\s*[=:]\s*(.*)$/.exec(code);
    if (!match) continue;
    const literal = /^(["'])([^"']*)\1/.exec(match[1].trim());
    if (!literal) return { line: at + 1, why: `its isolation_level (${argumentText(match[1]).slice(0, 40)}) is not known statically, and AUTOCOMMIT would commit each statement on its own` };
    if (literal[2].trim().toUpperCase() === 'AUTOCOMMIT') return { line: at + 1, why: 'it runs the migrations with isolation_level="AUTOCOMMIT"' };
  }
  // engine_from_config(config.get_section(...), prefix="sqlalchemy.") passes the ini's option on.
  if (/\bengine_from_config\s*\(/.test(text)) {
    const option = configOption?.(undefined, 'sqlalchemy.isolation_level');
    if (option && typeof option === 'object' && 'value' in option && option.value.trim().toUpperCase() === 'AUTOCOMMIT') return { line: 0, why: 'alembic.ini sets sqlalchemy.isolation_level = AUTOCOMMIT, which engine_from_config() passes on' };
  }
  return undefined;
}

/** The argument's text up to the `,` or closing bracket that ends it on its line. */
function argumentText(rest: string): string {
  let depth = 0;
  for (let at = 0; at < rest.length; at++) {
    const char = rest[at];
    if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && depth-- === 0) return rest.slice(0, at).trim();
    else if (char === ',' && depth === 0) return rest.slice(0, at).trim();
  }
  return rest.trim();
}
