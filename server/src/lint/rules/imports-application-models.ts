/**
 * A migration that imports the application's models (or anything from a `models` module) runs
 * against the code as it is when the migration runs, not as it was when it was written: when a
 * model, an enum or a column type there changes later, old migrations change meaning or stop
 * importing, and a fresh database can no longer be built from the history. indico, for one,
 * copies the enums its migrations need into the migration for this reason.
 *
 * Import statements are line-shaped, so the text is read line by line (docstrings and other
 * triple-quoted strings skipped) rather than through the interpreter, which only follows the
 * imports it needs for the operations.
 */
import type { SourceRange } from '../../common/range';
import type { LintRule } from '../types';

/** Libraries with a `models` module of their own that a migration may use safely. */
const LIBRARIES = new Set(['alembic', 'sqlalchemy', 'sqlalchemy_utils', 'geoalchemy2', 'sqlmodel']);

const IMPORT_FROM = /^(\s*)from\s+([.\w]+)\s+import\s+(.+)$/;
const IMPORT = /^(\s*)import\s+(.+)$/;

function isModelsPath(module: string): boolean {
  const parts = module.split('.');
  if (LIBRARIES.has(parts[0])) return false;
  return parts.some((part) => part === 'models' || part === 'model' || part.endsWith('_models'));
}

/** The modules an import line brings in that are models, as written. */
function modelImports(line: string): string[] {
  const from = IMPORT_FROM.exec(line);
  if (from) {
    const module = from[2];
    if (isModelsPath(module)) return [module];
    if (LIBRARIES.has(module.split('.')[0])) return [];
    // `from app import models`: the names imported may be the models module itself.
    const names = from[3].replace(/[()\\]/g, '').split(',').map((name) => name.trim().split(/\s+as\s+/)[0]);
    return names.filter((name) => name === 'models' || name.endsWith('_models')).map((name) => `${module}.${name}`);
  }
  const plain = IMPORT.exec(line);
  if (!plain) return [];
  return plain[2]
    .split(',')
    .map((name) => name.trim().split(/\s+as\s+/)[0])
    .filter(isModelsPath);
}

export const importsApplicationModels: LintRule = {
  code: 'imports-application-models',
  defaultSeverity: 'warning',
  title: "Migration imports the application's models",
  checkMigration(context) {
    // Every module or name this rule reports contains "model" (models, model, *_models): a text
    // without it has nothing to report, and most migrations are such texts (a fifth of the lint's
    // time in a 5,000-revision history went into splitting and scanning them line by line).
    if (!context.migration.text.includes('model')) return;
    const lines = context.migration.text.split('\n');
    let quote: string | undefined;
    lines.forEach((raw, index) => {
      const line = raw.replace(/\r$/, '');
      // Inside a triple-quoted string (a docstring, SQL): not code.
      const quotes = [...line.matchAll(/"""|'''/g)].map((match) => match[0]);
      const wasInString = quote !== undefined;
      for (const mark of quotes) {
        if (quote === undefined) quote = mark;
        else if (quote === mark) quote = undefined;
      }
      if (wasInString || quotes.length > 0) return;
      const code = line.replace(/\s+#.*$/, '');
      for (const module of modelImports(code)) {
        const start = line.length - line.trimStart().length;
        const range: SourceRange = { start: { line: index, character: start }, end: { line: index, character: code.length } };
        context.report(
          range,
          `this migration imports ${module}, the application's models as they are when the migration runs, not as they were when it was written: ` +
            'when they change, this migration changes meaning or fails, and a new database cannot be built from the history; ' +
            'copy what it needs (table names, enum values, a sa.table() with the columns it touches) into the migration',
        );
      }
    });
  },
};
