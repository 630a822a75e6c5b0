import type pg from 'pg';
import type { HeldLock, LockBlocks, LockKind, LockObserver, RelationInfo } from '../lock-observer.js';

/**
 * The migration backend's locks, read from pg_locks on the observer connection that sits in
 * another database (the maintenance one): pg_locks is cluster-wide, and a read there lands in
 * neither the target database's pg_stat_database counters nor its pg_stat_statements entries.
 * Relation oids are resolved with maps of the target database's catalog read by the measuring
 * connection before and after the migration, outside the measured window.
 */

/** Oids below this are the system's own (FirstNormalObjectId): catalogs the DDL touches. */
const FIRST_USER_OID = 16384;

/** Conflicts with ordinary traffic: SELECT takes AccessShareLock, INSERT/UPDATE/DELETE RowExclusiveLock. */
const PG_BLOCKS: Record<string, LockBlocks> = {
  AccessExclusiveLock: 'reads+writes',
  ExclusiveLock: 'writes',
  ShareRowExclusiveLock: 'writes',
  ShareLock: 'writes',
  ShareUpdateExclusiveLock: 'ddl',
  RowExclusiveLock: 'ddl',
  RowShareLock: 'ddl',
  AccessShareLock: 'ddl',
};

const KIND_OF_RELKIND: Record<string, LockKind> = {
  r: 'table',
  p: 'table',
  m: 'table',
  f: 'table',
  i: 'index',
  I: 'index',
  S: 'sequence',
  v: 'view',
};

interface LockRow {
  locktype: string;
  mode: string;
  rel: string | null;
  classid: string | null;
  objid: string | null;
}

export class PostgresLockObserver implements LockObserver {
  readonly unavailable = null;
  readonly lockTimeoutSetting = /lock_timeout/i;
  private databaseOid: Promise<string> | null = null;

  constructor(
    private readonly session: pg.Client,
    /** Same database as the migration: catalog maps and sizes, read outside the measured window. */
    private readonly measure: pg.Client,
    /** Another database where possible: pg_locks reads during the migration. */
    private readonly admin: pg.Client,
    private readonly pid: number,
    private readonly database: string,
  ) {}

  async locks(): Promise<HeldLock[]> {
    this.databaseOid ??= this.admin
      .query<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = $1', [this.database])
      .then((r) => r.rows[0]?.oid ?? '0');
    const db = await this.databaseOid;
    // Virtual transaction ids are every transaction's own and block no one: left out.
    const r = await this.admin.query<LockRow>(
      `SELECT locktype, mode, relation::text AS rel, classid::text AS classid, objid::text AS objid
         FROM pg_locks
        WHERE pid = $1 AND granted AND locktype IN ('relation', 'advisory', 'transactionid')
          AND (locktype <> 'relation' OR (database = $2::oid AND relation >= ${FIRST_USER_OID}))`,
      [this.pid, db],
    );
    return r.rows.map((l): HeldLock => {
      if (l.locktype === 'relation' && l.rel !== null) return { relationId: l.rel, mode: l.mode };
      const other = l.locktype === 'advisory' ? `advisory lock ${l.classid}:${l.objid}` : 'transaction id';
      return { relationId: other, other, mode: l.mode };
    });
  }

  async relations(): Promise<Map<string, RelationInfo>> {
    const r = await this.measure.query<{
      oid: string;
      name: string;
      relkind: string;
      node: string;
      tbl: string | null;
    }>(
      `SELECT c.oid::text AS oid, format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS relkind,
              c.relfilenode::text AS node, i.indrelid::text AS tbl
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_index i ON i.indexrelid = c.oid
        WHERE c.oid >= ${FIRST_USER_OID} AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`,
    );
    const out = new Map<string, RelationInfo>();
    for (const c of r.rows) {
      const info: RelationInfo = { name: c.name, kind: KIND_OF_RELKIND[c.relkind] ?? 'other', storage: c.node };
      if (c.tbl !== null) info.tableId = c.tbl;
      out.set(c.oid, info);
    }
    return out;
  }

  async sizeBytes(id: string): Promise<number | null> {
    const r = await this.measure.query<{ size: string | null }>('SELECT pg_relation_size($1::oid) AS size', [id]);
    const size = r.rows[0]?.size;
    return size === null || size === undefined ? null : Number(size);
  }

  async lockTimeoutMs(): Promise<number | null> {
    try {
      // A plain setting read: no table, no counter of the migration's moves.
      const r = await this.session.query<{ ms: string }>(
        `SELECT setting AS ms FROM pg_settings WHERE name = 'lock_timeout'`,
      );
      const ms = Number(r.rows[0]?.ms);
      return Number.isFinite(ms) ? ms : null;
    } catch {
      return null;
    }
  }

  blocks(mode: string, kind: LockKind): LockBlocks {
    if (kind === 'other') return 'none';
    return PG_BLOCKS[mode] ?? 'ddl';
  }
}
