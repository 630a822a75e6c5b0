import type mysql from 'mysql2/promise';

/**
 * The observer connection must never queue behind a migration or another session's metadata
 * lock; its reads give up after two seconds instead, and the error names who held it.
 */
export const OBSERVER_SETTINGS = [
  'SET SESSION lock_wait_timeout = 2',
  'SET SESSION innodb_lock_wait_timeout = 2',
] as const;

/**
 * Who a waiting thread waits for. MySQL 8 names metadata-lock owners in
 * performance_schema.metadata_locks (documented, not testable here); MariaDB does where the
 * metadata_lock_info plugin is installed. Without either, the other sessions of the database
 * and the waiting thread's state are what the server can tell.
 */
export async function describeBlockers(observer: mysql.Connection, threadId: number): Promise<string | null> {
  const [state] = await observer.query<mysql.RowDataPacket[]>(
    'SELECT STATE AS s FROM information_schema.PROCESSLIST WHERE ID = ?',
    [threadId],
  );
  const waiting = String(state[0]?.['s'] ?? '');
  if (!/^Waiting for .*lock/i.test(waiting)) return null;
  const holders = (await metadataLockHolders(observer, threadId)) ?? (await otherThreads(observer, threadId));
  return `${holders || 'another session'} (${waiting.toLowerCase()})`;
}

async function metadataLockHolders(observer: mysql.Connection, threadId: number): Promise<string | null> {
  const queries = [
    // MariaDB with the metadata_lock_info plugin
    `SELECT m.THREAD_ID AS id, m.LOCK_MODE AS mode, CONCAT(m.TABLE_SCHEMA, '.', m.TABLE_NAME) AS obj
       FROM information_schema.METADATA_LOCK_INFO m
      WHERE m.THREAD_ID <> ? AND m.TABLE_SCHEMA = DATABASE()`,
    // MySQL 8 (performance_schema thread ids differ from connection ids)
    `SELECT t.PROCESSLIST_ID AS id, m.LOCK_TYPE AS mode, CONCAT(m.OBJECT_SCHEMA, '.', m.OBJECT_NAME) AS obj
       FROM performance_schema.metadata_locks m JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
      WHERE m.LOCK_STATUS = 'GRANTED' AND t.PROCESSLIST_ID <> ? AND m.OBJECT_SCHEMA = DATABASE()`,
  ];
  for (const sql of queries) {
    try {
      const [rows] = await observer.query<mysql.RowDataPacket[]>(sql, [threadId]);
      if (rows.length > 0)
        return rows
          .map((r) => `thread ${String(r['id'])} holding ${String(r['mode'])} on ${String(r['obj'])}`)
          .join('; ');
    } catch {
      // Not this server's table, or not installed.
    }
  }
  return null;
}

export async function otherThreads(observer: mysql.Connection, threadId: number): Promise<string> {
  const [rows] = await observer.query<mysql.RowDataPacket[]>(
    `SELECT ID AS id, USER AS user, COMMAND AS command, TIME AS secs FROM information_schema.PROCESSLIST
      WHERE DB = DATABASE() AND ID <> ? AND ID <> CONNECTION_ID() ORDER BY ID`,
    [threadId],
  );
  return rows
    .map(
      (r) =>
        `thread ${String(r['id'])} (user ${String(r['user'])}, ${String(r['command'])} for ${String(r['secs'])} s)`,
    )
    .join('; ');
}
