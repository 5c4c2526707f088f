/**
 * Argument parsing in argparse's manner, for Alembic's command line shape:
 * `alembic-lens [global options] <command> [command options] [positionals]`.
 * Long options take `--name value` or `--name=value`; short ones `-r value` or `-rvalue` (so
 * `-r-3:` works as in Alembic, whose docs recommend it for ranges starting with `-`).
 * Errors come back as values (`{ error }`), which the runner prints with exit code 2.
 */
import type { OptionSpec, ParsedArgs, PositionalSpec } from './types';

export type ParseOutcome = { args: ParsedArgs; rest: string[]; help: boolean } | { error: string };

/** argparse treats `-3` (a negative number) as a value, not an option. */
const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

function isOptionLike(token: string): boolean {
  return token.startsWith('-') && token !== '-' && !NEGATIVE_NUMBER.test(token);
}

/**
 * Parses options from `tokens`. With `stopAtPositional` (the global options), parsing stops at
 * the first positional (the command name) and the remainder is returned in `rest`.
 */
export function parseOptions(
  tokens: readonly string[],
  options: readonly OptionSpec[],
  positionals: readonly PositionalSpec[],
  stopAtPositional = false,
): ParseOutcome {
  const args: ParsedArgs = { flags: {}, values: {}, lists: {}, positionals: [] };
  let help = false;
  let index = 0;
  let onlyPositionals = false;
  const find = (name: string): OptionSpec | undefined => options.find((option) => option.names.includes(name));
  while (index < tokens.length) {
    const token = tokens[index++];
    if (!onlyPositionals && token === '--') {
      onlyPositionals = true;
      continue;
    }
    if (onlyPositionals || !isOptionLike(token)) {
      if (stopAtPositional) return { args, rest: [token, ...tokens.slice(index)], help };
      args.positionals.push(token);
      continue;
    }
    if (token === '-h' || token === '--help') {
      help = true;
      continue;
    }
    let name = token;
    let inlineValue: string | undefined;
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      if (eq > 0) {
        name = token.slice(0, eq);
        inlineValue = token.slice(eq + 1);
      }
    } else if (token.length > 2) {
      name = token.slice(0, 2);
      // argparse splits `-r=VALUE` at the `=` as it does `--rev-range=VALUE` (`-rVALUE` keeps all).
      inlineValue = token[2] === '=' ? token.slice(3) : token.slice(2);
    }
    const option = find(name);
    if (!option) return { error: `unrecognized arguments: ${token}` };
    if (!option.takesValue) {
      if (inlineValue !== undefined) {
        if (token.startsWith('--') || token[2] === '=') return { error: `argument ${option.names.join('/')}: ignored explicit argument '${inlineValue}'` };
        // Bundled short flags (`-vi`): argparse accepts them; so do we.
        args.flags[option.key] = true;
        const remaining = inlineValue.split('').map((flag) => `-${flag}`);
        tokens = [...tokens.slice(0, index), ...remaining, ...tokens.slice(index)];
        continue;
      }
      args.flags[option.key] = true;
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      if (index >= tokens.length || isOptionLike(tokens[index])) {
        return { error: `argument ${option.names.join('/')}: expected one argument` };
      }
      value = tokens[index++];
    }
    if (option.repeatable) (args.lists[option.key] ??= []).push(value);
    else args.values[option.key] = value;
  }
  if (stopAtPositional) return { args, rest: [], help };
  const required = positionals.filter((p) => !p.optional && !p.variadic);
  if (!help && args.positionals.length < required.length) {
    const missing = required.slice(args.positionals.length).map((p) => p.name);
    return { error: `the following arguments are required: ${missing.join(', ')}` };
  }
  if (!positionals.some((p) => p.variadic) && args.positionals.length > positionals.length) {
    return { error: `unrecognized arguments: ${args.positionals.slice(positionals.length).join(' ')}` };
  }
  return { args, rest: [], help };
}

/** The usage line of a command, argparse style. */
export function usageOf(command: { name: string; options: readonly OptionSpec[]; positionals: readonly PositionalSpec[] }): string {
  const parts = ['alembic-lens', command.name, '[-h]'];
  for (const option of command.options) {
    const spelling = option.names[0];
    parts.push(option.takesValue ? `[${spelling} ${option.metavar ?? option.key.toUpperCase()}]` : `[${spelling}]`);
  }
  for (const positional of command.positionals) {
    parts.push(positional.variadic ? `[${positional.name} ...]` : positional.optional ? `[${positional.name}]` : positional.name);
  }
  return `usage: ${parts.join(' ')}`;
}

export function helpOf(command: {
  name: string;
  summary: string;
  options: readonly OptionSpec[];
  positionals: readonly PositionalSpec[];
}): string {
  const lines = [usageOf(command), '', command.summary, ''];
  if (command.positionals.length > 0) {
    lines.push('positional arguments:');
    for (const positional of command.positionals) lines.push(`  ${positional.name.padEnd(26)}${positional.help}`);
    lines.push('');
  }
  lines.push('options:');
  lines.push(`  ${'-h, --help'.padEnd(26)}show this help message and exit`);
  for (const option of command.options) lines.push(optionHelpLine(option));
  return lines.join('\n') + '\n';
}

/** One option's help line, argparse style (help on its own line when the spelling is long). */
export function optionHelpLine(option: OptionSpec): string {
  const spelled = option.names.map((n) => (option.takesValue ? `${n} ${option.metavar ?? option.key.toUpperCase()}` : n)).join(', ');
  return spelled.length >= 25 ? `  ${spelled}\n${' '.repeat(28)}${option.help}` : `  ${spelled.padEnd(26)}${option.help}`;
}
