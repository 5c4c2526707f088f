/**
 * The embedded databases (PGlite) the server has open, one per folder. PGlite holds its folder
 * exclusively, so every request on the same folder must share one instance; they stay open until
 * the folder is reset or the server shuts down.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSandbox, type Sandbox } from '../../database/sandbox';

export class SandboxPool {
  private readonly open = new Map<string, Promise<Sandbox>>();

  get(folder: string): Promise<Sandbox> {
    const key = path.resolve(folder);
    let sandbox = this.open.get(key);
    if (!sandbox) {
      sandbox = openSandbox(key);
      // A failed start is not kept: the next request tries again.
      sandbox.catch(() => this.open.delete(key));
      this.open.set(key, sandbox);
    }
    return sandbox;
  }

  /** Closes the folder's database (if open) and deletes the folder; true when there was one. */
  async reset(folder: string): Promise<boolean> {
    const key = path.resolve(folder);
    await this.close(key);
    const existed = fs.existsSync(key);
    fs.rmSync(key, { recursive: true, force: true });
    return existed;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((key) => this.close(key)));
  }

  private async close(key: string): Promise<void> {
    const sandbox = this.open.get(key);
    this.open.delete(key);
    if (!sandbox) return;
    try {
      await (await sandbox).close();
    } catch {
      // A database that failed to open or is already closed has nothing left to release.
    }
  }
}
