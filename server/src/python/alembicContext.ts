/**
 * Whether a call in env.py is one of Alembic's `context` functions (`configure`,
 * `is_offline_mode`, `execute`), however env.py imported it: `context.configure`, `alembic.context.configure`,
 * `from alembic import context as ctx` then `ctx.configure`, `import alembic as a` then
 * `a.context.configure`, or the function itself (`from alembic.context import configure`, maybe
 * `as cfg`; abrt/faf's env.py calls a bare `configure(url=url)`). Not another library's function of
 * the same name: `MigrationContext.configure(connection)` (Growen's env.py) or a sessionmaker's
 * `Session.configure(bind=engine)` (subunit2sql's) configure nothing of Alembic's.
 */

/** `callee`: the text of the called expression (`context.configure`, `cfg`); `envSource`: env.py's text. */
export function isAlembicContextCall(callee: string, name: 'configure' | 'is_offline_mode' | 'execute', envSource: string): boolean {
  const compact = callee.replace(/\s+/g, '');
  const dot = compact.lastIndexOf('.');
  if (dot < 0) return importedFromContext(envSource).get(compact) === name;
  if (compact.slice(dot + 1) !== name) return false;
  const receiver = compact.slice(0, dot);
  const last = receiver.slice(receiver.lastIndexOf('.') + 1);
  return last === 'context' || last === 'ctx' || contextAliases(envSource).has(receiver);
}

export function isContextConfigure(callee: string, envSource: string): boolean {
  return isAlembicContextCall(callee, 'configure', envSource);
}

/**
 * The names `from alembic.context import a, b as c` binds → the function each stands for; a star
 * import binds both functions under their own names.
 */
function importedFromContext(envSource: string): Map<string, string> {
  const bound = new Map<string, string>();
  for (const match of envSource.matchAll(/^[ \t]*from[ \t]+alembic\.context[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)/gm)) {
    // Comments go first: inside a parenthesised list they may sit between names.
    const list = match[1].replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ');
    if (list.trim() === '*') {
      bound.set('configure', 'configure');
      bound.set('is_offline_mode', 'is_offline_mode');
      bound.set('execute', 'execute');
      continue;
    }
    for (const part of list.split(',')) {
      const item = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (item) bound.set(item[2] ?? item[1], item[1]);
    }
  }
  return bound;
}

/** The names env.py gives Alembic's context module (`from alembic import context as ctx`, `import alembic as a` → `a.context`, `import alembic.context as c`). */
function contextAliases(envSource: string): Set<string> {
  const names = new Set<string>();
  for (const match of envSource.matchAll(/^\s*from\s+alembic\s+import\s+\(?([^\n)]*)/gm)) {
    for (const part of match[1].split(',')) {
      const alias = /^\s*context\s+as\s+(\w+)/.exec(part);
      if (alias) names.add(alias[1]);
    }
  }
  for (const match of envSource.matchAll(/^\s*import\s+alembic\s+as\s+(\w+)/gm)) names.add(`${match[1]}.context`);
  for (const match of envSource.matchAll(/^\s*import\s+alembic\.context\s+as\s+(\w+)/gm)) names.add(match[1]);
  return names;
}
