/**
 * The text of a new revision file as Alembic's default `script.py.mako` renders it: the
 * docstring header, the typed identifier variables and empty upgrade/downgrade.
 */
import { stringRepr } from '../../common/pythonRepr';

export interface NewRevision {
  revisionId: string;
  /** Parents: none for a base, one for `revision`, the heads for `merge`. */
  downRevisions: readonly string[];
  message: string;
  /** As Python's `str(datetime)` prints it (see pythonDateString). */
  createDate: string;
}

/** `datetime.now()` as Python's `str()` prints it: `2026-11-25 20:10:14.123456`. */
export function pythonDateString(date: Date): string {
  const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}000`;
}

/** Alembic's `tuple_rev_as_scalar`: None for no parent, the id for one, a tuple for several. */
function downRevisionRepr(ids: readonly string[]): string {
  if (ids.length === 0) return 'None';
  if (ids.length === 1) return stringRepr(ids[0]);
  return `(${ids.map(stringRepr).join(', ')})`;
}

export function revisionText(revision: NewRevision): string {
  return `"""${revision.message}

Revision ID: ${revision.revisionId}
Revises: ${revision.downRevisions.join(', ')}
Create Date: ${revision.createDate}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = ${stringRepr(revision.revisionId)}
down_revision: Union[str, Sequence[str], None] = ${downRevisionRepr(revision.downRevisions)}
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
