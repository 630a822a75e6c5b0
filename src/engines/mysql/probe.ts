import type mysql from 'mysql2/promise';
import type { Attempt, ProbeConnection } from '../probe-loop.js';

const ER_LOCK_WAIT_TIMEOUT = 1205;

/** `name` as an identifier: backticks doubled. */
const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/**
 * The probe's attempts take the metadata locks a trivial read (SHARED_READ, by a SELECT …
 * LIMIT 0) and a trivial write (SHARED_WRITE, by a DELETE … WHERE FALSE in a transaction
 * rolled back) would take, without waiting (lock_wait_timeout = 0, which MariaDB allows; MySQL's
 * least is 1 s, too coarse to measure with and long enough for its queued request to stand in
 * the migration's way, so there the probe is off). Neither reads nor changes a row: the
 * session's Handler_* counters are the probe's own, and InnoDB's row counters do not move. Row
 * locks are not probed: an UPDATE holding some rows does not block traffic on the others.
 */
export async function mysqlProbe(conn: mysql.Connection, end: () => Promise<void>): Promise<ProbeConnection> {
  try {
    await conn.query('SET SESSION lock_wait_timeout = 0');
    const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT @@SESSION.lock_wait_timeout AS t');
    if (Number(rows[0]?.['t']) !== 0) throw new Error('the server does not allow lock_wait_timeout = 0');
  } catch (err) {
    await end();
    throw err;
  }
  return {
    async attempt(table, kind): Promise<Attempt> {
      try {
        if (kind === 'read') {
          await conn.query(`SELECT 1 FROM ${quote(table)} LIMIT 0`);
        } else {
          await conn.query('START TRANSACTION');
          await conn.query(`DELETE FROM ${quote(table)} WHERE FALSE`);
          await conn.query('ROLLBACK');
        }
        return 'ok';
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        return (err as { errno?: number }).errno === ER_LOCK_WAIT_TIMEOUT ? 'blocked' : 'gone';
      }
    },
    close: end,
  };
}
