/**
 * The revision graph's contract. The graph knows nothing about files: callers hand it plain
 * revision records with an opaque `key` (the index uses the file path) and get back a map plus
 * typed issues that name revisions and fields, which the index turns into located problems.
 */
import type { Problem } from '../common/problem';

export interface RevisionInput {
  id: string;
  /** Empty for a base. Several entries for a merge. */
  downRevisions: readonly string[];
  branchLabels: readonly string[];
  /** Revision ids, partial ids or branch labels, as written. */
  dependsOn: readonly string[];
  /** Caller's handle for where the revision came from (a file path for the index). */
  key: string;
  /**
   * Set by loaders that read literal values only, when a field names a constant imported from
   * another module: the record is incomplete and the caller must resolve it (the graph ignores this).
   */
  hasUnresolvedReferences?: boolean;
  /**
   * Set by the engine's loader when Python cannot compile the file though its header reads (bytes
   * that are not UTF-8): Alembic fails every command over the folder (the graph ignores this).
   */
  unloadable?: Problem;
  /** Docstring message, for `history`/`show` output. */
  message?: string;
  /**
   * The whole module docstring, stripped (Alembic's `Script.longdoc`), for `show` and
   * `history -v`; its first paragraph (split at the first blank line, line breaks kept) is what
   * `history` prints. When absent, `message` is used for both.
   */
  docstring?: string;
  /** Extra fields `show`/`history -v` print (Create Date, path, ...); the graph only carries them. */
  createDate?: string;
  path?: string;
}

/** Which part of a revision an issue is about, so the index can pick the right source range. */
export type RevisionField = 'revision' | 'down_revision' | 'depends_on' | 'branch_labels';

export interface IssueSubject {
  id: string;
  key: string;
  field: RevisionField;
  /** The offending entry of a list field (the missing parent id, the reused label, ...). */
  value?: string;
}

export interface GraphIssue {
  /** Stable kebab-case code (see diagnostics/codes.ts). */
  code: string;
  severity: 'error' | 'warning' | 'information';
  /** Alembic's own wording where Alembic reports this condition. */
  message: string;
  /** The primary subject first, then every other revision involved. */
  subjects: IssueSubject[];
  data?: Record<string, unknown>;
}
