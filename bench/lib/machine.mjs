// What the benchmark ran on, for the results table: CPU model, cores, memory, Node, Alembic.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export function describeMachine(python) {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpu = match[1].trim();
  } catch {
    // Not Linux: os.cpus() already gave a model name.
  }
  const alembic = spawnSync(python, ['-c', 'import alembic, sqlalchemy; print(alembic.__version__, sqlalchemy.__version__)'], { encoding: 'utf8' });
  const [alembicVersion, sqlalchemyVersion] = (alembic.stdout ?? '').trim().split(' ');
  const pythonVersion = spawnSync(python, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout?.trim();
  return {
    cpu,
    cores: os.cpus().length,
    memoryGb: (os.totalmem() / 1024 ** 3).toFixed(1),
    loadAverage: os.loadavg()[0],
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    python: pythonVersion || 'unknown',
    alembic: alembicVersion || 'unknown',
    sqlalchemy: sqlalchemyVersion || 'unknown',
  };
}
