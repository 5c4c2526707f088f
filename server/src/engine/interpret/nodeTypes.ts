/**
 * Answers about syntax node types, kept by the type's number. The evaluator asks what to do with
 * a node by its type name for every node it visits (a handler, whether it is punctuation), and a
 * lookup by name in an object or a Set hashes the name each time; an array indexed by the type's
 * number does not. Each slot remembers the type it answers for, so a tree of another node set
 * gets its own answers rather than a wrong one.
 */
import type { SyntaxNode } from '../../python/parser';

type NodeType = SyntaxNode['type'];

export class ByNodeType<T> {
  private readonly types: (NodeType | undefined)[] = [];
  private readonly answers: T[] = [];

  constructor(private readonly answer: (name: string) => T) {}

  of(type: NodeType): T {
    const id = type.id;
    if (this.types[id] !== type) {
      this.types[id] = type;
      this.answers[id] = this.answer(type.name);
    }
    return this.answers[id];
  }
}

/** Membership of a fixed set of type names, by type. */
export function nodeTypesNamed(names: Iterable<string>): ByNodeType<boolean> {
  const set = new Set(names);
  return new ByNodeType((name) => set.has(name));
}
