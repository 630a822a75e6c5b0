/**
 * What an engine tells of the migration session's locks and of the storage of relations,
 * read from a connection of its own so that the migration's counters never hold these reads.
 */

export const LOCK_KINDS = ['table', 'index', 'sequence', 'view', 'other'] as const;
export type LockKind = (typeof LOCK_KINDS)[number];

/** What ordinary traffic a lock stops: SELECTs and writes, writes only, only DDL, nothing. */
export const LOCK_BLOCKS = ['reads+writes', 'writes', 'ddl', 'none'] as const;
export type LockBlocks = (typeof LOCK_BLOCKS)[number];

/** One lock the migration session held at the moment it was read. */
export interface HeldLock {
  /**
   * The relation's stable identity (PostgreSQL: its oid; MySQL/MariaDB: schema.table), or a
   * description for locks on no relation ("advisory lock 1:42", "transaction id").
   */
  relationId: string;
  /** Set for locks on no relation: kind and name are known without the catalog. */
  other?: string;
  /** The engine's own name of the mode (AccessExclusiveLock, SHARED_NO_READ_WRITE). */
  mode: string;
}

/** A relation as the catalog shows it to the observer (committed state). */
export interface RelationInfo {
  name: string;
  kind: LockKind;
  /** Its storage: relfilenode (PostgreSQL), InnoDB table id or tablespace (MySQL/MariaDB). */
  storage: string | null;
  /** For an index: the identity of its table. */
  tableId?: string;
}

export interface LockObserver {
  /** Why locks cannot be observed on this server (a plugin missing), or null when they can. */
  readonly unavailable: string | null;
  /** The migration session's granted locks now. */
  locks(): Promise<HeldLock[]>;
  /** User tables and indexes as the observer sees them, keyed by identity. */
  relations(): Promise<Map<string, RelationInfo>>;
  /** Bytes of one relation's own storage (no indexes), null when it is gone. */
  sizeBytes(id: string): Promise<number | null>;
  /**
   * The migration session's lock timeout in ms (0: none), read on the session itself between
   * statements; null when it cannot be read.
   */
  lockTimeoutMs(): Promise<number | null>;
  /** What ordinary traffic a lock of this mode on a relation of this kind stops. */
  blocks(mode: string, kind: LockKind): LockBlocks;
  /** Matches statements that may change the lock timeout, after which it is read again. */
  readonly lockTimeoutSetting: RegExp;
}
