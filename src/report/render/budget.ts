/**
 * Size budgets. A document is rendered at the fullest level of detail first; while it is over
 * its limit, the next level of this fixed ladder is tried, each one giving up something less
 * useful to a reviewer than what the previous ones kept.
 */

export interface Detail {
  /** Longest SQL shown in query tables (null: the whole text). */
  sqlMaxChars: number | null;
  /** Queries per migration, slowest first by total time. */
  queriesPerMigration: number;
  /** Per-migration <details>: for every run, or only for failed runs and runs with findings. */
  migrationDetails: 'all' | 'flagged';
  mermaidChart: boolean;
  /** Rows of the migrations table: every run, or only failed runs and runs with findings. */
  summaryRows: 'all' | 'flagged';
  /** Heading, result line, the first findings and the note; nothing else. */
  minimal: boolean;
}

export const FULL_DETAIL: Detail = {
  sqlMaxChars: null,
  queriesPerMigration: 10,
  migrationDetails: 'all',
  mermaidChart: true,
  summaryRows: 'all',
  minimal: false,
};

function step(previous: Detail, change: Partial<Detail>): Detail {
  return { ...previous, ...change };
}

const S1 = step(FULL_DETAIL, { sqlMaxChars: 200 });
const S2 = step(S1, { sqlMaxChars: 80 });
const S3 = step(S2, { queriesPerMigration: 5 });
const S4 = step(S3, { queriesPerMigration: 3 });
const S5 = step(S4, { queriesPerMigration: 0 });
const S6 = step(S5, { migrationDetails: 'flagged' });
const S7 = step(S6, { mermaidChart: false });
const S8 = step(S7, { summaryRows: 'flagged' });
const S9 = step(S8, { minimal: true });

export const DETAIL_LADDER: readonly Detail[] = [FULL_DETAIL, S1, S2, S3, S4, S5, S6, S7, S8, S9];

/** In the minimal document: how many findings, and how long their messages may be. */
export const MINIMAL_FINDINGS = 20;
export const MINIMAL_MESSAGE_CHARS = 300;

export interface Rendered {
  markdown: string;
  /** Human lines saying what was left out for size and where it is. */
  omitted: string[];
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The first rendering of the ladder within limitBytes. Should even the minimal one be over
 * (only absurd inputs get there), it is cut at a line boundary and says so.
 */
export function fitWithin(limitBytes: number, render: (detail: Detail) => Rendered): Rendered {
  let last: Rendered | null = null;
  for (const detail of DETAIL_LADDER) {
    last = render(detail);
    if (byteLength(last.markdown) <= limitBytes) return last;
  }
  return cutToBytes(last!, limitBytes);
}

const CUT_NOTE = '\n\n_(Cut here to fit the size limit: see the artifact for the full report.)_\n';

function cutToBytes(rendered: Rendered, limitBytes: number): Rendered {
  const room = Math.max(0, limitBytes - byteLength(CUT_NOTE));
  // Byte budget on a UTF-8 buffer, then back to the last whole line.
  const head = Buffer.from(rendered.markdown, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD$/, '');
  const lastLine = head.lastIndexOf('\n');
  const kept = lastLine > 0 ? head.slice(0, lastLine) : head;
  return {
    markdown: `${kept}${CUT_NOTE}`,
    omitted: [...rendered.omitted, 'the rest of the minimal report (cut at the size limit)'],
  };
}
