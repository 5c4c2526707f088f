/**
 * Hands a run the engine cannot do statically (opaque steps) to the real Alembic:
 * `PYTHON -m alembic -c INI [-n NAME] upgrade|downgrade|stamp TARGET`, output streamed line by
 * line. The interpreter is only ever one the user named (`--python`, a machine-scoped setting).
 * Alembic finds its database through env.py and the ini as it always does, unless the run's
 * database was chosen here (`databaseUrl`, see alembicDatabase.ts): that URL is then put into
 * `sqlalchemy.url` before env.py runs, never on the command line.
 */
import { spawn } from 'node:child_process';
import { ALEMBIC_WITH_URL, environmentWithUrl } from '../../common/alembicWithUrl';

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
  /** The database to migrate, put into `sqlalchemy.url` first; undefined: the one env.py finds. */
  databaseUrl?: string;
  /** `databaseUrl` names no driver: the interpreter's psycopg2 or psycopg is used. */
  pickDriver?: boolean;
  /** An environment variable env.py sets sqlalchemy.url from: given `databaseUrl` too. */
  urlVariable?: string;
  onOutput(text: string, stream: 'stdout' | 'stderr'): void;
  signal?: AbortSignal;
}

export function alembicArguments(invocation: Pick<AlembicInvocation, 'configFile' | 'section' | 'command' | 'targets' | 'purge' | 'xArguments' | 'databaseUrl'>): string[] {
  const args = [...(invocation.databaseUrl === undefined ? ['-m', 'alembic'] : ['-c', ALEMBIC_WITH_URL]), '-c', invocation.configFile];
  if (invocation.section && invocation.section !== 'alembic') args.push('-n', invocation.section);
  for (const x of invocation.xArguments ?? []) args.push('-x', x);
  args.push(invocation.command);
  if (invocation.command === 'stamp' && invocation.purge) args.push('--purge');
  args.push(...invocation.targets);
  return args;
}

/** runAlembic's answer when the interpreter could not be started at all: Alembic never ran. */
export const ALEMBIC_NOT_STARTED = -1;

/** Resolves to Alembic's exit code, or ALEMBIC_NOT_STARTED (the reason written as output) when the interpreter cannot be started. */
export function runAlembic(invocation: AlembicInvocation): Promise<number> {
  return new Promise((resolve) => {
    const env = environmentWithUrl(invocation.env, invocation.databaseUrl, invocation.pickDriver === true, invocation.urlVariable);
    const child = spawn(invocation.python, alembicArguments(invocation), { cwd: invocation.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const abort = () => child.kill('SIGINT');
    invocation.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => invocation.onOutput(chunk.toString('utf8'), 'stdout'));
    child.stderr.on('data', (chunk: Buffer) => invocation.onOutput(chunk.toString('utf8'), 'stderr'));
    child.on('error', (error) => {
      invocation.onOutput(`cannot run ${invocation.python}: ${error.message}\n`, 'stderr');
      resolve(ALEMBIC_NOT_STARTED);
    });
    child.on('close', (code) => {
      invocation.signal?.removeEventListener('abort', abort);
      resolve(code ?? 1);
    });
  });
}
