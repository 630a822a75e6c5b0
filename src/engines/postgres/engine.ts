import pg from 'pg';
import type {
  Engine,
  EngineMessage,
  EngineOptions,
  ExecResult,
  RunningProbe,
  ServerQueryStat,
  Snapshot,
  TableCounters,
} from '../engine.js';
import { StatementError } from '../engine.js';
import { connectWithRetry } from '../connect.js';
import type { DatabaseTarget } from '../target.js';
import type { QueryFn, SchemaSnapshot } from '../schema/snapshot.js';
import { pgClientConfig } from './connection.js';
import { watchLockWait } from '../lock-wait.js';
import {
  OBSERVER_SETTINGS,
  OWN_STATEMENT_TIMEOUT_MS,
  describeBlockers,
  describeLockHolders,
  otherSessions,
} from './locks.js';
import { readPostgresSchema } from './schema.js';
import { PostgresLockObserver } from './lock-observer.js';
import { postgresProbe } from './probe.js';
import { runProbe } from '../probe-loop.js';

const APP = 'migration-test';

async function open(t: DatabaseTarget, database: string): Promise<pg.Client> {
  const client = new pg.Client(pgClientConfig(t, { applicationName: APP, database }));
  // An idle connection dropped by the server must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return client;
}

interface PgDbError {
  message: string;
  code?: string;
  position?: string;
  detail?: string;
  hint?: string;
  where?: string;
}

/** DETAIL, HINT and CONTEXT as the server sent them; absent ones left out. */
function errorDetails(e: PgDbError): StatementError['details'] {
  const out: StatementError['details'] = {};
  if (e.detail) out.detail = e.detail;
  if (e.hint) out.hint = e.hint;
  if (e.where) out.where = e.where;
  return out;
}

function toStatementError(err: unknown, sql: string, blockedBy: string | null = null): StatementError {
  const e = err as PgDbError;
  const position = e.position ? Number(e.position) : NaN;
  // The server counts characters from 1; the line is the one within the statement text.
  const line = Number.isFinite(position) && position > 0 ? sql.slice(0, position - 1).split('\n').length : null;
  const waited = blockedBy ? ` (it waited for a lock held by ${blockedBy})` : '';
  return new StatementError(`${e.message ?? String(err)}${waited}`, e.code ?? null, line, errorDetails(e));
}

/** A NOTICE or WARNING as the client received it; INFO/LOG/DEBUG count as notices. */
interface PgNotice {
  severity?: string | undefined;
  code?: string | undefined;
  message?: string | undefined;
  detail?: string | undefined;
  hint?: string | undefined;
}

function toEngineMessage(n: PgNotice): EngineMessage {
  const out: EngineMessage = {
    severity: n.severity === 'WARNING' ? 'warning' : 'notice',
    code: n.code ?? '00000',
    message: n.message ?? '',
  };
  if (n.detail) out.detail = n.detail;
  if (n.hint) out.hint = n.hint;
  return out;
}

/** SQLSTATE of lock_timeout: one of our observer's reads gave up waiting for a lock. */
const LOCK_NOT_AVAILABLE = '55P03';

/** How long a closing session may take before it is terminated on the server. */
const CLOSE_GRACE_MS = 2000;

/** The run lock's key: one migration-test run per database. */
const RUN_LOCK_KEY = "hashtext('migration-test run')";

async function backendPid(client: pg.Client): Promise<number> {
  const r = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return r.rows[0]!.pid;
}

/** node-postgres sends the text NUL-terminated: the server would answer only "invalid message format" (08P01). */
function nulByteError(sql: string): StatementError | null {
  const at = sql.indexOf('\0');
  if (at < 0) return null;
  return new StatementError(
    'the statement contains a NUL byte, which PostgreSQL cannot accept',
    null,
    sql.slice(0, at).split('\n').length,
  );
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

const SERVER_QUERY_LIMIT = 5000;

/** pg_stat_statements' entries of this database and role: the migration's, and our own reads'. */
const PGSS_OURS = `dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
   AND userid = (SELECT oid FROM pg_roles WHERE rolname = current_user)`;

/** What the warm-up runs, rolled back: the kinds of statement a migration's first file holds. */
const WARM_UP_STATEMENTS = [
  `CREATE TABLE migration_test_warm_up (id serial PRIMARY KEY, name text NOT NULL DEFAULT '' CHECK (name <> '-'),
     price numeric(10,2), ref integer REFERENCES migration_test_warm_up (id) ON DELETE CASCADE,
     at timestamptz NOT NULL DEFAULT now())`,
  `INSERT INTO migration_test_warm_up (name, price) SELECT 'n' || g, g % 7 FROM generate_series(1, 20) AS g`,
  `UPDATE migration_test_warm_up SET name = lpad(id::text, 4, '0') WHERE id > 10`,
  `ALTER TABLE migration_test_warm_up ADD COLUMN extra text`,
  `CREATE INDEX ON migration_test_warm_up (name)`,
  `DELETE FROM migration_test_warm_up WHERE id > 15`,
];

export class PostgresEngine implements Engine {
  readonly name = 'postgres' as const;
  readonly dialect = 'postgres' as const;
  private hasForceFlush = false;
  private pgssAvailable = false;
  /** pg_stat_statements' ids of the queries our snapshots run (learnOwnQueries). */
  private ownQueryIds: string[] | null = null;
  /** Notices the session received since the last statement began. */
  private notices: EngineMessage[] = [];
  /** Where to open the probe's connection; probes still running when the engine closes. */
  private target: DatabaseTarget | null = null;
  private readonly probes = new Set<RunningProbe>();

  private constructor(
    readonly serverVersion: string,
    readonly database: string,
    private readonly session: pg.Client,
    /** Same database: reads per-table statistics and sizes. */
    private readonly measure: pg.Client,
    /**
     * Another database where possible: pg_stat_database counts every backend connected to a
     * database, so reading it from the target database would count our own reads.
     */
    private readonly admin: pg.Client,
    private readonly versionNum: number,
    /** Backend pids of the session and the observers: theirs are the only sessions that are ours. */
    private readonly pids: { session: number; all: number[] },
    private readonly statementTimeoutMs: number | null,
  ) {}

  static async connect(
    target: DatabaseTarget,
    opts: EngineOptions & { connectTimeoutSec: number },
  ): Promise<PostgresEngine> {
    const session = await connectWithRetry(target, () => open(target, target.database), {
      timeoutSec: opts.connectTimeoutSec,
    });
    const measure = await open(target, target.database);
    let admin: pg.Client = measure;
    for (const db of ['postgres', 'template1']) {
      if (db === target.database) continue;
      try {
        admin = await open(target, db);
        break;
      } catch {
        // No access to a maintenance database: fall back to reading from the target database.
      }
    }
    const v = await session.query<{ server_version: string; server_version_num: string }>(
      `SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS server_version_num`,
    );
    const row = v.rows[0]!;
    for (const observer of new Set([measure, admin])) for (const sql of OBSERVER_SETTINGS) await observer.query(sql);
    const pids = await Promise.all([...new Set([session, measure, admin])].map(backendPid));
    const statementTimeoutMs =
      opts.statementTimeoutSec === null ? null : Math.max(1, Math.round(opts.statementTimeoutSec * 1000));
    const engine = new PostgresEngine(
      row.server_version,
      target.database,
      session,
      measure,
      admin,
      Number(row.server_version_num),
      { session: pids[0]!, all: pids },
      statementTimeoutMs,
    );
    session.on('notice', (n) => engine.notices.push(toEngineMessage(n)));
    engine.target = target;
    engine.hasForceFlush = engine.versionNum >= 150000;
    if (statementTimeoutMs !== null) await session.query(`SET statement_timeout = ${statementTimeoutMs}`);
    const pgss = await measure.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`);
    engine.pgssAvailable = (pgss.rowCount ?? 0) > 0;
    return engine;
  }

  /** Creates pg_stat_statements where the server preloads it (the embedded server does). */
  async enableQueryStatistics(): Promise<void> {
    try {
      const loaded = await this.measure.query<{ s: string }>(`SELECT current_setting('shared_preload_libraries') AS s`);
      if (!/pg_stat_statements/.test(loaded.rows[0]?.s ?? '')) return;
      await this.measure.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      this.pgssAvailable = true;
    } catch {
      // Without the privilege to create it, runs simply carry no server-side query times.
    }
  }

  private warmed: Promise<void> | null = null;

  warmUp(): Promise<void> {
    this.warmed ??= this.warmUpOnce();
    return this.warmed;
  }

  /**
   * A new backend fills its catalog caches (relations, types, operators, functions) as
   * statements need them: the first CREATE TABLE of a run took several times longer than the
   * next ones. A table made and used in a transaction that is rolled back fills them without
   * leaving anything behind; the observers' first reads warm theirs the same way.
   */
  private async warmUpOnce(): Promise<void> {
    try {
      await this.session.query('BEGIN');
      try {
        for (const sql of WARM_UP_STATEMENTS) await this.session.query(sql);
      } finally {
        await this.session.query('ROLLBACK');
      }
    } catch {
      // Without the right to create a table the run only starts colder.
      await this.session.query('ROLLBACK').catch(() => {});
    }
    await this.learnOwnQueries().catch(() => {
      this.ownQueryIds = null;
    });
  }

  /**
   * The queries our snapshots run land in pg_stat_statements beside the migration's: they are
   * learned here, by taking the snapshots of one migration with nothing in between, and left
   * out of the session's server time (serverTimeMs).
   */
  private async learnOwnQueries(): Promise<void> {
    if (!this.pgssAvailable) {
      await this.readSnapshot('before');
      return;
    }
    const calls = async () =>
      new Map(
        (
          await this.measure.query<{ id: string; calls: string }>(
            `SELECT queryid::text AS id, calls FROM pg_stat_statements WHERE ${PGSS_OURS}`,
          )
        ).rows.map((r) => [r.id, r.calls]),
      );
    const before = await calls();
    this.ownQueryIds = []; // so that the snapshots run their pg_stat_statements read too
    await this.readSnapshot('before');
    await this.readSnapshot('after');
    const after = await calls();
    this.ownQueryIds = [...after].filter(([id, n]) => before.get(id) !== n).map(([id]) => id);
  }

  async listUserTables(): Promise<string[]> {
    const r = await this.measure.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
        ORDER BY 1`,
    );
    return r.rows.map((x) => x.name);
  }

  async execute(sql: string): Promise<ExecResult> {
    const unsendable = nulByteError(sql);
    if (unsendable) throw unsendable;
    let res: pg.QueryResult | pg.QueryResult[];
    const watch = watchLockWait(() => describeBlockers(this.measure, this.pids.session));
    // Notices arrive before the answer: whatever is buffered after it belongs to this statement.
    this.notices = [];
    try {
      res = (await this.session.query(sql)) as pg.QueryResult | pg.QueryResult[];
    } catch (err) {
      throw toStatementError(err, sql, await watch.stop());
    }
    const blockedBy = await watch.stop();
    const results = Array.isArray(res) ? res : [res];
    let rows: number | null = null;
    for (const r of results) {
      if (typeof r.rowCount === 'number') rows = (rows ?? 0) + r.rowCount;
    }
    const messages = this.notices;
    this.notices = [];
    return { rows, ...(blockedBy ? { blockedBy } : {}), ...(messages.length ? { messages } : {}) };
  }

  /** The tool's writes are not the migration's statements: --statement-timeout does not bind them. */
  async bookkeep(sql: string, params: readonly unknown[]): Promise<void> {
    try {
      await this.withOwnTimeout(() => this.session.query(sql, [...params]));
    } catch (err) {
      throw toStatementError(err, sql);
    }
  }

  /** Names as `schema.table` or `table` (any schema), unquoted, as the tools write them. */
  setBookkeepingTables(tables: readonly string[]): void {
    this.migrationsTables = tables.map((t) => t.toLowerCase());
  }

  async query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    // The fill, the one caller, sets its own statement timeout for its work.
    return (await this.session.query(sql, [...params])).rows as T[];
  }

  schemaSnapshot(): Promise<SchemaSnapshot> {
    const query: QueryFn = async <T extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) =>
      (await this.session.query<T>(sql, [...params])).rows;
    return this.withOwnTimeout(() => readPostgresSchema(query));
  }

  /** The tool's own queries on the migration session are not held to --statement-timeout. */
  private async withOwnTimeout<T>(work: () => Promise<T>): Promise<T> {
    if (this.statementTimeoutMs === null) return work();
    await this.session.query(`SET statement_timeout = ${OWN_STATEMENT_TIMEOUT_MS}`);
    try {
      return await work();
    } finally {
      await this.session.query(`SET statement_timeout = ${this.statementTimeoutMs}`).catch(() => undefined);
    }
  }

  async acquireRunLock(): Promise<boolean> {
    const r = await this.measure.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${RUN_LOCK_KEY}) AS ok`);
    return r.rows[0]?.ok === true;
  }

  async cancel(): Promise<void> {
    await this.measure.query('SELECT pg_cancel_backend($1)', [this.pids.session]);
  }

  /** A read of ours that gave up on a lock (lock_timeout) fails naming the sessions holding strong locks. */
  private async explainLockTimeout(err: unknown): Promise<never> {
    if ((err as PgDbError).code !== LOCK_NOT_AVAILABLE) throw err;
    const holders = await describeLockHolders(this.measure, this.pids.all).catch(() => null);
    throw new Error(
      `could not measure the database: ${(err as Error).message}${holders ? `; locks held by ${holders}` : ''}`,
    );
  }

  async begin(): Promise<void> {
    await this.session.query('BEGIN');
  }
  async commit(): Promise<void> {
    try {
      await this.session.query('COMMIT');
    } catch (err) {
      throw toStatementError(err, 'COMMIT');
    }
  }
  async rollback(): Promise<void> {
    await this.session.query('ROLLBACK');
  }

  /** PostgreSQL 15+ flushes a backend's statistics at most once a second unless asked. */
  private async flushSessionStats(): Promise<void> {
    if (this.hasForceFlush) {
      await this.session.query('SELECT pg_stat_force_next_flush()');
      await this.measure.query('SELECT pg_stat_force_next_flush()');
    } else {
      // Older servers send statistics to the collector every 500 ms at most.
      await new Promise((r) => setTimeout(r, 650));
    }
  }

  private async readDatabaseCounters(): Promise<{ raw: Record<string, number>; size: number | null }> {
    const r = await this.admin.query<Record<string, string | null>>(
      `SELECT pg_database_size(d.datname) AS size, s.tup_returned, s.tup_fetched, s.tup_inserted, s.tup_updated,
              s.tup_deleted, s.blks_read, s.blks_hit, s.temp_files, s.temp_bytes, s.xact_commit, s.xact_rollback
         FROM pg_database d JOIN pg_stat_database s ON s.datid = d.oid WHERE d.datname = $1`,
      [this.database],
    );
    const row = r.rows[0] ?? {};
    const raw: Record<string, number> = {};
    for (const [k, v] of Object.entries(row)) if (k !== 'size') raw[k] = num(v);
    try {
      const w = await this.admin.query<{ wal_bytes: string }>(
        this.versionNum >= 140000
          ? 'SELECT wal_bytes FROM pg_stat_wal'
          : `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS wal_bytes`,
      );
      raw.wal_bytes = num(w.rows[0]?.wal_bytes);
    } catch {
      // WAL functions are refused on standbys and to some roles; the other counters still stand.
    }
    return { raw, size: row.size === undefined ? null : num(row.size) };
  }

  private async readTables(): Promise<{ sizes: Map<string, number>; counters: Map<string, TableCounters> }> {
    await this.measure.query('SELECT pg_stat_clear_snapshot()');
    const r = await this.measure.query<{
      relid: string;
      name: string;
      bytes: string | null;
      read: string;
      ins: string;
      upd: string;
      del: string;
      live: string;
      storage: string | null;
    }>(
      `SELECT s.relid::text AS relid, format('%I.%I', s.schemaname, s.relname) AS name,
              pg_total_relation_size(s.relid) AS bytes,
              coalesce(s.seq_tup_read, 0) + coalesce(s.idx_tup_fetch, 0) AS read,
              s.n_tup_ins AS ins, s.n_tup_upd AS upd, s.n_tup_del AS del,
              s.n_live_tup AS live, pg_relation_filenode(s.relid)::text AS storage
         FROM pg_stat_user_tables s
        WHERE NOT (lower(s.relname) = ANY($1::text[]) OR lower(s.schemaname || '.' || s.relname) = ANY($1::text[]))`,
      [this.migrationsTables],
    );
    const sizes = new Map<string, number>();
    const counters = new Map<string, TableCounters>();
    for (const t of r.rows) {
      if (t.bytes !== null) sizes.set(t.name, num(t.bytes));
      counters.set(t.relid, {
        read: num(t.read),
        inserted: num(t.ins),
        updated: num(t.upd),
        deleted: num(t.del),
        live: num(t.live),
        ...(t.storage !== null ? { storage: t.storage } : {}),
      });
    }
    return { sizes, counters };
  }

  private async readServerQueries(): Promise<Map<string, ServerQueryStat> | null> {
    if (!this.pgssAvailable) return null;
    try {
      const r = await this.measure.query<{ queryid: string; query: string; calls: string; plan: string; exec: string }>(
        `SELECT queryid::text AS queryid, query, calls, total_plan_time AS plan, total_exec_time AS exec
           FROM pg_stat_statements
          WHERE ${PGSS_OURS}
          ORDER BY total_exec_time DESC LIMIT ${SERVER_QUERY_LIMIT}`,
      );
      const out = new Map<string, ServerQueryStat>();
      for (const q of r.rows) {
        out.set(q.queryid, { query: q.query, calls: num(q.calls), planningMs: num(q.plan), executionMs: num(q.exec) });
      }
      return out;
    } catch {
      this.pgssAvailable = false;
      return null;
    }
  }

  /**
   * pg_stat_statements' planning and execution time of every statement of this database and
   * role but our own reads (cumulative): the difference over a migration is the server's time
   * for its statements, whether or not our grouping matches their texts. Null without
   * pg_stat_statements, or before our own queries are known.
   */
  private async readServerTime(): Promise<number | null> {
    if (!this.pgssAvailable || this.ownQueryIds === null) return null;
    try {
      const r = await this.measure.query<{ ms: string | null }>(
        `SELECT sum(total_plan_time + total_exec_time) AS ms FROM pg_stat_statements
          WHERE ${PGSS_OURS} AND NOT (queryid::text = ANY($1::text[]))`,
        [this.ownQueryIds],
      );
      return num(r.rows[0]?.ms);
    } catch {
      return null;
    }
  }

  async snapshot(moment: 'before' | 'after'): Promise<Snapshot> {
    return this.readSnapshot(moment).catch((err: unknown) => this.explainLockTimeout(err));
  }

  private async readSnapshot(moment: 'before' | 'after'): Promise<Snapshot> {
    await this.flushSessionStats();
    if (moment === 'before') {
      // Table reads first, flushed, then the database-wide counters: nothing of ours lands in between.
      const tables = await this.readTables();
      const serverQueries = await this.readServerQueries();
      const serverTimeMs = await this.readServerTime();
      if (this.hasForceFlush) await this.measure.query('SELECT pg_stat_force_next_flush()');
      const db = await this.readDatabaseCounters();
      return {
        sizeBytes: db.size,
        tableSizes: tables.sizes,
        tableCounters: tables.counters,
        raw: db.raw,
        serverQueries,
        serverTimeMs,
      };
    }
    const db = await this.readDatabaseCounters();
    const tables = await this.readTables();
    const serverQueries = await this.readServerQueries();
    const serverTimeMs = await this.readServerTime();
    return {
      sizeBytes: db.size,
      tableSizes: tables.sizes,
      tableCounters: tables.counters,
      raw: db.raw,
      serverQueries,
      serverTimeMs,
    };
  }

  /** The migration tool's own tables (setBookkeepingTables): not the migrations' rows. */
  private migrationsTables: string[] = [];

  private observer: PostgresLockObserver | null = null;

  lockObserver(): PostgresLockObserver {
    this.observer ??= new PostgresLockObserver(
      this.session,
      this.measure,
      this.admin,
      this.pids.session,
      this.database,
    );
    return this.observer;
  }

  /** Client sessions other than ours on the database: their writes would count as the migration's. */
  async databaseSize(): Promise<number | null> {
    const r = await this.admin.query<{ size: string | null }>('SELECT pg_database_size($1) AS size', [this.database]);
    const size = r.rows[0]?.size;
    return size === null || size === undefined ? null : num(size);
  }

  async endSessions(ids: readonly number[]): Promise<void> {
    for (const id of ids) await this.measure.query('SELECT pg_terminate_backend($1)', [id]).catch(() => undefined);
  }

  otherSessions(): Promise<number[]> {
    return otherSessions(this.measure, this.pids.all);
  }

  /** The probe's session is one of ours while it runs (otherSessions leaves it out), and ended with it. */
  async startProbe(tables: readonly string[]): Promise<RunningProbe> {
    if (!this.target) throw new Error('no connection target for the probe');
    const client = await open(this.target, this.database);
    const pid = await backendPid(client);
    this.pids.all.push(pid);
    const end = async () => {
      const ended = client.end().then(
        () => true,
        () => true,
      );
      const inTime = await Promise.race([
        ended,
        new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref()),
      ]);
      if (!inTime) await this.measure.query('SELECT pg_terminate_backend($1)', [pid]).catch(() => {});
      this.pids.all.splice(this.pids.all.indexOf(pid), 1);
    };
    const running = runProbe(
      await postgresProbe(client, end).catch(async (err: unknown) => {
        await end();
        throw err;
      }),
      tables,
    );
    const probe: RunningProbe = {
      stop: () => {
        this.probes.delete(probe);
        return running.stop();
      },
    };
    this.probes.add(probe);
    return probe;
  }

  async close(): Promise<void> {
    await Promise.all([...this.probes].map((p) => p.stop().catch(() => [])));
    // A session still running a statement (a cancelled run) is ended on the server, never left behind.
    const ended = this.session.end().catch(() => {});
    const inTime = await Promise.race([
      ended.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref()),
    ]);
    if (!inTime) await this.measure.query('SELECT pg_terminate_backend($1)', [this.pids.session]).catch(() => {});
    const observers = new Set([this.measure, this.admin]);
    await Promise.all([ended, ...[...observers].map((c) => c.end().catch(() => {}))]);
  }
}
