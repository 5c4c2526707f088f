/** `alembic-lens roundtrip [RANGE]`: upgrade, downgrade, upgrade every revision on an embedded database, comparing the catalog. */
import type { CliCommand } from '../types';
import { runRoundtripCommand } from '../online/roundtripCommand';

export const roundtripCommand: CliCommand = {
  name: 'roundtrip',
  summary: 'Upgrade, downgrade and upgrade again each revision on an embedded database, comparing the schema.',
  options: [
    {
      names: ['--sandbox'],
      key: 'sandbox',
      takesValue: true,
      metavar: 'PATH',
      help: 'The embedded database folder to use (default: a temporary one, removed after).',
    },
  ],
  positionals: [{ name: 'range', help: 'START:END (default base:heads); either side may be empty.', optional: true }],
  run: (context, args) => runRoundtripCommand(context, args),
};
