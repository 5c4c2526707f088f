/**
 * The questions before a run: downgrade and stamp ask in a modal that names the connection and
 * the steps the run would take (planned against the database, so the list is what will run); on a
 * `protected` connection every run asks, and the user must type the connection's name.
 */
import type { CommandContext } from '../commands/types';
import type { ResolvedTarget } from '../connections/activeConnection';
import type { OnlineActionName as OnlineAction } from './onlineActionName';

export type { OnlineAction };

const VERBS: Record<OnlineAction, string> = { upgrade: 'Upgrade', downgrade: 'Downgrade', stamp: 'Stamp', dryRun: 'Dry run' };

export function needsConfirmation(action: OnlineAction, resolved: ResolvedTarget): boolean {
  return action === 'downgrade' || action === 'stamp' || !!resolved.configured?.protected;
}

export async function confirmRun(context: CommandContext, action: OnlineAction, target: string, resolved: ResolvedTarget, steps: readonly string[]): Promise<boolean> {
  const verb = VERBS[action];
  const listed = steps.length > 12 ? [...steps.slice(0, 12), `… and ${steps.length - 12} more`] : steps;
  const detail = [
    `Connection: ${resolved.label}`,
    `Target: ${target}`,
    '',
    `${steps.length} step(s)${action === 'dryRun' ? ', rolled back at the end' : ''}:`,
    ...listed.map((step) => `  ${step}`),
  ].join('\n');
  const agreed = await context.confirm(`${verb} "${resolved.target.name}" to ${target}?`, detail, verb);
  if (!agreed) return false;
  if (!resolved.configured?.protected) return true;
  const name = resolved.target.name;
  const typed = await context.input({
    title: `"${name}" is a protected connection`,
    prompt: `Type the connection's name (${name}) to ${verb.toLowerCase()} it.`,
    placeHolder: name,
    ignoreFocusOut: true,
    validateInput: (value) => (value === name || value === '' ? undefined : `Type exactly ${name}`),
  });
  return typed === name;
}
