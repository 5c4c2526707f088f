/**
 * `sa.distinct(x)` and `x.distinct()` (survey GU), compared with the real Alembic 1.20 /
 * SQLAlchemy 2.1 under `--sql`: `count(DISTINCT t.name)` in a select, a scalar subquery's SET
 * value and an IN subquery, the operand grouped as under any operator of DISTINCT's precedence
 * (`count(DISTINCT (t.x > 1))`, `count(DISTINCT t.x + 1)`), and among a select's columns bare of
 * a column (`SELECT DISTINCT t.name`) or labelled (`DISTINCT t.x + 1 AS anon_1`). Lens refused
 * both as unsupported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameAsAlembic, baseRevision, isolateCache, offlineProject, requireAlembic } from './sql-parity-helpers';

requireAlembic();
isolateCache();

test('DISTINCT of an expression prints as SQLAlchemy prints it', async () => {
  const dir = offlineProject('sql-distinct-expression-', {
    'migrations/versions/a1_distinct.py': baseRevision({
      helpers: [
        'post = sa.table("post", sa.column("id", sa.Integer), sa.column("author_id", sa.Integer), sa.column("tag", sa.String), sa.column("score", sa.Integer))',
        'author = sa.table("author", sa.column("id", sa.Integer), sa.column("tags", sa.Integer))',
      ],
      upgrade: [
        'op.execute(author.update().values(tags=sa.select(sa.func.count(sa.distinct(post.c.tag))).where(post.c.author_id == author.c.id).scalar_subquery()))',
        'op.execute(sa.select(sa.func.count(post.c.tag.distinct()).label("n"), sa.func.array_agg(sa.distinct(post.c.score))).group_by(post.c.author_id))',
        'op.execute(sa.select(sa.func.count(sa.distinct(post.c.score + 1)), sa.func.count(sa.distinct(post.c.score > 1)), sa.func.count(sa.distinct(post.c.tag + "x")), sa.func.count(sa.distinct(sa.or_(post.c.score > 1, post.c.score < 0)))))',
        'op.execute(sa.select(post.c.tag.distinct(), post.c.score))',
        'op.execute(sa.select(sa.distinct(post.c.score + 1)))',
        'op.execute(author.delete().where(author.c.id.in_(sa.select(post.c.author_id.distinct()))))',
      ],
    }),
  });
  const printed = await assertSameAsAlembic(dir, ['upgrade', 'head', '--sql']);
  assert.match(printed, /SET tags=\(SELECT count\(DISTINCT post\.tag\) AS count_1 /);
  assert.match(printed, /count\(DISTINCT \(post\.score > 1\)\)/);
});
