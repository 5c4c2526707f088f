/**
 * Calls the interpreter for offline compilation. Until the interpreter's entry point lands, every
 * migration is one opaque step saying so (never silently empty SQL).
 */
import type { InterpretedMigration } from './migrationCompiler';
import { ZERO_RANGE } from '../../common/range';

export function interpretForOffline(_path: string, _text: string): InterpretedMigration {
  const step = { kind: 'opaque' as const, reason: 'the bundled interpreter is not available', range: ZERO_RANGE, source: '' };
  return { upgrade: [step], downgrade: [step] };
}
