/**
 * Members of a Python enum class the engine reads (sqlalchemy/enumClasses.ts: defined in the
 * migration or in the project's modules): `Status.active` is the member (an alias is the member it
 * repeats, as Python makes it), `.value` its literal value and `.name` its name; iterating the
 * class gives its members in definition order, aliases left out, as Python does. A member whose
 * value is `auto()` has a value known only at run time here.
 */
import type { InterpreterState } from './state';
import { enumClassOf, enumClassOfMember, type PythonEnumClass } from './sqlalchemy/enumClasses';
import { opaque, str, type Value } from './values';

type Member = Extract<Value, { kind: 'enumMember' }>;

function memberOf(enumClass: PythonEnumClass, name: string): Member | undefined {
  const member = enumClass.members.find((candidate) => candidate.name === name);
  if (!member) return undefined;
  // An alias is the earlier member with the same value.
  const canonical = member.alias ? enumClass.members.find((candidate) => !candidate.alias && candidate.value !== undefined && member.value !== undefined && sameLiteral(candidate.value, member.value)) : member;
  if (!canonical) return undefined;
  const value: Member = { kind: 'enumMember', enumName: enumClass.name, name: canonical.name, ...(canonical.value ? { value: canonical.value } : {}) };
  enumClassOfMember.set(value, enumClass);
  return value;
}

function sameLiteral(a: Value, b: Value): boolean {
  return (a.kind === 'num' && b.kind === 'num' && a.value === b.value) || (a.kind === 'str' && b.kind === 'str' && a.value === b.value);
}

/** `EnumClass.member`: the member; undefined when the target is not an enum class the engine reads or the name is not a member. */
export function enumClassAttribute(target: Value, name: string, state: InterpreterState): Value | undefined {
  if (target.kind !== 'opaque' && target.kind !== 'symbol') return undefined;
  if (target.kind === 'symbol' && !/^[A-Z_]/.test(target.qname.slice(Math.max(target.qname.lastIndexOf('.'), target.qname.lastIndexOf('#')) + 1))) return undefined;
  const enumClass = enumClassOf(target, state);
  return enumClass ? memberOf(enumClass, name) : undefined;
}

/** `member.value`, `member.name`. */
export function enumMemberAttribute(member: Member, name: string): Value {
  if (name === 'name') return str(member.name);
  if (name === 'value') return member.value ?? opaque(`the value of ${member.enumName}.${member.name} is computed by auto() at run time`);
  return opaque(`unsupported attribute ${name} of the enum member ${member.enumName}.${member.name}`);
}

/** The members of an enum class, in definition order without aliases, for a loop over it. */
export function enumClassMembers(value: Value, state: InterpreterState): Value[] | undefined {
  if (value.kind !== 'opaque' && value.kind !== 'symbol') return undefined;
  const enumClass = enumClassOf(value, state);
  if (!enumClass) return undefined;
  return enumClass.members.filter((member) => !member.alias).map((member) => memberOf(enumClass, member.name)!);
}

/**
 * `format(member)` with no format specification (an f-string field): the member's value, for the
 * enums whose formatting every Python version agrees on (PythonEnumClass.formatsAs); undefined
 * for the others.
 */
export function formattedEnumMember(member: Member): string | undefined {
  const formatsAs = enumClassOfMember.get(member)?.formatsAs;
  const value = member.value;
  if (formatsAs === 'int' && value?.kind === 'num' && Number.isInteger(value.value)) return String(value.value);
  if (formatsAs === 'str' && value?.kind === 'str') return value.value;
  return undefined;
}
