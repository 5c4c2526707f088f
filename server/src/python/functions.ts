/**
 * `upgrade` / `downgrade` function facts: name, parameters, body range. From a full tree they are
 * exact; in the fast path only the signature is parsed and the body is taken to run to the next
 * top-level definition (or the end of the file).
 */
import type { LineIndex } from '../common/range';
import { childrenOf, parsePython, textOf, type SyntaxNode } from './parser';
import type { FunctionInfo, FunctionParam } from './headerTypes';
import { signatureEnd, topLevelDefinitionStarts } from './moduleLayout';

const FUNCTION_NAMES = new Set(['upgrade', 'downgrade']);

/**
 * From a FunctionDefinition node. `nodeText` is the text the node's offsets index (the whole file,
 * or just a parsed signature); `base` shifts those offsets into the file; `bodyEnd` (file offset)
 * overrides where the body ends when only the signature was parsed.
 */
export function functionInfoOf(
  nodeText: string,
  node: SyntaxNode,
  fileText: string,
  lines: LineIndex,
  base = 0,
  bodyEnd?: number,
): FunctionInfo | undefined {
  const parts = childrenOf(node);
  const nameNode = parts.find((part) => part.name === 'VariableName');
  if (!nameNode) return undefined;
  const name = textOf(nodeText, nameNode);
  if (!FUNCTION_NAMES.has(name)) return undefined;
  const paramList = parts.find((part) => part.name === 'ParamList');
  const body = parts.find((part) => part.name === 'Body');
  const params: FunctionParam[] = [];
  if (paramList) {
    let afterDefault = false;
    for (const child of childrenOf(paramList)) {
      // Only names that start a parameter: skip default values (`tables=None`) and annotations.
      if (child.name === ',') afterDefault = false;
      else if (child.name === 'AssignOp') afterDefault = true;
      else if (child.name === 'VariableName' && !afterDefault) {
        params.push({ name: textOf(nodeText, child), range: lines.rangeOf(base + child.from, base + child.to) });
      }
    }
  }
  const bodyFrom = body ? base + body.from : base + node.to;
  const end = trimTrailing(fileText, bodyFrom, bodyEnd ?? (body ? base + body.to : base + node.to));
  return {
    name: name as FunctionInfo['name'],
    nameRange: lines.rangeOf(base + nameNode.from, base + nameNode.to),
    params,
    range: lines.rangeOf(base + node.from, end),
    bodyRange: lines.rangeOf(bodyFrom, end),
    isAsync: parts.some((part) => part.name === 'async'),
  };
}

/**
 * Fast path: parse only the top-level `def upgrade/downgrade(...):` signatures after `from`, all in
 * one small parse (each followed by a one-line body so the parser does not need to recover).
 */
export function scanFunctionSignatures(text: string, from: number, lines: LineIndex): FunctionInfo[] {
  const starts = topLevelDefinitionStarts(text, from);
  const pieces: { start: number; limit: number; offset: number }[] = [];
  let combined = '';
  starts.forEach((start, index) => {
    if (!isUpgradeOrDowngrade(text, start)) return;
    const limit = index + 1 < starts.length ? starts[index + 1] : text.length;
    const end = signatureEnd(text, start, limit);
    if (end === undefined) return;
    pieces.push({ start, limit, offset: combined.length });
    combined += text.slice(start, end) + ' pass\n';
  });
  if (pieces.length === 0) return [];
  const found: FunctionInfo[] = [];
  let piece = 0;
  for (let node = parsePython(combined).topNode.firstChild; node; node = node.nextSibling) {
    while (piece + 1 < pieces.length && pieces[piece + 1].offset <= node.from) piece++;
    const { start, limit, offset } = pieces[piece];
    if (node.name !== 'FunctionDefinition' || node.from !== offset) continue;
    const info = functionInfoOf(combined, node, text, lines, start - offset, limit);
    if (info) found.push(info);
  }
  return found;
}

function isUpgradeOrDowngrade(text: string, start: number): boolean {
  const at = text.startsWith('async ', start) ? start + 6 : start;
  return text.startsWith('def upgrade', at) || text.startsWith('def downgrade', at);
}

function trimTrailing(source: string, from: number, to: number): number {
  let end = to;
  while (end > from && (source[end - 1] === '\n' || source[end - 1] === ' ' || source[end - 1] === '\t' || source[end - 1] === '\r')) end--;
  return end;
}
