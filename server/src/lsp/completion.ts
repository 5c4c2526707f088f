/**
 * Completion of revision ids inside `down_revision = "` and `depends_on = (...`: the current
 * heads first (what a new revision usually follows), then every other id with its message.
 * Detection reads the line text, not the parsed header, because a half-typed assignment does
 * not parse yet.
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver/node';
import type { Position } from '../common/range';
import { graphFacts, revisionIdOf } from './graph';
import type { Session } from './session';

/** `down_revision = "ab|` or `depends_on = ("x", "|` on one line: an open string after the `=`. */
const OPEN_STRING = /^\s*(down_revision|depends_on)\b[^=]*=([^#]*)$/;

export function completionContext(lineText: string): { variable: string; prefix: string; start: number } | undefined {
  const match = OPEN_STRING.exec(lineText);
  if (!match) return undefined;
  const value = match[2];
  let quote: string | undefined;
  let start = -1;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      start = i + 1;
    }
  }
  if (!quote) return undefined;
  const offset = lineText.length - value.length + start;
  return { variable: match[1], prefix: lineText.slice(offset), start: offset };
}

const OPENS_SEQUENCE = /^\s*(down_revision|depends_on)\b[^=]*=\s*[([]/;

/**
 * An open string on a continuation line of a multi-line `down_revision = (` / `depends_on = [`
 * value: look up a few lines for the assignment that opened the bracket (the text may not parse).
 */
function continuationContext(lines: readonly string[], position: Position, prefix: string) {
  for (let line = position.line - 1; line >= Math.max(0, position.line - 30); line--) {
    const text = lines[line] ?? '';
    const opened = OPENS_SEQUENCE.exec(text);
    if (opened) {
      if (/[)\]]/.test(text.slice(opened[0].length))) return undefined;
      const context = completionContext(`${opened[1]} = ${prefix}`);
      return context ? { ...context, start: context.start - `${opened[1]} = `.length } : undefined;
    }
    if (/[)\]]/.test(text) || /^\S/.test(text)) return undefined;
  }
  return undefined;
}

export function completions(session: Session, file: string, position: Position, lines: readonly string[]): CompletionItem[] {
  const prefix = (lines[position.line] ?? '').slice(0, position.character);
  const context = completionContext(prefix) ?? continuationContext(lines, position, prefix);
  if (!context) return [];
  const env = session.environmentFor(file);
  if (!env) return [];
  const facts = graphFacts(env);
  const migration = env.files.get(file);
  const ownId = migration ? revisionIdOf(env, migration) : undefined;
  const range = { start: { line: position.line, character: context.start }, end: position };
  const heads = new Set(facts.heads);
  const ordered = [...facts.heads, ...facts.order.filter((id) => !heads.has(id))];
  const items: CompletionItem[] = [];
  ordered.forEach((id, rank) => {
    if (id === ownId) return;
    const revision = facts.byId.get(id);
    if (!revision) return;
    const isHead = heads.has(id);
    items.push({
      label: id,
      kind: isHead ? CompletionItemKind.Event : CompletionItemKind.Reference,
      detail: `${isHead ? 'head · ' : ''}${revision.message}`.trim(),
      sortText: `${isHead ? '0' : '1'}${String(rank).padStart(6, '0')}`,
      filterText: id,
      textEdit: { range, newText: id },
    });
  });
  if (context.variable === 'depends_on') {
    for (const revision of facts.byId.values()) {
      for (const label of revision.branchLabels) {
        items.push({ label, kind: CompletionItemKind.Module, detail: `branch label of ${revision.id}`, sortText: `2${label}`, textEdit: { range, newText: label } });
      }
    }
  }
  return items;
}
