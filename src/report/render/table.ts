import { markdownTable as gfmTable } from 'markdown-table';

export type Align = 'left' | 'right';

/**
 * A GFM table; cells must already be escaped for a table (see escape.ts): markdown-table
 * escapes nothing. Columns are not padded to their widest cell (`alignDelimiters: false`): SQL
 * cells are long, and the spaces would count against the comment's size limit.
 */
export function markdownTable(
  headers: readonly string[],
  align: readonly Align[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const lines = gfmTable([headers, ...rows], { alignDelimiters: false }).split('\n');
  // Unpadded, markdown-table writes the shortest delimiter row (`| - | -: |`); ours keeps the
  // `|---|---:|` that the published comments have had, so their text stays as it was.
  lines[1] = `|${headers.map((_, i) => (align[i] === 'right' ? '---:' : '---')).join('|')}|`;
  return lines.join('\n');
}
