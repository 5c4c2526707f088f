// Types of bench/lib/measure.mjs for the TypeScript tests that call it.
export interface CommandSpec {
  command: string;
  args: string[];
  repetitions?: number;
  warmup?: number;
  cwd?: string;
  env?: Record<string, string>;
  /** Variables removed from the inherited environment. */
  unsetEnv?: string[];
  before?: () => void;
  allowFailure?: boolean;
}

export interface Timing {
  /** Median wall time of the timed runs, in milliseconds. */
  ms: number;
  runs: number[];
  rssMb: number | undefined;
  stdout: string;
  status: number | null;
}

export function median(values: number[]): number;
export function timeCommand(command: string, args: string[], options?: Omit<CommandSpec, 'command' | 'args'>): Timing;
export function timeInterleaved(specs: CommandSpec[]): Timing[];
