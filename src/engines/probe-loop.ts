import { performance } from 'node:perf_hooks';
import type { BlockedTraffic, RunningProbe } from './engine.js';

/** What one attempt found: done at once, blocked by a lock, or the table is not there (dropped, renamed). */
export type Attempt = 'ok' | 'blocked' | 'gone';

/** The engine's side of a probe: one trivial read or write, rolled back, under a short lock timeout. */
export interface ProbeConnection {
  attempt(table: string, kind: 'read' | 'write'): Promise<Attempt>;
  /** Ends the connection; a session that does not end in time is ended on the server. */
  close(): Promise<void>;
}

/** Pause between rounds: enough to keep the probe light, short next to the 1 s limit it judges. */
const PAUSE_MS = 20;

/**
 * One kind of traffic on one table: the current blocked stretch and the longest so far. The
 * attempts sample the lock state; a stretch's edges are put halfway between the last attempt
 * that went through and the first that was blocked (and back), so the error is at most half
 * the time between two attempts, either way, rather than a whole one always short.
 */
class Stretch {
  private lastOkEnd: number | null = null;
  private since: number | null = null;
  private lastBlockedEnd = 0;
  longest = 0;

  saw(result: Attempt, start: number, end: number): void {
    if (result === 'blocked') {
      this.since ??= this.lastOkEnd === null ? start : (this.lastOkEnd + start) / 2;
      this.lastBlockedEnd = end;
      this.longest = Math.max(this.longest, end - this.since);
      return;
    }
    if (this.since !== null) this.longest = Math.max(this.longest, (this.lastBlockedEnd + start) / 2 - this.since);
    this.since = null;
    this.lastOkEnd = end;
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Keeps trying a trivial read and write on every table until stopped, and tells, per table,
 * the longest continuous time each was blocked. `stop` waits for the attempt in flight (at
 * most one lock timeout) and closes the connection.
 */
export function runProbe(conn: ProbeConnection, tables: readonly string[]): RunningProbe {
  const stretches = new Map(tables.map((t) => [t, { read: new Stretch(), write: new Stretch() }]));
  const live = new Set(tables);
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped && live.size > 0) {
      // A round that waited on locks for its pause already follows at once; a quick one pauses.
      const roundStart = performance.now();
      for (const table of [...live]) {
        for (const kind of ['read', 'write'] as const) {
          if (stopped || !live.has(table)) break;
          const start = performance.now();
          const result = await conn.attempt(table, kind).catch((): Attempt => 'gone');
          if (result === 'gone') live.delete(table);
          else stretches.get(table)![kind].saw(result, start, performance.now());
        }
      }
      const pause = PAUSE_MS - (performance.now() - roundStart);
      if (!stopped && pause > 0) await new Promise<void>((r) => setTimeout((wake = r), pause));
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      await conn.close();
      return [...stretches].map(([relation, s]): BlockedTraffic => ({
        relation,
        readsBlockedMs: round3(s.read.longest),
        writesBlockedMs: round3(s.write.longest),
      }));
    },
  };
}
