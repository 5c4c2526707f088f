/**
 * The targets of `with ... as` that lezer reads as one opaque name (relaxed/withTargets.ts): each
 * is parsed again on its own, as a `for` loop's target (CPython's grammar takes the same
 * star_targets in both places and words its errors alike), so that `with a as f():` or
 * `with a as (b, 1):` is still CPython's error where it is written.
 */
import { parsePython } from '../parser';
import { firstParseError } from './nodeParts';
import { withoutWithParentheses } from '../parenthesizedWith';
import { relaxedWithTargets } from '../relaxed/withTargets';
import { CompileStage, type CompileError } from './compileError';
import { grammarErrors } from './walk';
import { debugNameErrors } from './debugName';

const LOOP_HEAD = 'for ';

export function withTargetErrors(text: string): CompileError[] {
  const errors: CompileError[] = [];
  for (const { from, to } of relaxedWithTargets(withoutWithParentheses(text))) {
    // Offset k of the snippet is offset from - LOOP_HEAD.length + k of the file.
    const snippet = `${LOOP_HEAD}${text.slice(from, to)} in _: pass\n`;
    const shift = from - LOOP_HEAD.length;
    const tree = parsePython(snippet);
    const broken = firstParseError(tree.topNode);
    if (broken) {
      const at = Math.max(from, Math.min(broken.from + shift, to));
      errors.push({ stage: CompileStage.Parser, from: at, to: Math.max(at, Math.min(broken.to + shift, to)), message: 'Syntax error: this part of the file could not be parsed as Python.' });
      continue;
    }
    // Away from its function, the snippet's checks of where a statement may stand would judge the wrong place.
    for (const error of [...grammarErrors(tree, snippet, false), ...debugNameErrors(tree, snippet)]) errors.push({ ...error, from: error.from + shift, to: error.to + shift });
  }
  return errors;
}
