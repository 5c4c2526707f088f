/**
 * Call arguments after evaluation, and binding them to a Python signature the way Python
 * does (positional, keyword, `*args`, `**kw`), with messages that name what is wrong.
 */
import { childrenOf, type SyntaxNode } from '../../python/parser';
import type { Value } from './values';

export interface Arg {
  value: Value;
  node: SyntaxNode;
}

export interface CallArgs {
  positional: Arg[];
  keywords: ReadonlyMap<string, Arg>;
  /** The ArgList node (for ranges of "missing argument" problems). */
  node: SyntaxNode;
  /** Set when `*x` / `**x` could not be expanded: the arguments are not fully known. */
  unknownSplat?: string;
  /** A keyword given twice, once through `**dict` (`f(a=1, **{"a": 2})`): Python's call raises TypeError. */
  repeatedKeyword?: string;
}

/** The shape of a Python signature. Names before `*` may also be passed by keyword. */
export interface Signature {
  name: string;
  positional: string[];
  /** Positional parameters that must be given (a prefix of `positional` or keyword-only names). */
  required: string[];
  keywordOnly?: string[];
  /** Name of `*args`, collected into `rest`. */
  varargs?: string;
  /** True when the function takes `**kw` (extra keywords are then collected, not rejected). */
  varkw?: boolean;
}

export interface BoundArgs {
  params: Map<string, Arg>;
  rest: Arg[];
  /** Keywords collected by `**kw`; read-only to readers (one empty map is shared by calls without). */
  extra: ReadonlyMap<string, Arg>;
}

const NO_EXTRA: ReadonlyMap<string, Arg> = new Map();

export type BindResult = { ok: true; bound: BoundArgs } | { ok: false; message: string; node: SyntaxNode };

export function bindArguments(signature: Signature, args: CallArgs): BindResult {
  const params = new Map<string, Arg>();
  const rest: Arg[] = [];
  let extra: Map<string, Arg> | undefined;
  const positional = args.positional;
  for (let index = 0; index < positional.length; index++) {
    if (index < signature.positional.length) params.set(signature.positional[index], positional[index]);
    else rest.push(positional[index]);
  }
  if (rest.length > 0 && !signature.varargs) {
    const max = signature.positional.length;
    return {
      ok: false,
      message: `${signature.name}() takes at most ${max} positional argument${max === 1 ? '' : 's'} but ${args.positional.length} were given`,
      node: rest[0].node,
    };
  }
  const named = namedParameters(signature);
  for (const [name, arg] of args.keywords) {
    if (named.has(name)) {
      if (params.has(name)) return { ok: false, message: `${signature.name}() got multiple values for argument '${name}'`, node: arg.node };
      params.set(name, arg);
    } else if (signature.varkw) {
      (extra ??= new Map()).set(name, arg);
    } else {
      return { ok: false, message: `${signature.name}() got an unexpected keyword argument '${name}'`, node: arg.node };
    }
  }
  if (!args.unknownSplat) {
    // The list of missing names is made only when one is missing (binding runs for every operation).
    let missing: string[] | undefined;
    for (const name of signature.required) if (!params.has(name)) (missing ??= []).push(name);
    if (missing !== undefined) {
      const list = missing.map((name) => `'${name}'`).join(', ');
      return {
        ok: false,
        message: `${signature.name}() is missing required argument${missing.length === 1 ? '' : 's'} ${list}`,
        node: args.node,
      };
    }
  }
  return { ok: true, bound: { params, rest, extra: extra ?? NO_EXTRA } };
}

/**
 * The names a signature's parameters take by keyword (positional ones and keyword-only ones), as
 * a set made once per signature: each keyword of each operation call was searched for in both
 * lists, `alter_column`'s a dozen names long.
 */
const namedParameterSets = new WeakMap<Signature, ReadonlySet<string>>();

function namedParameters(signature: Signature): ReadonlySet<string> {
  let names = namedParameterSets.get(signature);
  if (names === undefined) {
    names = new Set([...signature.positional, ...(signature.keywordOnly ?? [])]);
    namedParameterSets.set(signature, names);
  }
  return names;
}

/** Splits an ArgList node into argument expressions (evaluation happens in the evaluator). */
export interface RawArgument {
  kind: 'positional' | 'keyword' | 'star' | 'doubleStar';
  name?: string;
  node: SyntaxNode;
}

/** What an ArgList holds besides its arguments. */
export const ARGUMENT_LIST_PUNCTUATION: ReadonlySet<string> = new Set(['(', ')', ',', 'Comment']);

/** `children`: the ArgList's children when the caller has them already (walking them allocates a node each). */
export function rawArguments(source: string, argList: SyntaxNode, children: readonly SyntaxNode[] = childrenOf(argList)): RawArgument[] {
  const out: RawArgument[] = [];
  const parts = children.filter((part) => !ARGUMENT_LIST_PUNCTUATION.has(part.name));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.name === '*' || part.name === '**') {
      const target = parts[i + 1];
      if (target) out.push({ kind: part.name === '*' ? 'star' : 'doubleStar', node: target });
      i++;
    } else if (part.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
      out.push({ kind: 'keyword', name: source.slice(part.from, part.to), node: parts[i + 2] });
      i += 2;
    } else {
      out.push({ kind: 'positional', node: part });
    }
  }
  return out;
}
