import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import type {
  Engine,
  EngineMessage,
  EngineOptions,
  ExecResult,
  RunningProbe,
  Snapshot,
  TableCounters,
} from '../engine.js';
import { StatementError } from '../engine.js';
import { connectWithRetry } from '../connect.js';
import type { DatabaseTarget } from '../target.js';
import type { SchemaSnapshot } from '../schema/snapshot.js';
import { mysqlConnectionOptions } from './connection.js';
import { watchLockWait } from '../lock-wait.js';
import { OBSERVER_SETTINGS, describeBlockers, otherThreads } from './locks.js';
import { readMysqlSchema } from './schema.js';
import { MysqlLockObserver, innodbTablesView, lockSource } from './lock-observer.js';
import { mysqlProbe } from './probe.js';
import { runProbe } from '../probe-loop.js';
import { sessionStatementTimer } from './server-time.js';
import { type StatementEffect, statementEffect } from './statement-effects.js';

/** Global counters (InnoDB's are server-wide: the measuring connection reads none of these rows). */
const GLOBAL_COUNTERS = [
  'Innodb_rows_read',
  'Innodb_rows_inserted',
  'Innodb_rows_updated',
  'Innodb_rows_deleted',
  'Innodb_data_reads',
  'Innodb_data_writes',
  'Innodb_data_read',
  'Innodb_data_written',
  'Innodb_buffer_pool_read_requests',
  'Innodb_buffer_pool_reads',
  'Created_tmp_disk_tables',
];

function connectionOptions(t: DatabaseTarget): mysql.ConnectionOptions {
  return {
    ...mysqlConnectionOptions(t),
    multipleStatements: false,
    // Keep values as strings: BIGINT counters and sizes exceed 2^53 only in theory, but exactly.
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  };
}

async function open(t: DatabaseTarget): Promise<mysql.Connection> {
  const conn = await mysql.createConnection(connectionOptions(t));
  conn.on('error', () => {});
  return conn;
}

interface MysqlError {
  message: string;
  errno?: number;
  sqlMessage?: string;
  /** The connection is gone: nothing more can be asked on it. */
  fatal?: boolean;
}

/** How long a closing session may take before it is killed on the server. */
const CLOSE_GRACE_MS = 2000;

function toStatementError(
  err: unknown,
  sql: string,
  timedOutAfterSec: number | null,
  blockedBy: string | null = null,
  details: StatementError['details'] = {},
): StatementError {
  const e = err as MysqlError;
  const message =
    (e.sqlMessage ?? e.message ?? String(err)) + (blockedBy ? ` (it waited for a lock held by ${blockedBy})` : '');
  if (timedOutAfterSec !== null) {
    return new StatementError(
      `statement timed out after ${timedOutAfterSec}s (--statement-timeout): ${message}`,
      e.errno ? String(e.errno) : null,
      null,
      details,
    );
  }
  const at = e.sqlMessage !== undefined ? lineInStatement(sql, e.sqlMessage) : null;
  return new StatementError(message, e.errno ? String(e.errno) : null, at, details);
}

/** MySQL cuts the quoted rest of the statement in a syntax error to this many characters. */
const NEAR_MAX_CHARS = 80;

const lineAt = (sql: string, index: number): number => sql.slice(0, index).split('\n').length;

/**
 * The line within the statement a syntax error points at. 1064 and its kin end "… near '<the
 * statement from the offending token on>' at line N"; N is the lexer's line, which may already
 * be past the token (a newline after it read ahead), so the quoted text places it when it can.
 */
function lineInStatement(sql: string, serverMessage: string): number | null {
  const m = /near '([\s\S]*)' at line (\d+)\s*$/.exec(serverMessage);
  if (!m) {
    const at = /at line (\d+)\s*$/.exec(serverMessage);
    return at ? Number(at[1]) : null;
  }
  const near = m[1]!;
  const reported = Number(m[2]);
  // Not cut short: the quoted text is the statement's end.
  if (near.length < NEAR_MAX_CHARS && sql.endsWith(near)) return lineAt(sql, sql.length - near.length);
  let best: number | null = null;
  for (let i = sql.indexOf(near); i >= 0 && near !== ''; i = sql.indexOf(near, i + 1)) {
    const line = lineAt(sql, i);
    if (line > reported) break;
    best = line;
  }
  return best ?? reported;
}

/** Most warnings the detail of an error carries (a failed ALTER can raise one per row). */
const MAX_WARNINGS = 10;

/**
 * What the server said beside an error: SHOW WARNINGS lists the error itself and the warnings
 * and notes raised with it, such as the reason a foreign key cannot be created (errno 150),
 * which the error's own message leaves out. Read at once, before anything else runs on the session.
 */
async function warningsBeside(session: mysql.Connection, err: unknown): Promise<StatementError['details']> {
  const e = err as MysqlError;
  if (e.fatal || e.errno === undefined) return {};
  try {
    const others = (await showWarnings(session, MAX_WARNINGS + 1))
      .filter((w) => !(Number(w.code) === e.errno && w.message === e.sqlMessage))
      .map((w) => `${w.level} ${w.code}: ${w.message}`);
    return others.length ? { detail: others.slice(0, MAX_WARNINGS).join('\n') } : {};
  } catch {
    // A session that cannot answer any more still fails with the error itself.
    return {};
  }
}

interface ShownWarning {
  level: string;
  code: string;
  message: string;
}

/**
 * The session's last statement's warnings and notes. SHOW WARNINGS reads the diagnostics
 * area: it touches no table (no Handler_* or row counter moves) and clears nothing.
 */
async function showWarnings(session: mysql.Connection, limit: number): Promise<ShownWarning[]> {
  const [rows] = await session.query<mysql.RowDataPacket[]>(`SHOW WARNINGS LIMIT ${limit}`);
  return rows.map((r) => ({ level: String(r['Level']), code: String(r['Code']), message: String(r['Message']) }));
}

/** Most warnings read for one statement that succeeded: the run keeps a capped number anyway. */
const MAX_STATEMENT_WARNINGS = 100;

/** Warnings the server counted in the statement's OK packets (a CALL answers several). */
function warningCount(result: unknown): number {
  const parts = Array.isArray(result) ? result : [result];
  let n = 0;
  for (const part of parts)
    if (typeof part === 'object' && part !== null && 'warningStatus' in part)
      n += Number((part as { warningStatus: unknown }).warningStatus) || 0;
  return n;
}

/** The warnings of a statement that succeeded, read at once (timed as our own work); none when it raised none. */
async function warningsAfter(session: mysql.Connection, result: unknown): Promise<EngineMessage[]> {
  if (warningCount(result) === 0) return [];
  try {
    return (await showWarnings(session, MAX_STATEMENT_WARNINGS)).map((w) => ({
      severity: w.level === 'Note' ? 'notice' : 'warning',
      code: w.code,
      message: w.message,
    }));
  } catch {
    return [];
  }
}

const ER_NET_PACKET_TOO_LARGE = 1153;

/**
 * A statement over max_allowed_packet makes the server close the connection ("write
 * ECONNRESET") or answer 1153: it is named before it is sent (the command byte precedes the
 * text in the packet), and so is a refusal at the edge.
 */
function packetTooLarge(sql: string, maxPacketBytes: number | null, refused: boolean): StatementError | null {
  if (maxPacketBytes === null || (!refused && sql.length * 3 + 1 <= maxPacketBytes)) return null;
  const bytes = Buffer.byteLength(sql);
  if (!refused && bytes + 1 <= maxPacketBytes) return null;
  return new StatementError(
    `statement of ${bytes} bytes exceeds the server's max_allowed_packet (${maxPacketBytes} bytes)`,
    String(ER_NET_PACKET_TOO_LARGE),
    null,
  );
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

type StatusRow = { Variable_name: string; Value: string };

/** What the warm-up runs on a temporary table: the paths a migration's first statements take. */
const WARM_UP_STATEMENTS = [
  'DROP TEMPORARY TABLE IF EXISTS migration_test_warm_up',
  `CREATE TEMPORARY TABLE migration_test_warm_up (id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
     name varchar(50) NOT NULL DEFAULT '', price decimal(10,2), KEY (name)) ENGINE=InnoDB`,
  `INSERT INTO migration_test_warm_up (name, price) VALUES ('a', 1), ('b', 2), ('c', 3)`,
  `UPDATE migration_test_warm_up SET name = CONCAT('n', LPAD(id, 4, '0')) WHERE id > 1`,
  'ALTER TABLE migration_test_warm_up ADD COLUMN extra text',
  'DELETE FROM migration_test_warm_up WHERE id > 2',
];

export class MysqlEngine implements Engine {
  readonly dialect = 'mysql' as const;
  private showOverhead: Record<string, number> = {};
  private showCalls = 0;
  private tablespaceView: string | null = null;
  private maxPacketBytes: number | null = null;
  /** Session counters moved by statements that touch no user rows, and by our own row counts. */
  private notUserRows: Record<string, number> = {};
  /** Rows of the tables TRUNCATE and DROP TABLE emptied, counted just before. */
  private removedRows = 0;
  private serverTimer: (() => Promise<number>) | null = null;
  private warmed: Promise<void> | null = null;
  /** Where to open the probe's connection; the probes running, by their thread ids. */
  private target: DatabaseTarget | null = null;
  private readonly probes = new Map<RunningProbe, number>();
  /** The migration tool's own tables (setBookkeepingTables), lower case: not the migrations' bytes. */
  private migrationsTables = new Set<string>();

  private constructor(
    readonly name: 'mysql' | 'mariadb',
    readonly serverVersion: string,
    readonly database: string,
    private readonly session: mysql.Connection,
    private readonly measure: mysql.Connection,
    private readonly statementTimeoutSec: number | null,
  ) {}

  static async connect(
    target: DatabaseTarget,
    opts: EngineOptions & { connectTimeoutSec: number },
  ): Promise<MysqlEngine> {
    const session = await connectWithRetry(target, () => open(target), { timeoutSec: opts.connectTimeoutSec });
    const measure = await open(target);
    for (const sql of OBSERVER_SETTINGS) await measure.query(sql);
    const [rows] = await session.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
    const version = String(rows[0]?.v ?? '');
    const name = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
    const engine = new MysqlEngine(
      name,
      version.replace(/-log$/, ''),
      target.database,
      session,
      measure,
      opts.statementTimeoutSec,
    );
    engine.target = target;
    await engine.calibrate();
    await engine.prepareLockObserver();
    const [packet] = await session.query<mysql.RowDataPacket[]>('SELECT @@SESSION.max_allowed_packet AS m');
    engine.maxPacketBytes = Number(packet[0]?.m) || null;
    return engine;
  }

  /**
   * SHOW SESSION STATUS may move the session's own counters (MySQL counts its temporary
   * table): measure by how much once, then take every earlier reading's share out.
   */
  private async calibrate(): Promise<void> {
    const a = await this.sessionCounters();
    const b = await this.sessionCounters();
    for (const [k, v] of Object.entries(b)) this.showOverhead[k] = Math.max(0, v - (a[k] ?? 0));
    for (const view of ['INNODB_SYS_TABLESPACES', 'INNODB_TABLESPACES']) {
      try {
        await this.measure.query(`SELECT NAME, ALLOCATED_SIZE FROM information_schema.${view} LIMIT 0`);
        this.tablespaceView = view;
        break;
      } catch {
        // Not this server's name for it.
      }
    }
  }

  private async sessionCounters(): Promise<Record<string, number>> {
    const [rows] = await this.session.query<(StatusRow & mysql.RowDataPacket)[]>(
      "SHOW SESSION STATUS WHERE Variable_name LIKE 'Handler\\_%' OR Variable_name IN ('Rows_read', 'Rows_tmp_read')",
    );
    const earlier = this.showCalls++;
    const out: Record<string, number> = {};
    for (const r of rows) out[r.Variable_name] = num(r.Value) - (this.showOverhead[r.Variable_name] ?? 0) * earlier;
    return out;
  }

  async listUserTables(): Promise<string[]> {
    const [rows] = await this.measure.query<mysql.RowDataPacket[]>(
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1',
    );
    return rows.map((r) => String(r.name));
  }

  async execute(sql: string): Promise<ExecResult> {
    const effect = statementEffect(sql);
    return effect ? this.executeAccounted(sql, effect) : this.executeStatement(sql);
  }

  /**
   * Runs a statement whose handler calls are not the user's rows (statement-effects.ts): the
   * session's counters are read around it and what it moved is taken out of the migration's; a
   * TRUNCATE or DROP TABLE first counts the rows it is about to remove, which then count as
   * deleted. The reads are timed apart (`ownMs`): the statement's time is its own round trip.
   * On MySQL 8, whose row counters are InnoDB's server-wide ones (Innodb_rows_*, which leave
   * out the system schemas' rows, counted as Innodb_system_rows_*), the session's counters are
   * not used, and the rows our COUNT(*) reads may show in Innodb_rows_read.
   */
  private async executeAccounted(sql: string, effect: NonNullable<StatementEffect>): Promise<ExecResult> {
    const t0 = performance.now();
    const before = await this.sessionCounters();
    const removing = effect.kind === 'removes' ? await this.countRowsOf(effect.tables) : 0;
    const t1 = performance.now();
    const outcome = await this.executeStatement(sql).then(
      (result) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error }),
    );
    const t2 = performance.now();
    const after = await this.sessionCounters();
    for (const [k, v] of Object.entries(after)) this.notUserRows[k] = (this.notUserRows[k] ?? 0) + v - (before[k] ?? 0);
    if (!outcome.result) throw outcome.error;
    this.removedRows += removing;
    return { ...outcome.result, ownMs: (outcome.result.ownMs ?? 0) + t1 - t0 + (performance.now() - t2) };
  }

  /** Exact row counts (COUNT(*), on the session: it sees the open transaction's rows); 0 for a table not there. */
  private async countRowsOf(tables: readonly string[]): Promise<number> {
    let rows = 0;
    for (const table of tables) {
      try {
        const [r] = await this.session.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`);
        rows += num(r[0]?.n);
      } catch {
        // IF EXISTS on a table that is not there, or a view: nothing to count.
      }
    }
    return rows;
  }

  warmUp(): Promise<void> {
    this.warmed ??= this.warmUpOnce();
    return this.warmed;
  }

  /**
   * The first statements of a session open tables and fill the server's caches: a temporary
   * table (which commits nothing and leaves nothing behind) takes them through the same paths,
   * and the observers' first reads are done here too, before anything is timed.
   */
  private async warmUpOnce(): Promise<void> {
    try {
      for (const sql of WARM_UP_STATEMENTS) await this.session.query(sql);
    } catch {
      // Without the right to create temporary tables the run only starts colder.
    } finally {
      await this.session.query('DROP TEMPORARY TABLE IF EXISTS migration_test_warm_up').catch(() => {});
    }
    this.serverTimer = await sessionStatementTimer(this.measure, this.session);
    await this.readSnapshot().catch(() => undefined);
  }

  private async executeStatement(sql: string): Promise<ExecResult> {
    const tooLarge = packetTooLarge(sql, this.maxPacketBytes, false);
    if (tooLarge) throw tooLarge;
    const threadId = this.session.threadId;
    let timedOut = false;
    const timer =
      this.statementTimeoutSec !== null
        ? setTimeout(() => {
            timedOut = true;
            this.measure.query(`KILL QUERY ${Number(threadId)}`).catch(() => {});
          }, this.statementTimeoutSec * 1000)
        : null;
    const watch = watchLockWait(() => describeBlockers(this.measure, Number(threadId)));
    try {
      const [result] = await this.session.query(sql);
      // A killed SLEEP() returns normally: the timeout still ends the statement.
      if (timedOut || this.cancelled) throw new Error('Query execution was interrupted');
      const t0 = performance.now();
      const messages = await warningsAfter(this.session, result);
      const ownMs = performance.now() - t0;
      const blockedBy = await watch.stop();
      return {
        rows: countRows(result),
        ...(blockedBy ? { blockedBy } : {}),
        ...(messages.length ? { messages, ownMs } : {}),
      };
    } catch (err) {
      const refused = (err as MysqlError).errno === ER_NET_PACKET_TOO_LARGE;
      const blockedBy = await watch.stop();
      const tooLarge = packetTooLarge(sql, this.maxPacketBytes, refused);
      if (tooLarge) throw tooLarge;
      const details = await warningsBeside(this.session, err);
      throw toStatementError(err, sql, timedOut ? this.statementTimeoutSec : null, blockedBy, details);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private observer: MysqlLockObserver | null = null;

  /** Set up on connect: which lock table the server has, and its InnoDB tables view. */
  private async prepareLockObserver(): Promise<void> {
    const source = await lockSource(this.measure, this.name);
    const tables = await innodbTablesView(this.measure);
    this.observer = new MysqlLockObserver(this.session, this.measure, source, tables, this.tablespaceView);
  }

  lockObserver(): MysqlLockObserver {
    if (!this.observer) throw new Error('the lock observer is set up on connect');
    return this.observer;
  }

  /** The tablespace files' sizes (INNODB_TABLESPACES, no table lock), else the statistics' estimate. */
  async databaseSize(): Promise<number | null> {
    return (await this.readSizes()).total;
  }

  async endSessions(ids: readonly number[]): Promise<void> {
    for (const id of ids) await this.measure.query(`KILL ${Number(id)}`).catch(() => undefined);
  }

  async otherSessions(): Promise<number[]> {
    const [rows] = await this.measure.query<mysql.RowDataPacket[]>(
      'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID NOT IN (?, CONNECTION_ID()) ORDER BY ID',
      [this.session.threadId],
    );
    const probes = new Set(this.probes.values());
    return rows.map((r) => Number(r['id'])).filter((id) => !probes.has(id));
  }

  /** The probe's session is one of ours while it runs (otherSessions leaves it out), and ended with it. */
  async startProbe(tables: readonly string[]): Promise<RunningProbe> {
    if (!this.target) throw new Error('no connection target for the probe');
    const conn = await open(this.target);
    const end = async () => {
      const ended = conn.end().then(
        () => true,
        () => true,
      );
      const inTime = await Promise.race([
        ended,
        new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref()),
      ]);
      if (!inTime) {
        await this.measure.query(`KILL CONNECTION ${Number(conn.threadId)}`).catch(() => {});
        conn.destroy();
      }
    };
    const running = runProbe(await mysqlProbe(conn, end), tables);
    const probe: RunningProbe = {
      stop: () => {
        this.probes.delete(probe);
        return running.stop();
      },
    };
    this.probes.set(probe, Number(conn.threadId));
    return probe;
  }

  private cancelled = false;

  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.measure.query(`KILL QUERY ${Number(this.session.threadId)}`);
  }

  /** GET_LOCK names are server-wide: the database's name is folded in, hashed to fit 64 characters. */
  async acquireRunLock(): Promise<boolean> {
    const [rows] = await this.measure.query<mysql.RowDataPacket[]>(
      "SELECT GET_LOCK(CONCAT('migration-test:', SHA1(DATABASE())), 0) AS ok",
    );
    return Number(rows[0]?.ok) === 1;
  }

  /** ER_LOCK_WAIT_TIMEOUT on an observer read: say so, and who else is in the database. */
  private async explainLockTimeout(err: unknown): Promise<never> {
    if ((err as MysqlError).errno !== 1205) throw err;
    const others = await otherThreads(this.measure, Number(this.session.threadId)).catch(() => '');
    throw new Error(
      `could not measure the database: ${(err as Error).message}${others ? `; other sessions: ${others}` : ''}`,
    );
  }

  /**
   * The session's counters are read around the write and what it moved is taken out, as for
   * statements that touch no user rows (executeAccounted).
   */
  async bookkeep(sql: string, params: readonly unknown[]): Promise<void> {
    const before = await this.sessionCounters();
    try {
      await this.session.query(sql, [...params]);
    } catch (err) {
      throw toStatementError(err, sql, null, null, {});
    } finally {
      const after = await this.sessionCounters();
      for (const [k, v] of Object.entries(after))
        this.notUserRows[k] = (this.notUserRows[k] ?? 0) + v - (before[k] ?? 0);
    }
  }

  setBookkeepingTables(tables: readonly string[]): void {
    this.migrationsTables = new Set(tables.map((t) => t.toLowerCase()));
  }

  async query<T extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<T[]> {
    const [rows] = params.length ? await this.session.query(sql, [...params]) : await this.session.query(sql);
    return (Array.isArray(rows) ? rows : []) as T[];
  }

  schemaSnapshot(): Promise<SchemaSnapshot> {
    return readMysqlSchema(this.query.bind(this));
  }

  async begin(): Promise<void> {
    await this.session.query('START TRANSACTION');
  }
  async commit(): Promise<void> {
    try {
      await this.session.query('COMMIT');
    } catch (err) {
      throw toStatementError(err, 'COMMIT', null);
    }
  }
  async rollback(): Promise<void> {
    await this.session.query('ROLLBACK');
  }

  async snapshot(): Promise<Snapshot> {
    return this.readSnapshot().catch((err: unknown) => this.explainLockTimeout(err));
  }

  /**
   * The session's own counters are read first and its statement timer last: neither reading
   * shows in the other (the timer is read by the observer, SHOW runs on the session).
   */
  private async readSnapshot(): Promise<Snapshot> {
    const session = await this.sessionCounters();
    const [status] = await this.measure.query<(StatusRow & mysql.RowDataPacket)[]>(
      `SHOW GLOBAL STATUS WHERE Variable_name IN (${GLOBAL_COUNTERS.map((c) => `'${c}'`).join(', ')})`,
    );
    const raw: Record<string, number> = {};
    for (const r of status) raw[r.Variable_name] = num(r.Value);
    for (const [k, v] of Object.entries(session)) raw[k] = v - (this.notUserRows[k] ?? 0);
    const { sizes, total } = await this.readSizes();
    const counters = rowCounters(raw);
    return {
      sizeBytes: total,
      tableSizes: sizes,
      tableCounters: new Map([['*', { ...counters, deleted: counters.deleted + this.removedRows }]]),
      raw,
      serverQueries: null,
      serverTimeMs: this.serverTimer ? await this.serverTimer() : null,
    };
  }

  /**
   * InnoDB's data_length/index_length are estimates refreshed lazily in the background; the
   * tablespace file's allocated size is exact, so it wins where the server exposes it.
   */
  private async readSizes(): Promise<{ sizes: Map<string, number>; total: number }> {
    const join = this.tablespaceView
      ? `LEFT JOIN information_schema.${this.tablespaceView} ts ON ts.NAME = CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME)`
      : '';
    const fileCol = this.tablespaceView ? 'ts.ALLOCATED_SIZE' : 'NULL';
    const [rows] = await this.measure.query<mysql.RowDataPacket[]>(
      `SELECT t.TABLE_NAME AS name, COALESCE(t.DATA_LENGTH, 0) + COALESCE(t.INDEX_LENGTH, 0) AS stat_bytes, ${fileCol} AS file_bytes
         FROM information_schema.TABLES t ${join}
        WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE'`,
    );
    const sizes = new Map<string, number>();
    let total = 0;
    for (const r of rows) {
      if (this.migrationsTables.has(String(r.name).toLowerCase())) continue;
      const bytes = r.file_bytes !== null && r.file_bytes !== undefined ? num(r.file_bytes) : num(r.stat_bytes);
      sizes.set(String(r.name), bytes);
      total += bytes;
    }
    return { sizes, total };
  }

  async close(): Promise<void> {
    await Promise.all([...this.probes.keys()].map((p) => p.stop().catch(() => [])));
    // A session still running a statement (a cancelled run) is killed on the server, never left behind.
    const ended = this.session.end().catch(() => this.session.destroy());
    const inTime = await Promise.race([
      ended.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref()),
    ]);
    if (!inTime) {
      await this.measure.query(`KILL CONNECTION ${Number(this.session.threadId)}`).catch(() => {});
      this.session.destroy();
    }
    await this.measure.end().catch(() => this.measure.destroy());
  }
}

/**
 * MySQL counts InnoDB row operations server-wide (turbo-hipster's Innodb_rows_*). MariaDB
 * dropped those counters; its session's own Rows_read and Handler_write/update/delete count
 * the migration's session alone, with internal temporary tables kept apart (Handler_tmp_*).
 */
function rowCounters(raw: Record<string, number>): TableCounters {
  if (raw.Innodb_rows_read !== undefined) {
    return {
      read: raw.Innodb_rows_read,
      inserted: raw.Innodb_rows_inserted ?? 0,
      updated: raw.Innodb_rows_updated ?? 0,
      deleted: raw.Innodb_rows_deleted ?? 0,
    };
  }
  return {
    read: raw.Rows_read ?? 0,
    inserted: raw.Handler_write ?? 0,
    updated: raw.Handler_update ?? 0,
    deleted: raw.Handler_delete ?? 0,
  };
}

function isHeader(x: unknown): x is { affectedRows: number } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'affectedRows' in x;
}

/** A CALL returns its result sets followed by a status header: count what the statement did. */
function countRows(result: unknown): number | null {
  if (isHeader(result)) return result.affectedRows;
  if (Array.isArray(result)) {
    if (result.length > 0 && result.every((r) => Array.isArray(r) || isHeader(r))) {
      let rows = 0;
      for (const part of result) rows += isHeader(part) ? part.affectedRows : (part as unknown[]).length;
      return rows;
    }
    return result.length;
  }
  return null;
}
