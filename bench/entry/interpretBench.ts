/**
 * Interpretation cost next to parsing, for bench/run.mjs (bundled by it with esbuild):
 * `node interpret-bench.cjs` prints one JSON line. Interpretation walks the parsed tree once, so
 * it should cost a small multiple of a parse (the parse included); the ratio is what to watch,
 * since both are measured in the same process on the same text. Two inputs: a typical 5 KB
 * migration and a squashed history of about 7,000 lines.
 */
import { performance } from 'node:perf_hooks';
import { parsePython } from '../../server/src/python/parser';
import { interpretMigration } from '../../server/src/engine/interpret/index';

function migration(statements: number): string {
  let body = '';
  for (let i = 0; i < statements; i++) {
    body += `    op.add_column("t${i % 7}", sa.Column("c${i}", sa.String(255), nullable=False, server_default="x"))\n`;
    if (i % 5 === 0) body += `    op.execute("UPDATE t${i % 7} SET c${i} = 'y' WHERE c${i} IS NULL")\n`;
  }
  return `from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n${body}\n\ndef downgrade():\n    pass\n`;
}

/** Best of several batches, after a warm-up: the minimum is what the code costs when the machine lets it run. */
function bestOf(run: () => void, repeat: number, batches: number): number {
  for (let i = 0; i < Math.min(repeat, 5); i++) run();
  let best = Infinity;
  for (let batch = 0; batch < batches; batch++) {
    const started = performance.now();
    for (let i = 0; i < repeat; i++) run();
    best = Math.min(best, (performance.now() - started) / repeat);
  }
  return best;
}

function measure(statements: number, repeat: number, batches: number) {
  const text = migration(statements);
  const parseMs = bestOf(() => parsePython(text), repeat, batches);
  const interpretMs = bestOf(() => interpretMigration('/m.py', text), repeat, batches);
  return { lines: text.split('\n').length, kilobytes: text.length / 1024, parseMs, interpretMs };
}

process.stdout.write(`${JSON.stringify({ typical: measure(40, 20, 7), squashed: measure(5850, 1, 3) })}\n`);
