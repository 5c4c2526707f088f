/**
 * Every CLI command, one file each. To add one: write `commands/<name>.ts` exporting a
 * `CliCommand` (see ../types.ts) and add it to this list (the order is the help's order).
 */
import type { CliCommand } from '../types';
import { branchesCommand } from './branches';
import { headsCommand } from './heads';
import { historyCommand } from './history';
import { showCommand } from './show';
import { upgradeCommand } from './upgrade';
import { downgradeCommand } from './downgrade';
import { stampCommand } from './stamp';
import { currentCommand } from './current';
import { coverageCommand } from './coverage';
import { checkCommand } from './check';
import { roundtripCommand } from './roundtrip';
import { driftCommand } from './drift';
import { traceCommand } from './trace';
import { revisionCommand } from './revision';
import { mergeCommand } from './merge';

export const COMMANDS: CliCommand[] = [headsCommand, historyCommand, branchesCommand, showCommand, currentCommand, upgradeCommand, downgradeCommand, stampCommand, roundtripCommand, driftCommand, traceCommand, checkCommand, coverageCommand, revisionCommand, mergeCommand];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}
