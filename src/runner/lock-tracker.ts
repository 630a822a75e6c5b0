import { performance } from 'node:perf_hooks';
import type { HeldLock, LockObserver, RelationInfo } from '../engines/lock-observer.js';
import type { Lock, Rewrite } from '../report/model.js';
import { errorMessage } from '../util/errors.js';

/**
 * Follows the locks of one migration, statement by statement, and the storage of the relations
 * it touches. What it reports is observed, never inferred from the SQL:
 * - in a transaction, locks stay until COMMIT/ROLLBACK, so a read after each statement sees
 *   every lock the statement took; it is held from that statement's start to the transaction's end;
 * - outside one (autocommit), a statement's locks are gone when it answers: the observer polls
 *   while it runs (first after FIRST_POLL_MS, then every POLL_MS), which also catches the phases
 *   of CREATE INDEX CONCURRENTLY. A statement shorter than the first poll shows no locks: it
 *   held them for less than that, which no reader would notice. Such a lock is held from the
 *   start of the first statement seen holding it to the end of the last one.
 * Relations that never became visible to the observer (a rewrite's transient heap, a table made
 * and dropped by the migration) are the migration's own and left out.
 */
const FIRST_POLL_MS = 10;
/** A script's own transaction statements (plain SQL files may hold BEGIN … COMMIT). */
const TRANSACTION_START = /^(BEGIN|START\s+TRANSACTION)\b(?!\s+(NOT\s+)?ATOMIC\b)/i;
const TRANSACTION_END = /^(COMMIT|END|ROLLBACK|ABORT)\b(?!\s+(TO|PREPARED)\b)/i;
const LEADING_COMMENTS = /^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/;
const POLL_MS = 15;

interface StatementSpan {
  start: number;
  end: number;
  ms: number;
  /** The tool's own time (the migration clock's) when the statement was sent and when it ended. */
  ownAtStart: number;
  ownAtEnd: number;
}

interface Sighting extends HeldLock {
  first: number;
  last: number;
  line: number;
  lockTimeoutMs: number | null;
}

export interface LockResults {
  locks: Lock[] | null;
  lockObservation?: string;
  rewrites: Rewrite[];
}

export class LockTracker {
  private readonly seen = new Map<string, Sighting>();
  private readonly spans: StatementSpan[] = [];
  private readonly sent = new Map<number, number>();
  private endedAt: { at: number; own: number } | null = null;
  private failure: string | null = null;
  /**
   * Outside the runner's transaction, the script opened one of its own (BEGIN … COMMIT): its
   * locks then outlive each statement and are read after each, as in a transaction.
   */
  private inExplicit = false;

  private constructor(
    private readonly observer: LockObserver,
    private readonly transactional: boolean,
    private readonly before: Map<string, RelationInfo>,
    private lockTimeoutMs: number | null,
    /** The migration clock's own time so far: hold times leave it out, as the migration's time does. */
    private readonly ownMs: () => number,
  ) {}

  /** Reads the catalog and the session's lock timeout before the migration (outside its window). */
  static async open(observer: LockObserver, transactional: boolean, ownMs: () => number): Promise<LockTracker> {
    const before = observer.unavailable ? new Map<string, RelationInfo>() : await observer.relations();
    return new LockTracker(observer, transactional, before, await observer.lockTimeoutMs(), ownMs);
  }

  /**
   * Statement `index` is being sent: outside a transaction, its locks are polled while it runs;
   * the function returned stops that.
   */
  during(index: number, line: number): () => Promise<void> {
    this.sent.set(index, this.ownMs());
    if (this.observer.unavailable || this.transactional) return async () => {};
    let stopped = false;
    let inflight: Promise<void> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const tick = (): void => {
      if (stopped) return;
      inflight = this.read(index, line).then(() => {
        if (!stopped) timer = setTimeout(tick, POLL_MS);
      });
    };
    timer = setTimeout(tick, FIRST_POLL_MS);
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await inflight;
    };
  }

  /**
   * After statement `index` answered: the span is recorded, and in a transaction the locks it
   * left are read. `start`/`end` are the statement's; the time spent here is the tool's own.
   */
  async after(
    index: number,
    line: number,
    sql: string,
    span: { start: number; end: number; ms: number },
  ): Promise<void> {
    // The migration clock books this call's time when it returns: ownAtEnd is as of the answer.
    this.spans[index] = { ...span, ownAtStart: this.sent.get(index) ?? this.ownMs(), ownAtEnd: this.ownMs() };
    if (!this.transactional) this.followExplicit(index, sql.replace(LEADING_COMMENTS, ''));
    if (!this.observer.unavailable && (this.transactional || this.inExplicit)) await this.read(index, line);
    if (this.observer.lockTimeoutSetting.test(sql)) this.lockTimeoutMs = await this.observer.lockTimeoutMs();
  }

  private followExplicit(index: number, sql: string): void {
    const ends = TRANSACTION_END.test(sql);
    if (ends && this.inExplicit) this.heldThrough(index);
    this.inExplicit = TRANSACTION_START.test(sql) || (this.inExplicit && !ends);
  }

  /** The locks seen at the last read were held until statement `index` (the script's own COMMIT) ended. */
  private heldThrough(index: number): void {
    const lastRead = index - 1;
    for (const s of this.seen.values()) if (s.last === lastRead) s.last = index;
  }

  /** The transaction ended (COMMIT or ROLLBACK answered): its locks are released. */
  ended(at: number = performance.now()): void {
    this.endedAt = { at, own: this.ownMs() };
  }

  private async read(index: number, line: number): Promise<void> {
    if (this.failure) return;
    try {
      for (const lock of await this.observer.locks()) {
        const key = `${lock.relationId}\u0000${lock.mode}`;
        const known = this.seen.get(key);
        if (known) known.last = Math.max(known.last, index);
        else this.seen.set(key, { ...lock, first: index, last: index, line, lockTimeoutMs: this.lockTimeoutMs });
      }
    } catch (err) {
      this.failure = `reading the locks failed: ${errorMessage(err)}`;
    }
  }

  /** After the migration (and its snapshot after): locks with their hold times, and rewrites. */
  async finish(): Promise<LockResults> {
    if (this.observer.unavailable) return { locks: null, lockObservation: this.observer.unavailable, rewrites: [] };
    const after = await this.observer.relations();
    const rewrites = await this.rewrites(after);
    if (this.failure) return { locks: null, lockObservation: this.failure, rewrites };
    const locks: Lock[] = [];
    for (const s of this.seen.values()) {
      const lock = this.describe(s, after);
      if (lock) locks.push(lock);
    }
    locks.sort((a, b) => a.statementIndex - b.statementIndex || b.heldMs - a.heldMs);
    return { locks, rewrites };
  }

  private describe(s: Sighting, after: Map<string, RelationInfo>): Lock | null {
    const info = s.other ? null : (this.before.get(s.relationId) ?? after.get(s.relationId));
    if (!s.other && !info) return null;
    const kind = info?.kind ?? 'other';
    const lock: Lock = {
      relation: info?.name ?? s.other ?? s.relationId,
      kind,
      mode: s.mode,
      statementIndex: s.first,
      line: s.line,
      heldMs: round3(this.heldMs(s)),
      blocks: this.observer.blocks(s.mode, kind),
      lockTimeoutMs: s.lockTimeoutMs,
    };
    if (info && !this.before.has(s.relationId)) lock.created = true;
    if (this.transactional) {
      const later = this.spans.slice(s.first + 1).filter((x) => x !== undefined);
      lock.statementsAfter = later.length;
      lock.statementsAfterMs = round3(later.reduce((sum, x) => sum + x.ms, 0));
    }
    return lock;
  }

  /** Held from the start of the statement that took it to the transaction's end, or the last statement's. */
  private heldMs(s: Sighting): number {
    const first = this.spans[s.first];
    if (!first) return 0;
    const end =
      this.transactional && this.endedAt
        ? this.endedAt
        : { at: (this.spans[s.last] ?? first).end, own: (this.spans[s.last] ?? first).ownAtEnd };
    return Math.max(0, end.at - first.start - (end.own - first.ownAtStart));
  }

  /**
   * Tables and indexes that existed before and whose storage changed, attributed to the first
   * statement seen holding a lock that stops writes on them (or on an index's table).
   */
  private async rewrites(after: Map<string, RelationInfo>): Promise<Rewrite[]> {
    const out: Rewrite[] = [];
    for (const [id, was] of this.before) {
      const now = after.get(id);
      if (!now || was.storage === null || now.storage === null || was.storage === now.storage) continue;
      if (now.kind !== 'table' && now.kind !== 'index') continue;
      const by = this.firstBlockingSighting([id, ...(now.tableId ? [now.tableId] : [])]);
      out.push({
        relation: now.name,
        kind: now.kind,
        sizeBytes: await this.observer.sizeBytes(id).catch(() => null),
        statementIndex: by?.first ?? null,
        line: by?.line ?? null,
      });
    }
    return out.sort((a, b) => (a.statementIndex ?? Infinity) - (b.statementIndex ?? Infinity));
  }

  private firstBlockingSighting(ids: readonly string[]): Sighting | null {
    let best: Sighting | null = null;
    for (const s of this.seen.values()) {
      if (!ids.includes(s.relationId)) continue;
      const kind = this.before.get(s.relationId)?.kind ?? 'table';
      const blocks = this.observer.blocks(s.mode, kind);
      if (blocks !== 'reads+writes' && blocks !== 'writes') continue;
      if (!best || s.first < best.first) best = s;
    }
    return best;
  }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

const BLOCKS_WORDS: Record<Lock['blocks'], string> = {
  'reads+writes': 'stops reads and writes',
  writes: 'stops writes',
  ddl: 'stops only DDL',
  none: 'stops no one',
};

/** What the log says of the locks and rewrites: one line each, in statement order. */
export function lockNotes(results: LockResults): string[] {
  if (results.locks === null) return [`locks not observed: ${results.lockObservation ?? 'unavailable'}`];
  const locks = results.locks
    .filter((l) => l.kind !== 'other')
    .map(
      (l) =>
        `line ${l.line} took ${l.mode} on ${l.relation}${l.created ? ' (created by this migration)' : ''}: ${
          BLOCKS_WORDS[l.blocks]
        }, held ${l.heldMs.toFixed(1)} ms`,
    );
  const rewrites = results.rewrites.map(
    (r) =>
      `${r.line !== null ? `line ${r.line}` : 'a statement not seen holding its lock'} rewrote ${r.kind} ${r.relation}${
        r.sizeBytes !== null ? ` (${r.sizeBytes} bytes)` : ''
      }`,
  );
  return [...locks, ...rewrites];
}
