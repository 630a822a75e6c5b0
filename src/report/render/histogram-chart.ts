import type { Histogram } from '../model.js';
import { formatCount } from '../format.js';
import { markdownTable } from './table.js';

const UNITS: ReadonlyArray<{ ms: number; unit: string }> = [
  { ms: 3_600_000, unit: 'h' },
  { ms: 60_000, unit: 'min' },
  { ms: 1000, unit: 's' },
  { ms: 1, unit: 'ms' },
];

function unitOf(ms: number): { ms: number; unit: string } {
  return UNITS.find((u) => ms >= u.ms) ?? UNITS[UNITS.length - 1]!;
}

function amount(ms: number, unit: { ms: number }): string {
  return String(Number((ms / unit.ms).toFixed(3)));
}

/** A bound in its largest whole unit: 10 → "10 ms", 1000 → "1 s", 300000 → "5 min". */
export function formatBound(ms: number): string {
  const unit = unitOf(ms);
  return `${amount(ms, unit)} ${unit.unit}`;
}

/** "0–10 ms", "10–100 ms", "100 ms–1 s", "1 s–5 min", "> 5 min" for GitLab's buckets. */
export function bucketLabels(bucketsMs: readonly number[]): string[] {
  const labels: string[] = [];
  let lower = 0;
  for (const upper of bucketsMs) {
    const unit = unitOf(upper);
    const sameUnit = lower === 0 || unitOf(lower) === unit;
    labels.push(
      sameUnit ? `${amount(lower, unit)}–${formatBound(upper)}` : `${formatBound(lower)}–${formatBound(upper)}`,
    );
    lower = upper;
  }
  labels.push(bucketsMs.length === 0 ? 'all' : `> ${formatBound(lower)}`);
  return labels;
}

function sameBuckets(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export interface MergedHistogram {
  histogram: Histogram;
  /** Histograms left out because their buckets differ from the first one's. */
  mismatched: number;
}

/** Sums histograms with the buckets of the first; counts cannot be moved between bucket sets. */
export function mergeHistograms(histograms: readonly Histogram[]): MergedHistogram | null {
  const first = histograms[0];
  if (!first) return null;
  const counts = new Array<number>(first.counts.length).fill(0);
  let mismatched = 0;
  for (const h of histograms) {
    if (!sameBuckets(h.bucketsMs, first.bucketsMs)) {
      mismatched++;
      continue;
    }
    h.counts.forEach((c, i) => (counts[i] = (counts[i] ?? 0) + c));
  }
  return { histogram: { bucketsMs: [...first.bucketsMs], counts }, mismatched };
}

export function histogramTotal(h: Histogram): number {
  return h.counts.reduce((a, b) => a + b, 0);
}

/** One header row of buckets and one row of counts: five columns read faster than five rows. */
export function histogramTable(h: Histogram): string {
  return markdownTable(
    ['Runtime', ...bucketLabels(h.bucketsMs)],
    ['left', ...h.counts.map(() => 'right' as const)],
    [['Statements', ...h.counts.map((c) => formatCount(c))]],
  );
}

export function mermaidChart(h: Histogram, title: string): string {
  const labels = bucketLabels(h.bucketsMs).map((l) => JSON.stringify(l));
  return [
    '```mermaid',
    'xychart-beta',
    `    title ${JSON.stringify(title)}`,
    `    x-axis [${labels.join(', ')}]`,
    '    y-axis "Statements"',
    `    bar [${h.counts.join(', ')}]`,
    '```',
  ].join('\n');
}
