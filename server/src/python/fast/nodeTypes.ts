/**
 * The node type ids of @lezer/python's grammar that the fast parser (fastParser.ts) emits, so
 * the trees it builds are lezer trees every reader already understands. Names are looked up in
 * the grammar's node set; a few names belong to several types (an `AssignOp` in an argument list
 * is not the one in an assignment), and those are told apart by their order in the node set,
 * which is the grammar's. `test/unit/python/fastParser.test.ts` compares whole trees with
 * lezer's, so a grammar upgrade that reorders them fails there, not in a reader.
 */
import type { NodeSet } from '@lezer/common';

export interface PythonNodeTypes {
  readonly [name: string]: number;
}

/** Names that occur more than once, and what each occurrence (in id order) is called here. */
const DUPLICATES: Record<string, readonly string[]> = {
  BinaryExpression: ['BinaryExpression', 'BinaryTest'],
  BitOp: ['BitOr', 'BitXor', 'BitAnd', 'BitShift', 'BitNot'],
  ArithOp: ['ArithPlus', 'ArithTimes', 'ArithPower', 'ArithPrefix', 'ArithPatternPrefix', 'ArithPatternPlus'],
  UnaryExpression: ['UnaryExpression', 'UnaryTest'],
  AssignOp: ['AssignLambda', 'AssignNamed', 'AssignArgument', 'AssignStatement=', 'AssignParam'],
  TypeDef: ['TypeDef', 'ReturnTypeDef'],
  ParamList: ['LambdaParamList', 'ParamList'],
  '{': ['ReplacementStart', '{'],
};

/** `NodeSet` of the lezer grammar → the id of every node the fast parser writes. */
export function pythonNodeTypes(nodeSet: NodeSet): PythonNodeTypes {
  const ids: Record<string, number> = {};
  const seen: Record<string, number> = {};
  for (const type of nodeSet.types) {
    if (type.name === '') continue;
    const aliases = DUPLICATES[type.name];
    if (aliases === undefined) {
      ids[type.name] = type.id;
      continue;
    }
    const at = (seen[type.name] = (seen[type.name] ?? -1) + 1);
    if (at < aliases.length) ids[aliases[at]] = type.id;
  }
  return ids;
}
