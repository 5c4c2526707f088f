/**
 * The merge revision Alembic's `alembic merge -m "merge heads" <heads>` would write: a random
 * 12-hex id (`uuid4().hex[-12:]`), a file name from the environment's `file_template`, the
 * docstring header, `down_revision` as the tuple of heads, and empty upgrade/downgrade.
 * Built here as text plus a WorkspaceEdit so the editor applies (and can undo) it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Environment } from '../project/types';
import type { ProtocolWorkspaceEdit } from '../protocol';
import { graphFacts } from './graph';
import { pathToUri } from './uri';

export interface MergeRevisionPlan {
  file: string;
  revisionId: string;
  content: string;
  heads: string[];
}

export function newRevisionId(): string {
  return randomUUID().replace(/-/g, '').slice(-12);
}

/** Alembic's slug: the words of the message joined by `_`, lower-cased, cut at a word boundary. */
export function slugOf(message: string, truncateLength = 40): string {
  let slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join('_').toLowerCase();
  if (slug.length > truncateLength) slug = slug.slice(0, truncateLength).replace(/_[^_]*$/, '') + '_';
  return slug;
}

/** Python `%`-formatting of a file_template with named fields (`%(rev)s`, `%(month).2d`, `%%`). */
export function formatFileTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/%(?:\((\w+)\)([-#0 +]*)(\d*)(?:\.(\d+))?([sdi])|%)/g, (whole, name: string | undefined, flags: string, width: string, precision: string, type: string) => {
    if (!name) return '%';
    const value = values[name];
    if (value === undefined) return whole;
    let text: string;
    if (type === 's') text = String(value);
    else {
      const number = Math.trunc(Number(value));
      text = String(Math.abs(number));
      if (precision) text = text.padStart(Number(precision), '0');
      if (number < 0) text = `-${text}`;
    }
    if (width) text = flags.includes('-') ? text.padEnd(Number(width)) : text.padStart(Number(width), flags.includes('0') && type !== 's' ? '0' : ' ');
    return text;
  });
}

/** `datetime.now()` as Python's `str()` prints it: `2026-11-25 20:10:14.123456`. */
export function pythonDateString(date: Date): string {
  const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`;
}

function pythonRepr(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function mergeRevisionText(revisionId: string, heads: string[], message: string, createDate: string): string {
  const downRevision = `(${heads.map(pythonRepr).join(', ')}${heads.length === 1 ? ',' : ''})`;
  return `"""${message}

Revision ID: ${revisionId}
Revises: ${heads.join(', ')}
Create Date: ${createDate}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = ${pythonRepr(revisionId)}
down_revision: Union[str, Sequence[str], None] = ${downRevision}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
`;
}

/** The folder Alembic writes to: the first head's folder when it is a version location, else the first location. */
function targetFolder(env: Environment, heads: string[]): string {
  const facts = graphFacts(env);
  const locations = env.config.versionLocations.length ? env.config.versionLocations : [path.join(env.config.scriptLocation, 'versions')];
  for (const head of heads) {
    const file = facts.byId.get(head)?.file;
    if (file && locations.includes(path.dirname(file))) return path.dirname(file);
  }
  return locations[0];
}

export function planMergeRevision(env: Environment, heads: string[], message = 'merge heads', now = new Date(), revisionId = newRevisionId()): MergeRevisionPlan {
  const slug = slugOf(message);
  const values = {
    rev: revisionId,
    slug,
    epoch: Math.floor(now.getTime() / 1000),
    year: now.getFullYear(),
    month: now.getMonth() + 1,
    day: now.getDate(),
    hour: now.getHours(),
    minute: now.getMinutes(),
    second: now.getSeconds(),
  };
  const template = env.config.fileTemplate || '%(rev)s_%(slug)s';
  const file = path.join(targetFolder(env, heads), `${formatFileTemplate(template, values)}.py`);
  return { file, revisionId, heads, content: mergeRevisionText(revisionId, heads, message, pythonDateString(now)) };
}

export function mergeRevisionEdit(plan: MergeRevisionPlan): ProtocolWorkspaceEdit {
  const uri = pathToUri(plan.file);
  return {
    documentChanges: [
      { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: plan.content }] },
    ],
  };
}

/** Fallback for clients without `workspace/applyEdit`: write the file directly (never overwrite). */
export function writeMergeRevision(plan: MergeRevisionPlan): boolean {
  try {
    fs.mkdirSync(path.dirname(plan.file), { recursive: true });
    fs.writeFileSync(plan.file, plan.content, { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}
