import type pg from 'pg';
import type { Attempt, ProbeConnection } from '../probe-loop.js';

/** How long one attempt waits for a lock before it counts as blocked. */
export const PROBE_LOCK_TIMEOUT_MS = 25;

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The probe's attempts are table locks taken the way a trivial read (ACCESS SHARE) and a
 * trivial write (ROW EXCLUSIVE) would take them, in a transaction rolled back at once: they
 * conflict with exactly the locks such traffic would wait for, yet read and write no row, so
 * pg_stat_user_tables (the migration's row counters) never see them. Row locks are not
 * probed: an UPDATE holding some rows does not block traffic on the others.
 */
export async function postgresProbe(client: pg.Client, end: () => Promise<void>): Promise<ProbeConnection> {
  await client.query(`SET lock_timeout = ${PROBE_LOCK_TIMEOUT_MS}`);
  await client.query('SET statement_timeout = 10000');
  return {
    async attempt(table, kind): Promise<Attempt> {
      const mode = kind === 'read' ? 'ACCESS SHARE' : 'ROW EXCLUSIVE';
      try {
        await client.query(`BEGIN; LOCK TABLE ${table} IN ${mode} MODE; ROLLBACK`);
        return 'ok';
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        return (err as { code?: string }).code === LOCK_NOT_AVAILABLE ? 'blocked' : 'gone';
      }
    },
    close: end,
  };
}
