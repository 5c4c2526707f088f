/**
 * Python 2 statements lezer's grammar (1.1.19) still accepts without an error node, which
 * Python 3 rejects when Alembic imports the file (so every command of the folder fails):
 * `print "x"` and `except ValueError, e:`. Python 2 histories (cuckoo, osm-tasking-manager2)
 * were read as valid files. Each gets Python 3's own message.
 */
import type { SyntaxNode } from './parser';

/** Python 3's SyntaxError message for a Python 2 statement at `node`, or undefined. */
export function python2Error(node: SyntaxNode): { message: string; from: number; to: number } | undefined {
  // `print \`x\``: CPython gives its legacy message only when an expression follows `print`.
  if (node.name === 'PrintStatement' && node.firstChild?.nextSibling?.type.isError) return undefined;
  if (node.name === 'PrintStatement') return { message: "Missing parentheses in call to 'print'. Did you mean print(...)?", from: node.from, to: node.to };
  if (node.name !== 'TryStatement') return undefined;
  // `except A, e:`: the clause's type followed by a bare comma (a tuple needs its parentheses).
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'except') continue;
    const type = child.nextSibling;
    const comma = type?.nextSibling;
    if (type && comma?.name === ',') return { message: 'multiple exception types must be parenthesized', from: child.from, to: comma.to };
  }
  return undefined;
}
