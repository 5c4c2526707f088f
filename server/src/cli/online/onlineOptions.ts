/** The options every online command takes (upgrade, downgrade, stamp, current). */
import type { OptionSpec } from '../types';

export const CONNECTION_OPTIONS: OptionSpec[] = [
  { names: ['--url'], key: 'url', takesValue: true, metavar: 'URL', help: 'SQLAlchemy URL of the PostgreSQL database (first of the connection sources).' },
  {
    names: ['--connection'],
    key: 'connection',
    takesValue: true,
    metavar: 'NAME',
    help: 'A connection named in [tool.alembic-lens.connections.NAME] of pyproject.toml.',
  },
  {
    names: ['--sandbox'],
    key: 'sandbox',
    takesValue: true,
    metavar: 'PATH',
    help: 'Run against an embedded PostgreSQL (PGlite) kept in this folder, created on first use.',
  },
];

export const RUN_OPTIONS: OptionSpec[] = [
  ...CONNECTION_OPTIONS,
  { names: ['--dry-run'], key: 'dryRun', help: 'Run inside a transaction and roll it back (refused when autocommit_block() is involved).' },
  {
    names: ['--python'],
    key: 'python',
    takesValue: true,
    metavar: 'PATH',
    help: 'A Python with Alembic installed: runs with steps the engine cannot run statically are handed to `PATH -m alembic`.',
  },
  { names: ['--lock-timeout'], key: 'lockTimeout', takesValue: true, metavar: 'MS', help: "PostgreSQL lock_timeout for the run's statements, in milliseconds." },
  { names: ['--statement-timeout'], key: 'statementTimeout', takesValue: true, metavar: 'MS', help: 'PostgreSQL statement_timeout for the run, in milliseconds.' },
  {
    names: ['--lock-wait'],
    key: 'lockWait',
    takesValue: true,
    metavar: 'MS',
    help: "How long to wait for another Alembic Lens run's lock on the version table (default 60000; 0 waits without limit).",
  },
  { names: ['--confirm'], key: 'confirm', takesValue: true, metavar: 'NAME', help: 'The name of a protected connection, typed to allow writing to it.' },
];
