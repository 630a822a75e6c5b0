import type pg from 'pg';

/**
 * The observer connections must never queue behind a migration or another session's lock: a
 * size read stuck behind an ACCESS EXCLUSIVE lock once stalled a run for 39 s and hid the
 * wait from the report. Their queries give up instead, and the error names who held the lock.
 */
export const OBSERVER_SETTINGS = ["SET lock_timeout = '2s'", "SET statement_timeout = '120s'"] as const;

/** For the tool's own queries on the migration session, whatever --statement-timeout says. */
export const OWN_STATEMENT_TIMEOUT_MS = 300_000;

interface HolderRow {
  pid: number;
  app: string;
  state: string;
  locks: string | null;
}

function describe(rows: readonly HolderRow[]): string | null {
  if (rows.length === 0) return null;
  return rows.map((r) => `pid ${r.pid} (${r.app}, ${r.state})${r.locks ? ` holding ${r.locks}` : ''}`).join('; ');
}

const HOLDER_COLUMNS = `a.pid, coalesce(nullif(a.application_name, ''), 'no application name') AS app,
  coalesce(a.state, 'unknown state') AS state,
  (SELECT string_agg(DISTINCT l.mode || ' on ' || CASE WHEN l.locktype = 'relation' THEN l.relation::regclass::text ELSE l.locktype END, ', ')
     FROM pg_locks l
    WHERE l.pid = a.pid AND l.granted AND l.mode <> 'AccessShareLock'
      AND (l.database IS NULL OR l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))) AS locks`;

/** The sessions a backend waits for, with the locks they hold; null when it waits for none. */
export async function describeBlockers(observer: pg.Client, pid: number): Promise<string | null> {
  const r = await observer.query<HolderRow>(
    `SELECT ${HOLDER_COLUMNS} FROM pg_stat_activity a WHERE a.pid = ANY(pg_blocking_pids($1)) ORDER BY a.pid`,
    [pid],
  );
  return describe(r.rows);
}

/** Other sessions holding strong locks in this database (after one of our reads timed out on a lock). */
export async function describeLockHolders(observer: pg.Client, ours: readonly number[]): Promise<string | null> {
  const r = await observer.query<HolderRow>(
    `SELECT ${HOLDER_COLUMNS} FROM pg_stat_activity a
      WHERE a.datname = current_database() AND a.pid <> ALL($1::int[])
        AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation'
                      AND l.mode IN ('AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock', 'ShareLock'))
      ORDER BY a.pid`,
    [ours],
  );
  return describe(r.rows);
}

/** Client sessions other than ours connected to this database (their writes land in the same counters). */
export async function otherSessions(observer: pg.Client, ours: readonly number[]): Promise<number[]> {
  const r = await observer.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> ALL($1::int[]) AND backend_type = 'client backend'
      ORDER BY pid`,
    [ours],
  );
  return r.rows.map((row) => row.pid);
}
