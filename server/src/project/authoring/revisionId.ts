/** A new revision id as Alembic makes one: the last 12 hex digits of a random UUID (`uuid4().hex[-12:]`). */
import { randomUUID } from 'node:crypto';

export function newRevisionId(): string {
  return randomUUID().replace(/-/g, '').slice(-12);
}
