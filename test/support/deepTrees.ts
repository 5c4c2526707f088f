/**
 * Run by test/unit/python/deepTrees.test.ts in a child Node with a chosen stack size: parses the
 * deeply nested sources named on the command line and prints, as JSON, per source whether the
 * fast parser answered and whether its tree is stored exactly as lezer's own `Tree.build` stores
 * it (`compare`, `parse`), or the syntax problems of each source lezer parses (`problems`).
 * Trees are compared by an iterative walk: a recursive one needs the very stack at issue.
 */
import { Tree, TreeBuffer } from '@lezer/common';
import { parser } from '@lezer/python';
import { fastParsePython, fastParsePythonBuiltByLezer } from '../../server/src/python/fast/fastParser';
import { parsePython } from '../../server/src/python/parser';
import { syntaxProblems } from '../../server/src/python/syntaxProblems';
import { LineIndex } from '../../server/src/common/range';

export const DEEP_SOURCES: Record<string, string> = {
  plusChain: `x = ${Array(2994).fill('1').join(' + ')}\n`,
  timesChain: `x = ${Array(3500).fill('1').join(' * ')}\n`,
  orChain: `x = ${Array(6000).fill('a').join(' | ')}\n`,
  attributes: `x = a${'.b'.repeat(3000)}\n`,
  inFunction: `def f():\n    return ${Array(3200).fill('1').join(' - ')}\n`,
  calls: `x = f${'(1)'.repeat(2800)}\n`,
};

/** Deep sources the fast parser leaves to lezer (brackets, a lambda). */
export const LEZER_DEEP_SOURCES: Record<string, string> = {
  brackets: `import x\n\nx = ${'('.repeat(3000)}1${')'.repeat(3000)}\n`,
  chainBesideLambda: `f = lambda: 1\n\nx = ${Array(2600).fill('1').join(' + ')}\ny = 2\n`,
};

/** What the `problems` mode prints per source: each syntax problem's message and start. */
export type ProblemSummary = { message: string; line: number; column: number }[];

/** Every Tree node's type, length, positions and every TreeBuffer's numbers, in pre-order. */
function layout(tree: Tree): string {
  const parts: string[] = [];
  const pending: (Tree | TreeBuffer)[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node instanceof TreeBuffer) {
      parts.push(`B${node.length}<${Array.from(node.buffer).join(',')}>`);
      continue;
    }
    parts.push(`T${node.type.id}/${node.length}[${node.positions.join(',')}]${node.children.length}`);
    for (let child = node.children.length - 1; child >= 0; child--) pending.push(node.children[child]);
  }
  return parts.join(' ');
}

if (process.argv[1]?.endsWith('deepTrees.ts') && process.argv[2] === 'problems') {
  const problems: Record<string, ProblemSummary> = {};
  for (const name of process.argv.slice(3)) {
    const text = LEZER_DEEP_SOURCES[name];
    problems[name] = syntaxProblems('m.py', parsePython(text), new LineIndex(text), 5, text).map((problem) => ({ message: problem.message, line: problem.range.start.line, column: problem.range.start.character }));
  }
  console.log(JSON.stringify(problems));
} else if (process.argv[1]?.endsWith('deepTrees.ts')) {
  const compare = process.argv[2] === 'compare';
  const verdicts: Record<string, { answered: boolean; sameAsTreeBuild?: boolean }> = {};
  for (const name of process.argv.slice(3)) {
    const text = DEEP_SOURCES[name];
    const fast = fastParsePython(text, parser.nodeSet);
    verdicts[name] = { answered: fast !== undefined };
    if (compare && fast) verdicts[name].sameAsTreeBuild = layout(fast) === layout(fastParsePythonBuiltByLezer(text, parser.nodeSet)!);
  }
  console.log(JSON.stringify(verdicts));
}
