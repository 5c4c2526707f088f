/**
 * Entry of dist/sqlFormatter.js: sql-formatter bundled on its own. It is half the size of the CLI
 * and server bundles, and only `--format` and the SQL preview use it, so keeping it out of them
 * saves every CLI run and every server start the time to compile it (see formatSql.ts).
 */
export { format } from 'sql-formatter';
