import { performance } from 'node:perf_hooks';

/**
 * The clock of one migration: from its first request to the server (BEGIN, or the first
 * statement) to the last answer (COMMIT's, or the last statement's), less the tool's own work
 * in between that ran while nothing was on the server (cutting the next statements, grouping
 * a batch of them). What the tool does once per run, and the snapshots around the migration,
 * are outside it altogether.
 */
export class MigrationClock {
  private startedAt: number | null = null;
  private endedAt: number | null = null;
  /** Own work up to the last answer. */
  private ownMs = 0;
  /** Own work since the last answer: it counts only if another answer follows. */
  private pendingOwnMs = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The first request is about to be sent; later calls change nothing. */
  start(at: number = this.now()): void {
    this.startedAt ??= at;
  }

  /** An answer was read at `at`; the last one ends the migration's time. */
  answered(at: number = this.now()): void {
    if (this.startedAt === null) return;
    this.endedAt = at;
    this.ownMs += this.pendingOwnMs;
    this.pendingOwnMs = 0;
  }

  /** Runs the tool's own work while no request is on the server; its time is not the migration's. */
  own<T>(work: () => T): T {
    const t0 = this.now();
    try {
      return work();
    } finally {
      this.addOwn(this.now() - t0);
    }
  }

  async ownAsync<T>(work: () => Promise<T>): Promise<T> {
    const t0 = this.now();
    try {
      return await work();
    } finally {
      this.addOwn(this.now() - t0);
    }
  }

  /** Own work measured elsewhere (the engine's reads around a statement) since the last answer. */
  exclude(ms: number): void {
    this.addOwn(ms);
  }

  private addOwn(ms: number): void {
    if (this.startedAt !== null) this.pendingOwnMs += ms;
  }

  /** The tool's own time so far (cumulative): what a span of the migration leaves out. */
  get ownSoFar(): number {
    return this.ownMs + this.pendingOwnMs;
  }

  /** The migration's time; 0 when nothing was sent. */
  get ms(): number {
    if (this.startedAt === null || this.endedAt === null) return 0;
    return Math.max(0, this.endedAt - this.startedAt - this.ownMs);
  }
}
