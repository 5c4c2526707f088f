/**
 * Hands a run the engine cannot do statically (opaque steps) to the real Alembic:
 * `PYTHON -m alembic -c INI [-n NAME] upgrade|downgrade|stamp TARGET`, output streamed line by
 * line. The interpreter is only ever one the user named (`--python`, a machine-scoped setting).
 * The database URL is not passed: Alembic finds it through env.py and the ini as it always does.
 */
import { spawn } from 'node:child_process';

export interface AlembicInvocation {
  python: string;
  configFile: string;
  /** The ini section when not `alembic`. */
  section?: string;
  command: 'upgrade' | 'downgrade' | 'stamp';
  targets: readonly string[];
  purge: boolean;
  /** `-x` arguments, given to Alembic as they were given to us. */
  xArguments?: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  onOutput(text: string, stream: 'stdout' | 'stderr'): void;
  signal?: AbortSignal;
}

export function alembicArguments(invocation: Pick<AlembicInvocation, 'configFile' | 'section' | 'command' | 'targets' | 'purge' | 'xArguments'>): string[] {
  const args = ['-m', 'alembic', '-c', invocation.configFile];
  if (invocation.section && invocation.section !== 'alembic') args.push('-n', invocation.section);
  for (const x of invocation.xArguments ?? []) args.push('-x', x);
  args.push(invocation.command);
  if (invocation.command === 'stamp' && invocation.purge) args.push('--purge');
  args.push(...invocation.targets);
  return args;
}

/** Resolves to Alembic's exit code (a spawn failure is reported as output and code 2). */
export function runAlembic(invocation: AlembicInvocation): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(invocation.python, alembicArguments(invocation), { cwd: invocation.cwd, env: invocation.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const abort = () => child.kill('SIGINT');
    invocation.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => invocation.onOutput(chunk.toString('utf8'), 'stdout'));
    child.stderr.on('data', (chunk: Buffer) => invocation.onOutput(chunk.toString('utf8'), 'stderr'));
    child.on('error', (error) => {
      invocation.onOutput(`cannot run ${invocation.python}: ${error.message}\n`, 'stderr');
      resolve(2);
    });
    child.on('close', (code) => {
      invocation.signal?.removeEventListener('abort', abort);
      resolve(code ?? 1);
    });
  });
}
