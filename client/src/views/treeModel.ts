/**
 * What the revision tree shows, computed from the server's `alembic/tree` result without touching
 * the `vscode` API: labels, descriptions, tooltips, icons and context values. The tree provider
 * turns these into TreeItems, and the test command `alembicLens.test.treeSnapshot` returns them
 * as JSON, so the end-to-end suite checks exactly what the user sees.
 */
import type { DatabaseState, TreeEnvironment, TreeRevision } from '../../../server/src/protocol';

export interface EnvironmentNode {
  kind: 'environment';
  key: string;
  environment: TreeEnvironment;
  children: TreeNode[];
}

export interface RevisionNode {
  kind: 'revision';
  key: string;
  environment: TreeEnvironment;
  revision: TreeRevision;
  parent: EnvironmentNode;
}

export interface MessageNode {
  kind: 'message';
  key: string;
  text: string;
  parent?: EnvironmentNode;
}

export type TreeNode = EnvironmentNode | RevisionNode | MessageNode;

/** Presentation of one node, independent of the vscode API. */
export interface NodeView {
  label: string;
  description?: string;
  tooltip: string;
  icon: string;
  iconColor?: string;
  contextValue: string;
  expanded?: boolean;
  file?: string;
  line?: number;
}

export function buildNodes(environments: readonly TreeEnvironment[]): EnvironmentNode[] {
  return environments.map((environment) => {
    const node: EnvironmentNode = { kind: 'environment', key: environment.id, environment, children: [] };
    node.children = environment.revisions.length
      ? environment.revisions.map((revision) => ({ kind: 'revision', key: `${environment.id}@${revision.id}`, environment, revision, parent: node }))
      : [{ kind: 'message', key: `${environment.id}#empty`, text: 'No revisions yet', parent: node }];
    return node;
  });
}

/** First matching rule wins: a problem outranks the graph position, a head outranks a merge. */
const REVISION_ICONS: { applies: (r: TreeRevision) => boolean; icon: string; color?: string; word: string }[] = [
  { applies: (r) => r.problemCount > 0, icon: 'warning', color: 'problemsWarningIcon.foreground', word: 'problem' },
  { applies: (r) => r.markers.head, icon: 'arrow-circle-up', color: 'charts.green', word: 'head' },
  { applies: (r) => r.markers.mergepoint, icon: 'git-merge', word: 'merge point' },
  { applies: (r) => r.markers.branchpoint, icon: 'repo-forked', word: 'branch point' },
  { applies: (r) => r.markers.base, icon: 'debug-breakpoint-log-unverified', word: 'base' },
  { applies: () => true, icon: 'git-commit', word: 'revision' },
];

export function markerWords(revision: TreeRevision): string[] {
  const words: string[] = [];
  if (revision.markers.head) words.push('head');
  if (revision.markers.mergepoint) words.push('mergepoint');
  if (revision.markers.branchpoint) words.push('branchpoint');
  if (revision.markers.base) words.push('base');
  return words;
}

/** Where a revision stands in the database of the active connection. */
export type DatabaseMark = 'current' | 'applied' | 'pending';

export function databaseMark(revisionId: string, database: DatabaseState | undefined): DatabaseMark | undefined {
  if (!database?.ok) return undefined;
  if (database.current.includes(revisionId)) return 'current';
  return database.applied.includes(revisionId) ? 'applied' : 'pending';
}

/** The database marks outrank the graph icons (the description still says head, merge point, ...); a problem outranks both. */
const DATABASE_ICONS: Record<DatabaseMark, { icon: string; color?: string }> = {
  current: { icon: 'pass-filled', color: 'charts.green' },
  applied: { icon: 'pass', color: 'charts.green' },
  pending: { icon: 'circle-large-outline' },
};

export function viewOf(node: TreeNode, relativePath: (file: string) => string = (f) => f, database?: DatabaseState): NodeView {
  if (node.kind === 'message') return { label: node.text, tooltip: node.text, icon: 'info', contextValue: 'message' };
  if (node.kind === 'environment') return environmentView(node.environment, relativePath, database);
  return revisionView(node.revision, node.environment, relativePath, database);
}

function databaseText(database: DatabaseState): string {
  if (!database.ok) return `${database.connection}: ${database.message ?? 'unknown'}`;
  return `${database.connection}: ${database.current.length ? database.current.join(', ') : 'empty (base)'}`;
}

function environmentView(environment: TreeEnvironment, relativePath: (file: string) => string, database?: DatabaseState): NodeView {
  const multiple = environment.heads.length > 1;
  const headText = multiple ? `${environment.heads.length} heads` : environment.heads.length === 1 ? `head ${environment.heads[0]}` : 'no revisions';
  const tooltip = [
    `Alembic environment "${environment.name}"`,
    `Config: ${environment.configFile}`,
    `Scripts: ${environment.scriptLocation}`,
    `${environment.revisions.length} revisions, ${headText}`,
    environment.problemCount ? `${environment.problemCount} problems` : 'No problems',
    ...(database ? [`Database ${database.display ? `${database.display} ` : ''}(${databaseText(database)})`] : []),
  ].join('\n');
  return {
    label: environment.name,
    description: [relativePath(environment.configFile), database ? databaseText(database) : ''].filter(Boolean).join(' · '),
    tooltip,
    icon: 'database',
    iconColor: multiple ? 'problemsWarningIcon.foreground' : undefined,
    contextValue: multiple ? 'environment.multipleHeads' : 'environment',
    expanded: true,
    file: environment.configFile,
    line: 0,
  };
}

function revisionView(revision: TreeRevision, environment: TreeEnvironment, relativePath: (file: string) => string, database?: DatabaseState): NodeView {
  const graphRule = REVISION_ICONS.find((candidate) => candidate.applies(revision))!;
  const mark = databaseMark(revision.id, database);
  const rule = mark && revision.problemCount === 0 ? DATABASE_ICONS[mark] : graphRule;
  const markers = markerWords(revision);
  const description = [
    mark ?? '',
    markers.length ? `(${markers.join(', ')})` : '',
    ...revision.labels.map((label) => `@${label}`),
    revision.dependsOn.length ? `depends on ${revision.dependsOn.join(', ')}` : '',
    revision.message,
  ]
    .filter(Boolean)
    .join(' · ');
  const tooltip = [
    `${revision.id}${markers.length ? ` (${markers.join(', ')})` : ''}`,
    revision.message || '(no message)',
    revision.createDate ? `Created: ${revision.createDate}` : '',
    revision.file ? `File: ${relativePath(revision.file)}` : '',
    `Revises: ${revision.downRevisions.length ? revision.downRevisions.join(', ') : '<base>'}`,
    revision.children.length ? `Children: ${revision.children.join(', ')}` : '',
    revision.labels.length ? `Branch labels: ${revision.labels.join(', ')}` : '',
    revision.dependsOn.length ? `Depends on: ${revision.dependsOn.join(', ')}` : '',
    revision.problemCount ? `${revision.problemCount} problem${revision.problemCount > 1 ? 's' : ''} in this file` : '',
    mark && database ? `Database ${database.connection}${database.display ? ` (${database.display})` : ''}: ${mark === 'pending' ? 'not applied' : mark}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const flags = ['revision', ...markers, ...(mark ? [mark] : [])];
  if (revision.markers.head && environment.heads.length > 1) flags.push('multipleHeads');
  return {
    label: revision.id,
    description,
    tooltip,
    icon: rule.icon,
    iconColor: rule.color,
    contextValue: flags.join('.'),
    file: revision.file,
    line: revision.line,
  };
}
