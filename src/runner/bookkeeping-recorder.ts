import { performance } from 'node:perf_hooks';
import type { Engine } from '../engines/engine.js';
import type { LockObserver, RelationInfo } from '../engines/lock-observer.js';
import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../migrations/bookkeeping.js';
import type { Migration } from '../migrations/types.js';
import { errorMessage } from '../util/errors.js';

/** What a run wrote to the tool's bookkeeping: statement count, time (ms), and the statements for the log. */
export interface BookkeepingDone {
  statements: number;
  durationMs: number;
  lines: string[];
}

/** A bookkeeping write the server refused: the migration fails with it, as it fails with the tool. */
export class BookkeepingFailed extends Error {
  constructor(
    readonly table: string,
    override readonly cause: unknown,
  ) {
    super(`the tool's bookkeeping (${table}) failed: ${errorMessage(cause)}`);
    this.name = 'BookkeepingFailed';
  }
}

/**
 * Keeps a format's bookkeeping (migrations/bookkeeping.ts) on one database for one run: the
 * tables set up once, then the writes around each migration, on the migration session.
 */
export class BookkeepingRecorder {
  private sequence = 0;
  private readonly versioned: readonly Migration[];

  constructor(
    private readonly bookkeeping: Bookkeeping,
    private readonly engine: Engine,
    /** Every migration of the set, in run order (for the version before a migration). */
    migrations: readonly Migration[],
  ) {
    this.versioned = migrations.filter((m) => m.kind === 'versioned');
  }

  get table(): string {
    return this.bookkeeping.tables[0] ?? '';
  }

  get recordInTransaction(): boolean {
    return this.bookkeeping.recordInTransaction;
  }

  get beforeInTransaction(): boolean {
    return this.bookkeeping.beforeInTransaction ?? false;
  }

  /** Whether a relation's name (`schema.table`, parts quoted or not) is one of the tool's tables. */
  owns(name: string): boolean {
    const parts = name.split('.').map((p) => p.replace(/^["`]|["`]$/g, '').toLowerCase());
    const full = parts.join('.');
    const last = parts.at(-1) ?? '';
    return this.bookkeeping.tables.some((t) => {
      const table = t.toLowerCase();
      return table.includes('.') ? table === full : table === last;
    });
  }

  /**
   * The observer without the tool's tables and their indexes: the tool's writes lock and
   * rewrite them (golang-migrate truncates its table), which is not the migration's doing.
   */
  hideFrom(observer: LockObserver): LockObserver {
    const hidden = new Set<string>();
    const relations = async (): Promise<Map<string, RelationInfo>> => {
      const all = await observer.relations();
      for (const [id, info] of all) if (this.owns(info.name)) hidden.add(id);
      for (const [id, info] of all) if (info.tableId !== undefined && hidden.has(info.tableId)) hidden.add(id);
      return new Map([...all].filter(([id]) => !hidden.has(id)));
    };
    return {
      unavailable: observer.unavailable,
      lockTimeoutSetting: observer.lockTimeoutSetting,
      relations,
      locks: async () => (await observer.locks()).filter((l) => !hidden.has(l.relationId)),
      sizeBytes: (id) => observer.sizeBytes(id),
      lockTimeoutMs: () => observer.lockTimeoutMs(),
      blocks: (mode, kind) => observer.blocks(mode, kind),
    };
  }

  /** Creates the tool's tables as it does before its first migration; from now on they are not the user's rows. */
  async setup(): Promise<void> {
    this.engine.setBookkeepingTables(this.bookkeeping.tables);
    for (const sql of this.bookkeeping.setup(this.engine.dialect)) await this.write({ sql, params: [] });
  }

  /** The tool's writes before a migration runs (outside its transaction). */
  async before(m: Migration, direction: 'up' | 'down', startedAt: Date): Promise<BookkeepingDone> {
    const writes = this.bookkeeping.before?.(this.event(m, direction, 0, startedAt)) ?? [];
    return this.run(writes);
  }

  /** The tool's record of a migration that ran. */
  async record(m: Migration, direction: 'up' | 'down', durationMs: number, startedAt: Date): Promise<BookkeepingDone> {
    const done = await this.run(this.bookkeeping.record(this.event(m, direction, durationMs, startedAt)));
    this.sequence++;
    return done;
  }

  private event(m: Migration, direction: 'up' | 'down', durationMs: number, startedAt: Date): BookkeepingEvent {
    const i = this.versioned.indexOf(m);
    return {
      migration: m,
      direction,
      dialect: this.engine.dialect,
      previous: i > 0 ? this.versioned[i - 1]! : null,
      sequence: this.sequence,
      durationMs,
      startedAt,
    };
  }

  private async run(writes: readonly BookkeepingWrite[]): Promise<BookkeepingDone> {
    const t0 = performance.now();
    for (const w of writes) await this.write(w);
    return { statements: writes.length, durationMs: performance.now() - t0, lines: writes.map((w) => w.sql) };
  }

  private async write(w: BookkeepingWrite): Promise<void> {
    try {
      await this.engine.bookkeep(w.sql, w.params);
    } catch (err) {
      throw new BookkeepingFailed(this.table, err);
    }
  }
}
