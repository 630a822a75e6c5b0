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
 *
 * Each level renders less than the one before it (bar a line of the note), so after the full
 * rendering the first fitting level is found by bisection: a large report costs four or five
 * renderings instead of ten. Only a rendering that was measured to fit is ever returned.
 */
export function fitWithin(limitBytes: number, render: (detail: Detail) => Rendered): Rendered {
  const cache = new Map<number, Rendered>();
  const at = (i: number): Rendered => {
    let r = cache.get(i);
    if (!r) cache.set(i, (r = render(DETAIL_LADDER[i]!)));
    return r;
  };
  const fits = (i: number): boolean => byteLength(at(i).markdown) <= limitBytes;
  if (fits(0)) return at(0);
  const last = DETAIL_LADDER.length - 1;
  if (!fits(last)) return cutToBytes(at(last), limitBytes);
  let lo = 0; // does not fit
  let hi = last; // fits
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) hi = mid;
    else lo = mid;
  }
  return at(hi);
}

const CUT_NOTE = '\n\n_(Cut here to fit the size limit: see the artifact for the full report.)_\n';

/** The longest prefix of whole lines within maxBytes (a partial line when there is no newline). */
function headWithin(text: string, maxBytes: number): string {
  const head = Buffer.from(text, 'utf8')
    .subarray(0, Math.max(0, maxBytes))
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  if (byteLength(head) === byteLength(text)) return head;
  const lastLine = head.lastIndexOf('\n');
  return lastLine > 0 ? head.slice(0, lastLine) : head;
}

function cutToBytes(rendered: Rendered, limitBytes: number): Rendered {
  const omitted = [...rendered.omitted, 'the rest of the minimal report (cut at the size limit)'];
  const noteBytes = byteLength(CUT_NOTE);
  if (limitBytes < noteBytes) return { markdown: headWithin(rendered.markdown, limitBytes), omitted };
  return { markdown: `${headWithin(rendered.markdown, limitBytes - noteBytes)}${CUT_NOTE}`, omitted };
}
