/**
 * Alembic's status line (`util.status`: `Generating PATH ...  done`). With standard input on a
 * terminal Alembic indents it by two spaces and wraps it at the terminal's width (`textwrap.wrap`);
 * otherwise (a pipe, CI) it prints it as it is. Wrapping here breaks at spaces and cuts a word
 * longer than a line, as textwrap does; textwrap also breaks after some hyphens, which this does not.
 */
export function statusLine(message: string, outcome: 'done' | 'FAILED', columns: number | undefined): string {
  const text = `${message} ...`;
  if (columns === undefined) return `${text}  ${outcome}\n`;
  const lines = wrapIndented(text, columns, '  ');
  return `${lines.join('\n')}  ${outcome}\n`;
}

function wrapIndented(text: string, width: number, indent: string): string[] {
  const room = Math.max(1, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((each) => each !== '')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (joined.length <= room) {
      line = joined;
      continue;
    }
    let rest = word;
    if (word.length > room) {
      // textwrap's long word: as much as fits goes on the current line, after its space.
      const spaceLeft = line === '' ? room : room - line.length - 1;
      if (spaceLeft >= 1) {
        line = line === '' ? rest.slice(0, spaceLeft) : `${line} ${rest.slice(0, spaceLeft)}`;
        rest = rest.slice(spaceLeft);
      }
    }
    if (line !== '') lines.push(line);
    while (rest.length > room) {
      lines.push(rest.slice(0, room));
      rest = rest.slice(room);
    }
    line = rest;
  }
  lines.push(line);
  return lines.map((each) => indent + each);
}
