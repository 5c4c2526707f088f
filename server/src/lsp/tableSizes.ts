/**
 * Real table sizes in the editor's lint findings: once the client has read an environment's
 * database (a successful alembic/current on a URL connection, which the client sends only after
 * the user confirmed the host of a workspace-defined connection), lock findings on tables that
 * database has state their size ("AccessExclusiveLock on orders (about 12 million rows, 3.1 GB):
 * ..."), as `check --url` does (lint/trace/tableSizes.ts). Publishing stays synchronous: sizes not
 * known yet are read in the background (read-only queries) and the files are republished. The
 * password is used for the connection only; log lines name the connection and its host.
 */
import type { Problem } from '../common/problem';
import { redactSecrets } from '../database/errors';
import { openSession } from '../database/session';
import { targetFromConnection } from '../database/target';
import { readTableSizes, tablesToMeasure, withTableSizes, type TableSize } from '../lint/trace/tableSizes';
import type { Environment } from '../project/types';
import type { ConnectionTarget } from '../protocol';
import type { Logger } from './safe';

interface SizeSource {
  connection: Extract<ConnectionTarget, { kind: 'url' }>;
  /** null: the database has no such table (or it could not be read): asked once. */
  sizes: Map<string, TableSize | null>;
  pending: Set<string>;
  reading: boolean;
}

export interface TableSizeHooks {
  logger: Logger;
  /** Sizes arrived: publish the open files again. */
  republish(): void;
}

export class TableSizeService {
  private readonly sources = new Map<string, SizeSource>();

  constructor(private readonly hooks: TableSizeHooks) {}

  /** The database the client read for an environment (url connections only; the embedded one has no production sizes). */
  remember(environmentId: string, connection: ConnectionTarget): void {
    if (connection.kind !== 'url') {
      this.sources.delete(environmentId);
      return;
    }
    const known = this.sources.get(environmentId);
    if (known && known.connection.name === connection.name && known.connection.url === connection.url) {
      known.connection = connection;
      return;
    }
    this.sources.set(environmentId, { connection, sizes: new Map(), pending: new Set(), reading: false });
    this.hooks.republish();
  }

  annotate(env: Environment | undefined, problems: Problem[]): Problem[] {
    const source = env ? this.sources.get(env.config.id) : undefined;
    if (!source || problems.length === 0) return problems;
    const missing = tablesToMeasure(problems).filter((table) => !source.sizes.has(table));
    if (missing.length > 0) this.read(source, missing);
    const known = new Map([...source.sizes].filter((entry): entry is [string, TableSize] => entry[1] !== null));
    return withTableSizes(problems, known);
  }

  private read(source: SizeSource, tables: string[]): void {
    for (const table of tables) source.pending.add(table);
    if (source.reading) return;
    source.reading = true;
    void (async () => {
      const asked = [...source.pending];
      source.pending.clear();
      const secrets = source.connection.password ? [source.connection.password] : [];
      try {
        const target = targetFromConnection({ url: source.connection.url, source: `connection '${source.connection.name}'`, password: source.connection.password || undefined });
        secrets.push(...target.secrets);
        const session = await openSession(target, 'alembic-lens table sizes');
        try {
          const sizes = await readTableSizes(session, asked);
          for (const table of asked) source.sizes.set(table, sizes.get(table) ?? null);
        } finally {
          await session.close();
        }
      } catch (error) {
        for (const table of asked) source.sizes.set(table, null);
        this.hooks.logger.warn(redactSecrets(`[alembic-lens] table sizes from connection '${source.connection.name}' not read: ${error instanceof Error ? error.message : String(error)}`, secrets));
      } finally {
        source.reading = false;
      }
      if (source.pending.size > 0) this.read(source, []);
      this.hooks.republish();
    })();
  }
}
