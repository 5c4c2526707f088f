/**
 * What the revision tree shows, computed from the server's `alembic/tree` result without touching
 * the `vscode` API: labels, descriptions, tooltips, icons and context values. The tree provider
 * turns these into TreeItems, and the test command `alembicLens.test.treeSnapshot` returns them
 * as JSON, so the end-to-end suite checks exactly what the user sees.
 */
import type { DatabaseState, TreeEnvironment, TreeRevision } from '../../../server/src/protocol';
import { branchGroupsOf, groupTitle, type BranchGroup } from './branchGroups';
import { classifyHeads, shortId } from './headsSummary';

export interface EnvironmentNode {
  kind: 'environment';
  key: string;
  environment: TreeEnvironment;
  /** Revisions directly, or one branch node per branch when the history has several (branchGroups.ts). */
  children: TreeNode[];
  /** Every revision node, in history order, however the children are grouped. */
  revisions: RevisionNode[];
}

export interface BranchNode {
  kind: 'branch';
  key: string;
  environment: TreeEnvironment;
  group: BranchGroup;
  parent: EnvironmentNode;
  children: RevisionNode[];
}

export interface RevisionNode {
  kind: 'revision';
  key: string;
  environment: TreeEnvironment;
  revision: TreeRevision;
  /** The environment the revision belongs to (also when a branch node sits between them). */
  parent: EnvironmentNode;
  /** The branch node it is shown under, when the tree is grouped. */
  branch?: BranchNode;
}

export interface MessageNode {
  kind: 'message';
  key: string;
  text: string;
  parent?: EnvironmentNode;
}

export type TreeNode = EnvironmentNode | BranchNode | RevisionNode | MessageNode;

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
    const node: EnvironmentNode = { kind: 'environment', key: environment.id, environment, children: [], revisions: [] };
    const byId = new Map<string, RevisionNode>();
    for (const revision of environment.revisions) {
      const child: RevisionNode = { kind: 'revision', key: `${environment.id}@${revision.id}`, environment, revision, parent: node };
      node.revisions.push(child);
      byId.set(revision.id, child);
    }
    const groups = branchGroupsOf(environment);
    if (!environment.revisions.length) node.children = [{ kind: 'message', key: `${environment.id}#empty`, text: 'No revisions yet', parent: node }];
    else if (!groups) node.children = node.revisions;
    else {
      node.children = groups.map((group) => {
        const branch: BranchNode = { kind: 'branch', key: `${environment.id}#${group.key}`, environment, group, parent: node, children: [] };
        branch.children = group.revisions.map((revision) => byId.get(revision.id)!);
        for (const child of branch.children) child.branch = branch;
        return branch;
      });
    }
    return node;
  });
}

/** The node a revision is shown under in the tree. */
export function parentNodeOf(node: RevisionNode): EnvironmentNode | BranchNode {
  return node.branch ?? node.parent;
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
  if (node.kind === 'branch') return branchView(node.group);
  return revisionView(node.revision, node.environment, relativePath, database);
}

function databaseText(database: DatabaseState): string {
  if (!database.ok) return `${database.connection}: ${database.message ?? 'unknown'}`;
  return `${database.connection}: ${database.current.length ? database.current.join(', ') : 'empty (base)'}`;
}

function environmentView(environment: TreeEnvironment, relativePath: (file: string) => string, database?: DatabaseState): NodeView {
  const multiple = environment.heads.length > 1;
  // Heads of labelled branches are the design (expand / contract): only the others are a warning.
  const unexplained = multiple ? classifyHeads(environment).unexplained.length : 0;
  const headText = multiple
    ? `${environment.heads.length} heads${unexplained === 0 ? ', one per branch label' : ''}`
    : environment.heads.length === 1
      ? `head ${environment.heads[0]}`
      : 'no revisions';
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
    iconColor: unexplained > 0 ? 'problemsWarningIcon.foreground' : undefined,
    contextValue: multiple ? 'environment.multipleHeads' : 'environment',
    expanded: true,
    file: environment.configFile,
    line: 0,
  };
}

function branchView(group: BranchGroup): NodeView {
  const title = groupTitle(group);
  const headText = group.heads.length === 0 ? '' : group.heads.length === 1 ? `head ${shortId(group.heads[0])}` : `${group.heads.length} heads`;
  const count = `${group.revisions.length} revision${group.revisions.length === 1 ? '' : 's'}`;
  return {
    label: title,
    description: [headText, count].filter(Boolean).join(' · '),
    tooltip: [
      group.labels.length ? `Branch ${group.labels.join(', ')}` : `Revisions without a branch label descending from base ${group.root}`,
      count,
      group.heads.length ? `Head${group.heads.length > 1 ? 's' : ''}: ${group.heads.join(', ')}` : 'No head here (the branch continues in another group)',
    ].join('\n'),
    icon: 'git-branch',
    iconColor: group.heads.length > 1 ? 'problemsWarningIcon.foreground' : undefined,
    contextValue: group.heads.length > 1 ? 'branch.multipleHeads' : 'branch',
    expanded: true,
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
    // Every label that applies, inherited ones too: each revision says which branch it is on.
    ...revision.branches.map((label) => `@${label}`),
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
    revision.branches.length > revision.labels.length ? `On branch: ${revision.branches.join(', ')}` : '',
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
