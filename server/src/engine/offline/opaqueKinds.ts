/**
 * Groups opaque-step reasons into a few kinds for `alembic-lens coverage`, so a history's report
 * says what mostly stops the engine (data migrations, application types, plugins, ...) before the
 * long list of steps. Reasons nest ("loop over values known only at run time (calls
 * session.query() ...)"), so the most specific cause found anywhere in the text wins, in the
 * order below.
 */
export interface OpaqueKind {
  kind: string;
  /** What the kind means, for the documentation and the JSON report. */
  pattern: RegExp;
}

/** Checked in order: the first match names the kind. */
export const OPAQUE_KINDS: readonly OpaqueKind[] = [
  { kind: 'ORM data migration', pattern: /SQLAlchemy ORM|\bsession\b|sessionmaker|ORM models|defined in the migration/i },
  { kind: 'database reflection', pattern: /inspects the live database|Inspector|inspector\.|reflect/i },
  { kind: 'database query', pattern: /queries the database|op\.get_bind\(\)|checkfirst|catalog|connection at run time|fetch(one|all)\(/i },
  { kind: 'application column type', pattern: /column type (imported from the application|from a third-party package)/ },
  { kind: 'application code', pattern: /application code|from the application|the application\b/ },
  { kind: 'third-party package', pattern: /third-party package/ },
  { kind: 'standard library', pattern: /of the standard library|from the standard library/ },
  { kind: 'plugin operation', pattern: /custom operation|runs code the engine cannot follow/ },
  { kind: 'environment arguments', pattern: /that the environment passes|command-line arguments|Alembic configuration|__name__/ },
  { kind: 'invalid operation arguments', pattern: /invalid arguments to|is not an Alembic operation|not available on batch_op/ },
  { kind: 'raise', pattern: /raises an exception/ },
  { kind: 'renderer', pattern: /^cannot render / },
];

export const OTHER_KIND = 'other Python';

export function opaqueKindOf(reason: string): string {
  for (const entry of OPAQUE_KINDS) if (entry.pattern.test(reason)) return entry.kind;
  return OTHER_KIND;
}
