/**
 * The `alembic revision ...` / `alembic merge ...` arguments (from the command name on) that
 * reproduce a request of ours, with our revision id as `--rev-id` so Alembic writes the revision
 * we planned. One builder for the two places that hand authoring to the real Alembic: the CLI's
 * `--python` fallback (cli/commands/alembicRevision.ts) and autogenerate or a template the
 * renderer refuses (alembicAutogenerate.ts).
 */
export interface RevisionArgumentsSpec {
  /** `merge` takes the heads as positionals; `revision` takes at most one `--head`; both take `--splice`. */
  command: 'revision' | 'merge';
  message?: string;
  revisionId: string;
  /** For `merge`: every head merged; for `revision`: the first one is `--head`. */
  heads?: readonly string[];
  autogenerate?: boolean;
  splice?: boolean;
  branchLabel?: string;
  versionPath?: string;
  dependsOn?: readonly string[];
}

export function revisionArguments(spec: RevisionArgumentsSpec): string[] {
  const args: string[] = [spec.command];
  if (spec.command === 'revision' && spec.autogenerate) args.push('--autogenerate');
  if (spec.message !== undefined) args.push('-m', spec.message);
  args.push('--rev-id', spec.revisionId);
  if (spec.command === 'merge') {
    args.push(...(spec.heads ?? []));
    // `alembic merge --splice` exists since Alembic 1.18.5.
    if (spec.splice) args.push('--splice');
  } else {
    if (spec.heads?.length) args.push('--head', spec.heads[0]);
    if (spec.splice) args.push('--splice');
    if (spec.versionPath !== undefined) args.push('--version-path', spec.versionPath);
    for (const dependency of spec.dependsOn ?? []) args.push('--depends-on', dependency);
  }
  if (spec.branchLabel !== undefined) args.push('--branch-label', spec.branchLabel);
  return args;
}
