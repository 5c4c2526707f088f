/**
 * `merge REVS... [-m MSG] [--rev-id ID] [--branch-label L] [--splice]`: writes the merge revision
 * `alembic merge` writes, rendered from the environment's script.py.mako (exit 2, nothing
 * written, when refused). `--splice` (Alembic 1.18.5+) lets the revisions be non-heads.
 */
import type { CliCommand } from '../types';
import { PYTHON_OPTION, writeRevisionFor } from './revision';

export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: 'Merge two revisions together. Creates a new migration file.',
  options: [
    { names: ['-m', '--message'], key: 'message', takesValue: true, metavar: 'MESSAGE', help: 'Message string to use with the revision' },
    { names: ['--branch-label'], key: 'branchLabel', takesValue: true, metavar: 'BRANCH_LABEL', help: 'Specify a branch label to apply to the new revision' },
    { names: ['--rev-id'], key: 'revId', takesValue: true, metavar: 'REV_ID', help: 'Specify a hardcoded revision id instead of generating one' },
    { names: ['--splice'], key: 'splice', help: "Allow a non-head revision as the 'head' to splice onto" },
    PYTHON_OPTION,
  ],
  positionals: [{ name: 'revisions', help: 'one or more revisions, or \'heads\' for all heads', variadic: true }],
  run(context, args) {
    if (args.positionals.length === 0) {
      context.stderr('alembic-lens merge: error: the following arguments are required: revisions\n');
      return 2;
    }
    return writeRevisionFor(context, 'merge', {
      message: args.values.message,
      heads: args.positionals,
      splice: args.flags.splice === true,
      branchLabel: args.values.branchLabel,
      revisionId: args.values.revId,
    }, args.values.python);
  },
};
