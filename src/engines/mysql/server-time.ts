import type mysql from 'mysql2/promise';

/** performance_schema's timers count picoseconds. */
const PS_PER_MS = 1e9;

/**
 * A reader of the server-side time of the statements one session ran (cumulative, in ms), from
 * performance_schema.events_statements_summary_by_thread_by_event_name (SUM_TIMER_WAIT), read by
 * the observer connection: MySQL 5.7/8 and MariaDB 10.x have the table, filled while
 * performance_schema is ON and the statement instruments are enabled and timed (MySQL 8's
 * defaults; MariaDB ships with performance_schema OFF). Checked once by timing a statement:
 * null when the server does not time the session's statements, so a run without it says
 * nothing rather than 0. MySQL 8 follows its manual here (no MySQL 8 server was at hand to
 * try it); MariaDB 10.11 was, with performance_schema OFF (null) and ON.
 *
 * Left out of the sum: the instructions of stored programs (statement/sp/*), which a CALL's own
 * time already holds (counting both doubled a CALL's time, seen on MariaDB 10.11), the
 * placeholders of statements not yet classified (statement/abstract/*), and SHOW STATUS, which
 * the engine runs on the session to read its counters, and SHOW WARNINGS, which it runs after a
 * statement that raised warnings (a migration has no use for either). Whether
 * MySQL 8 also records the SQL statements inside a stored program as statement/sql/* beside
 * statement/sp/stmt, which would count them twice, could not be tried here. The row counts the
 * engine takes before a TRUNCATE or DROP TABLE (a SELECT COUNT(*)) are counted in.
 */
export async function sessionStatementTimer(
  measure: mysql.Connection,
  session: mysql.Connection,
): Promise<(() => Promise<number>) | null> {
  try {
    const [on] = await measure.query<mysql.RowDataPacket[]>('SELECT @@performance_schema AS on_');
    if (Number(on[0]?.on_) !== 1) return null;
    const [threads] = await measure.query<mysql.RowDataPacket[]>(
      'SELECT THREAD_ID AS id FROM performance_schema.threads WHERE PROCESSLIST_ID = ?',
      [session.threadId],
    );
    const threadId: unknown = threads[0]?.id;
    if (threadId === undefined || threadId === null) return null;
    const read = async (): Promise<number> => {
      const [rows] = await measure.query<mysql.RowDataPacket[]>(
        `SELECT COALESCE(SUM(SUM_TIMER_WAIT), 0) AS ps
           FROM performance_schema.events_statements_summary_by_thread_by_event_name
          WHERE THREAD_ID = ? AND EVENT_NAME NOT LIKE 'statement/sp/%' AND EVENT_NAME NOT LIKE 'statement/abstract/%'
            AND EVENT_NAME NOT IN ('statement/sql/show_status', 'statement/sql/show_warnings')`,
        [threadId],
      );
      return Number(rows[0]?.ps ?? 0) / PS_PER_MS;
    };
    const before = await read();
    await session.query('SELECT 1');
    return (await read()) > before ? read : null;
  } catch {
    // No privilege on performance_schema, or no such table: no server-side times.
    return null;
  }
}
