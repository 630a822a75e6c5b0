import type { Histogram } from '../report/model.js';

/** GitLab's buckets for query runtimes: 0–10 ms, 10–100 ms, 100 ms–1 s, 1 s–5 min, over 5 min. */
export const DEFAULT_BUCKETS_MS = [10, 100, 1000, 300_000] as const;

export class HistogramBuilder {
  private readonly counts: number[];
  constructor(private readonly bucketsMs: readonly number[] = DEFAULT_BUCKETS_MS) {
    this.counts = new Array<number>(bucketsMs.length + 1).fill(0);
  }

  /** A value on a bound falls in the bucket below it, as "0–10 ms" includes 10 ms. */
  observe(ms: number): void {
    let i = 0;
    while (i < this.bucketsMs.length && ms > this.bucketsMs[i]!) i++;
    this.counts[i]!++;
  }

  toJSON(): Histogram {
    return { bucketsMs: [...this.bucketsMs], counts: [...this.counts] };
  }
}

export function emptyHistogram(bucketsMs: readonly number[] = DEFAULT_BUCKETS_MS): Histogram {
  return new HistogramBuilder(bucketsMs).toJSON();
}
