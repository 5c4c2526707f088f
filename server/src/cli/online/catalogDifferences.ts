/** How the CLI prints catalog differences (roundtrip, drift): one object per line, both sides when it changed. */
import type { CatalogDifference } from '../../database/catalog/diff';

export interface DifferenceWords {
  onlyLeft: string;
  onlyRight: string;
  changed: string;
  left: string;
  right: string;
}

export function formatDifferences(differences: readonly CatalogDifference[], words: DifferenceWords, indent: string): string[] {
  const lines: string[] = [];
  for (const difference of differences) {
    const object = `${difference.object} ${difference.name}`;
    if (difference.kind === 'only-left') lines.push(`${indent}${words.onlyLeft}: ${object}: ${difference.left}`);
    else if (difference.kind === 'only-right') lines.push(`${indent}${words.onlyRight}: ${object}: ${difference.right}`);
    else {
      const width = Math.max(words.left.length, words.right.length) + 1;
      lines.push(`${indent}${words.changed}: ${object}`);
      lines.push(`${indent}    ${`${words.left}:`.padEnd(width)} ${difference.left}`);
      lines.push(`${indent}    ${`${words.right}:`.padEnd(width)} ${difference.right}`);
    }
  }
  return lines;
}
