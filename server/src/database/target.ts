/**
 * Turns a found URL into a DatabaseTarget: parse it (PostgreSQL only), apply a password that
 * came from elsewhere (a named connection's environment variable), and collect the secrets that
 * every message must be scrubbed of.
 */
import type { FoundConnection } from './connectionSource';
import type { DatabaseTarget } from './session';
import { describeTarget, parseDatabaseUrl } from './sqlalchemyUrl';

export interface ResolvedTarget extends DatabaseTarget {
  /** The URL with `***` for the password, and where it came from. */
  redactedUrl: string;
  source: string;
  ignoredOptions: string[];
}

export function targetFromConnection(found: FoundConnection, env: Readonly<Record<string, string | undefined>> = process.env): ResolvedTarget {
  const parsed = parseDatabaseUrl(found.url);
  const settings = { ...parsed.settings };
  if (found.password !== undefined) settings.password = found.password;
  // PGPASSWORD is read by pg itself; scrub it from messages as well.
  const secrets = [settings.password, env.PGPASSWORD].filter((secret): secret is string => !!secret);
  return {
    settings,
    display: describeTarget(settings, env),
    secrets,
    canCancel: true,
    redactedUrl: parsed.redacted,
    source: found.source,
    ignoredOptions: parsed.ignoredOptions,
  };
}
