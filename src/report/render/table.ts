export type Align = 'left' | 'right';

/** A GFM table; cells must already be escaped for a table (see escape.ts). */
export function markdownTable(
  headers: readonly string[],
  align: readonly Align[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const delimiter = `|${headers.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(headers), delimiter, ...rows.map(line)].join('\n');
}
