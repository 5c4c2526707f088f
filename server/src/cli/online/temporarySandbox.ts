/** An embedded database in a fresh temporary folder, removed when closed (roundtrip without --sandbox, drift's reference). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Sandbox } from '../../database/sandbox';
import { openSandboxOrFail } from './runOnlineCommand';

export async function openTemporarySandbox(): Promise<Sandbox> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-lens-sandbox-'));
  try {
    const sandbox = await openSandboxOrFail(path.join(folder, 'db'));
    return {
      target: sandbox.target,
      seed: sandbox.seed,
      async close() {
        try {
          await sandbox.close();
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
