import type mysql from 'mysql2/promise';
import type { HeldLock, LockBlocks, LockKind, LockObserver, RelationInfo } from '../lock-observer.js';

/**
 * The migration thread's metadata locks, read by the measuring connection (never the
 * session's: its Handler counters are the migration's):
 * - MariaDB: information_schema.METADATA_LOCK_INFO of the metadata_lock_info plugin, by
 *   THREAD_ID = the session's CONNECTION_ID(). The plugin is installed where the account may
 *   (INSTALL SONAME); where it cannot be had, lock observation is off and the report says so.
 * - MySQL 8: performance_schema.metadata_locks joined to performance_schema.threads by
 *   PROCESSLIST_ID, as MySQL documents it (LOCK_STATUS = 'GRANTED'). No MySQL 8 server was at
 *   hand where this was written: that query is untested here.
 * These tables live in memory: reading them moves no InnoDB row counter.
 */

type Source = 'mariadb' | 'mysql';

const LOCK_QUERIES: Record<Source, string> = {
  mariadb: `SELECT LOCK_MODE AS mode, LOCK_TYPE AS type, TABLE_SCHEMA AS db, TABLE_NAME AS name
              FROM information_schema.METADATA_LOCK_INFO WHERE THREAD_ID = ?`,
  mysql: `SELECT m.LOCK_TYPE AS mode, m.OBJECT_TYPE AS type, m.OBJECT_SCHEMA AS db, m.OBJECT_NAME AS name
            FROM performance_schema.metadata_locks m
            JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
           WHERE t.PROCESSLIST_ID = ? AND m.LOCK_STATUS = 'GRANTED'`,
};

/** Metadata lock modes against ordinary traffic (SELECT takes SHARED_READ, writes SHARED_WRITE). */
const MDL_BLOCKS: Record<string, LockBlocks> = {
  EXCLUSIVE: 'reads+writes',
  SHARED_NO_READ_WRITE: 'reads+writes',
  SHARED_NO_WRITE: 'writes',
  SHARED_READ_ONLY: 'writes',
};

const TABLE_LOCK = /^(Table metadata lock|TABLE)$/i;

const KIND_OF_TABLE_TYPE: Record<string, LockKind> = {
  'BASE TABLE': 'table',
  'SYSTEM VERSIONED': 'table',
  VIEW: 'view',
  SEQUENCE: 'sequence',
};

/** Which lock table this server has: the plugin's (installed here if needed) or performance_schema's. */
/** The server's lock table, or why there is none. */
export type LockSource = { source: Source } | { off: string };

export async function lockSource(measure: mysql.Connection, engine: 'mysql' | 'mariadb'): Promise<LockSource> {
  const probe = async (sql: string) =>
    measure.query(sql).then(
      () => true,
      () => false,
    );
  if (engine === 'mysql') {
    return (await probe('SELECT 1 FROM performance_schema.metadata_locks LIMIT 0'))
      ? { source: 'mysql' }
      : { off: 'performance_schema.metadata_locks cannot be read: lock observation is off' };
  }
  const readable = () => probe('SELECT 1 FROM information_schema.METADATA_LOCK_INFO LIMIT 0');
  if (await readable()) return { source: 'mariadb' };
  await measure.query("INSTALL SONAME 'metadata_lock_info'").catch(() => undefined);
  return (await readable())
    ? { source: 'mariadb' }
    : {
        off: "the metadata_lock_info plugin is not installed and could not be (INSTALL SONAME 'metadata_lock_info'): lock observation is off",
      };
}

export class MysqlLockObserver implements LockObserver {
  readonly unavailable: string | null;
  readonly lockTimeoutSetting = /lock_wait_timeout/i;
  private readonly source: Source | null;
  private database: Promise<string> | null = null;

  constructor(
    private readonly session: mysql.Connection,
    private readonly measure: mysql.Connection,
    source: LockSource,
    /** INNODB_SYS_TABLES (MariaDB) or INNODB_TABLES (MySQL 8), when readable. */
    private readonly innodbTables: string | null,
    private readonly tablespaceView: string | null,
  ) {
    this.source = 'source' in source ? source.source : null;
    this.unavailable = 'off' in source ? source.off : null;
  }

  async locks(): Promise<HeldLock[]> {
    if (!this.source) return [];
    const [rows] = await this.measure.query<mysql.RowDataPacket[]>(LOCK_QUERIES[this.source], [this.session.threadId]);
    this.database ??= this.measure
      .query<mysql.RowDataPacket[]>('SELECT DATABASE() AS d')
      .then(([db]) => String(db[0]?.['d'] ?? ''));
    const here: string = await this.database;
    return rows.flatMap((r): HeldLock[] => {
      const mode = String(r['mode']).replace(/^MDL_/, '');
      const type = String(r['type']);
      if (TABLE_LOCK.test(type)) {
        if (String(r['db']) !== here) return [];
        return [{ relationId: `${here}.${String(r['name'])}`, mode }];
      }
      const other = type.toLowerCase();
      return [{ relationId: other, other, mode }];
    });
  }

  async relations(): Promise<Map<string, RelationInfo>> {
    const join = this.innodbTables
      ? `LEFT JOIN information_schema.${this.innodbTables} it ON it.NAME = CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME)`
      : '';
    const [rows] = await this.measure.query<mysql.RowDataPacket[]>(
      `SELECT t.TABLE_SCHEMA AS db, t.TABLE_NAME AS name, t.TABLE_TYPE AS type,
              ${this.innodbTables ? "CONCAT(it.TABLE_ID, ':', it.SPACE)" : 'NULL'} AS storage
         FROM information_schema.TABLES t ${join} WHERE t.TABLE_SCHEMA = DATABASE()`,
    );
    const out = new Map<string, RelationInfo>();
    for (const r of rows) {
      const id = `${String(r['db'])}.${String(r['name'])}`;
      const storage = r['storage'] === null || r['storage'] === undefined ? null : String(r['storage']);
      out.set(id, { name: String(r['name']), kind: KIND_OF_TABLE_TYPE[String(r['type'])] ?? 'other', storage });
    }
    return out;
  }

  async sizeBytes(id: string): Promise<number | null> {
    const file = this.tablespaceView
      ? `(SELECT ts.ALLOCATED_SIZE FROM information_schema.${this.tablespaceView} ts WHERE ts.NAME = CONCAT(t.TABLE_SCHEMA, '/', t.TABLE_NAME))`
      : 'NULL';
    const [rows] = await this.measure.query<mysql.RowDataPacket[]>(
      `SELECT COALESCE(${file}, t.DATA_LENGTH) AS size FROM information_schema.TABLES t
        WHERE CONCAT(t.TABLE_SCHEMA, '.', t.TABLE_NAME) = ?`,
      [id],
    );
    const size: unknown = rows[0]?.['size'];
    return size === null || size === undefined ? null : Number(size);
  }

  async lockTimeoutMs(): Promise<number | null> {
    try {
      // A variable read: no table, no handler call on the session's counters.
      const [rows] = await this.session.query<mysql.RowDataPacket[]>('SELECT @@SESSION.lock_wait_timeout AS s');
      const s = Number(rows[0]?.['s']);
      return Number.isFinite(s) ? s * 1000 : null;
    } catch {
      return null;
    }
  }

  blocks(mode: string, kind: LockKind): LockBlocks {
    if (kind === 'other') return 'none';
    return MDL_BLOCKS[mode] ?? 'ddl';
  }
}

/** Which of InnoDB's table views this server has (their TABLE_ID changes when a table is rebuilt). */
export async function innodbTablesView(measure: mysql.Connection): Promise<string | null> {
  for (const view of ['INNODB_SYS_TABLES', 'INNODB_TABLES']) {
    try {
      await measure.query(`SELECT TABLE_ID, NAME, SPACE FROM information_schema.${view} LIMIT 0`);
      return view;
    } catch {
      // Not this server's name for it.
    }
  }
  return null;
}
