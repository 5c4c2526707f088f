/**
 * Loads the injection grammar from syntaxes/ with vscode-textmate + vscode-oniguruma (the wasm from
 * node_modules) on top of VS Code's own Python (MagicPython) and SQL grammars, the ones the
 * injection meets in the editor, and tokenizes text into (text, scopes) pairs the tests can
 * assert on. Those grammars come from the VS Code server that test/e2e/setup.sh installs; without
 * it the tests fail and say so (a stand-in grammar would not show how VS Code highlights).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.join(__dirname, '..', '..');
const injectionPath = path.join(root, 'syntaxes', 'alembic-sql.injection.tmLanguage.json');
export const INJECTION_SCOPE = 'alembic-lens.sql-injection';

/** VS Code's built-in extensions in the e2e cache (the folder test/e2e/setup.sh installs into). */
export const VSCODE_EXTENSIONS = path.join(
  process.env.ALEMBIC_LENS_E2E_CACHE ?? path.join(process.env.ALEMBIC_LENS_CACHE_ROOT ?? path.join(root, '.cache'), 'e2e'),
  'cs', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions',
);

const grammarFiles: Record<string, string> = {
  'source.python': path.join(VSCODE_EXTENSIONS, 'python', 'syntaxes', 'MagicPython.tmLanguage.json'),
  'source.regexp.python': path.join(VSCODE_EXTENSIONS, 'python', 'syntaxes', 'MagicRegExp.tmLanguage.json'),
  'source.sql': path.join(VSCODE_EXTENSIONS, 'sql', 'syntaxes', 'sql.tmLanguage.json'),
  [INJECTION_SCOPE]: injectionPath,
};

/** Throws, naming what is missing and how to get it, when VS Code's grammars are not installed. */
export function requireVsCodeGrammars(): void {
  const missing = Object.values(grammarFiles).filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`VS Code's grammars are missing (${missing.join(', ')}): run test/e2e/setup.sh, or set ALEMBIC_LENS_E2E_CACHE to its cache folder`);
  }
}

export interface Token {
  text: string;
  scopes: string[];
}

let registryPromise: Promise<textmate.Registry> | undefined;

function registry(): Promise<textmate.Registry> {
  registryPromise ??= (async () => {
    requireVsCodeGrammars();
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = grammarFiles[scopeName];
        if (!file) return null;
        return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      },
      // What `contributes.grammars[].injectTo` does inside VS Code.
      getInjections: (scopeName: string) => (scopeName === 'source.python' ? [INJECTION_SCOPE] : undefined),
    });
  })();
  return registryPromise;
}

/** Tokenizes `source` as Python with the injection active; one entry per token, lines joined. */
export async function tokenize(source: string): Promise<Token[]> {
  const grammar = await (await registry()).loadGrammar('source.python');
  if (!grammar) throw new Error('source.python did not load');
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  for (const line of source.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      const text = line.slice(token.startIndex, token.endIndex);
      if (text.length > 0) tokens.push({ text, scopes: token.scopes });
    }
    state = result.ruleStack;
  }
  return tokens;
}

/** The scopes of the first token whose text is `text` (after `skip` earlier matches). */
export function scopesOf(tokens: Token[], text: string, skip = 0): string[] {
  const matches = tokens.filter((token) => token.text === text);
  const found = matches[skip];
  if (!found) throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return found.scopes;
}
