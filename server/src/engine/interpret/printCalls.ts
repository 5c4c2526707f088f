/**
 * `print(...)` in a migration. Alembic writes `--sql` output to standard output, where the
 * migration's prints land too, between the statements (kraken prints "dropping index ..." before
 * each drop). Printed where its text is known: Python's str() of each argument, joined by `sep`,
 * then `end`. A print to another stream (`file=sys.stderr`) writes nothing there. A print of a value
 * known only at run time makes the offline run opaque (Alembic's output holds a line the engine
 * cannot write); a live run is not affected (the database sees nothing of it).
 */
import type { SyntaxNode } from '../../python/parser';
import type { CallArgs } from './args';
import type { InterpreterState } from './state';
import { NONE, pythonStr, type Value } from './values';

export function printCall(args: CallArgs, state: InterpreterState, node: SyntaxNode): Value {
  const range = state.rangeOf(node);
  const file = args.keywords.get('file')?.value;
  if (file && file.kind !== 'none' && !(file.kind === 'symbol' && file.qname === 'sys.stdout')) return NONE;
  const separator = textOption(args, 'sep', ' ');
  const end = textOption(args, 'end', '\n');
  const parts = args.positional.map((arg) => pythonStr(arg.value));
  if (args.unknownSplat || separator === undefined || end === undefined || parts.some((part) => part === undefined)) {
    const reason = `print() of a value known only at run time: Alembic writes it into the --sql output (${state.shortText(node)})`;
    state.pendingSteps.push({ kind: 'modeBranch', offline: [{ kind: 'opaque', reason, range, source: state.textOf(node) }], online: [], range });
    return NONE;
  }
  state.pendingSteps.push({ kind: 'print', text: parts.join(separator) + end, range });
  return NONE;
}

/** `sep=` / `end=`: a string, or None for the default; undefined when not known. */
function textOption(args: CallArgs, name: string, fallback: string): string | undefined {
  const value = args.keywords.get(name)?.value;
  if (value === undefined || value.kind === 'none') return fallback;
  return value.kind === 'str' ? value.value : undefined;
}
