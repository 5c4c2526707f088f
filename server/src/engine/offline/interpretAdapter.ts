/**
 * Calls the bundled interpreter for offline compilation. A missing `upgrade()`/`downgrade()`
 * becomes one opaque step: Alembic fails when it calls a function the module lacks, so printing
 * nothing for it would be a silent lie.
 */
import { ZERO_RANGE } from '../../common/range';
import { interpretMigration } from '../interpret';
import type { Step } from '../ops';
import type { InterpretedMigration } from './migrationCompiler';

/** Alembic fails on it too (AttributeError), so the step says it raises. */
function missing(name: string): Step[] {
  return [{ kind: 'opaque', reason: `the migration has no ${name}() function`, range: ZERO_RANGE, source: '', raises: true }];
}

export function interpretForOffline(path: string, text: string): InterpretedMigration {
  const interpreted = interpretMigration(path, text);
  return {
    upgrade: interpreted.upgrade?.steps ?? missing('upgrade'),
    downgrade: interpreted.downgrade?.steps ?? missing('downgrade'),
    ...(interpreted.dependencies ? { dependencies: interpreted.dependencies } : {}),
    ...(interpreted.offlineParamstyle ? { paramstyle: interpreted.offlineParamstyle } : {}),
    ...(interpreted.offlineLiteralBinds === false ? { literalBinds: false as const } : {}),
    ...(interpreted.importTime ? { importTime: interpreted.importTime } : {}),
    ...(interpreted.upgradeName ? { upgradeName: interpreted.upgradeName } : {}),
    ...(interpreted.downgradeName ? { downgradeName: interpreted.downgradeName } : {}),
  };
}
