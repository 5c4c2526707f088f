/** The database actions on a revision (the CodeLens on its `revision = ...` line and the tree's menu). */
export type OnlineActionName = 'upgrade' | 'downgrade' | 'stamp' | 'dryRun';
