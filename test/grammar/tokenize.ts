/**
 * Loads the injection grammar from syntaxes/ with vscode-textmate + vscode-oniguruma (the wasm from
 * node_modules) on top of the minimal Python and SQL fixture grammars, and tokenizes text into
 * (text, scopes) pairs the tests can assert on.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const root = path.join(__dirname, '..', '..');
const injectionPath = path.join(root, 'syntaxes', 'alembic-sql.injection.tmLanguage.json');
export const INJECTION_SCOPE = 'alembic-lens.sql-injection';

const grammarFiles: Record<string, string> = {
  'source.python': path.join(__dirname, 'fixtures', 'python.tmLanguage.json'),
  'source.sql': path.join(__dirname, 'fixtures', 'sql.tmLanguage.json'),
  [INJECTION_SCOPE]: injectionPath,
};

export interface Token {
  text: string;
  scopes: string[];
}

let registryPromise: Promise<textmate.Registry> | undefined;

function registry(): Promise<textmate.Registry> {
  registryPromise ??= (async () => {
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
