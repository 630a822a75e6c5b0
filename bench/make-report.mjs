// Builds a large report.json for the rendering benchmark (see render.mjs); importable.
import fs from 'node:fs/promises';
import path from 'node:path';

/** A deterministic report of `migrations` migrations with `queries` distinct queries each. */
export function bigReport({ migrations = 1000, queries = 100 } = {}) {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const runs = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let m = 0; m < migrations; m++) {
    const version = String(20260101000000 + m);
    const name = `change_table_${m}_and_backfill`;
    const qs = [];
    let statements = 0;
    let total = 0;
    for (let q = 0; q < queries; q++) {
      const calls = 1 + Math.floor(rnd() * 50);
      const meanMs = Math.round(rnd() * 200_000) / 1000;
      statements += calls;
      total += calls * meanMs;
      const kind = q % 4;
      const sql =
        kind === 0
          ? `UPDATE orders_${m} SET column_${q} = $1 WHERE id BETWEEN $2 AND $3 AND tenant_id = $4`
          : kind === 1
            ? `INSERT INTO audit_${m} (id, kind, payload_${q}, created_at) VALUES ($1, $2, $3, now())`
            : kind === 2
              ? `CREATE INDEX CONCURRENTLY idx_${m}_${q} ON orders_${m} USING btree (column_${q}, tenant_id) WHERE deleted_at IS NULL`
              : `ALTER TABLE orders_${m} ADD COLUMN column_${q} text DEFAULT ? NOT NULL`;
      qs.push({
        sql,
        calls,
        totalMs: Math.round(calls * meanMs * 1000) / 1000,
        meanMs,
        maxMs: Math.round(meanMs * (1 + rnd()) * 1000) / 1000,
        rows: Math.floor(rnd() * 100_000),
      });
    }
    qs.sort((a, b) => b.totalMs - a.totalMs || a.sql.localeCompare(b.sql));
    const counts = [0, 0, 0, 0, 0];
    for (let k = 0; k < statements; k++) counts[Math.min(4, Math.floor(rnd() * rnd() * 5))]++;
    const inserted = Math.floor(rnd() * 1e6);
    const updated = Math.floor(rnd() * 1e6);
    const deleted = Math.floor(rnd() * 1e4);
    const sizeBefore = 1e9 + m * 1e6;
    const delta = Math.floor((rnd() - 0.3) * 5e7);
    runs.push({
      id: `${version}_${name}`,
      version,
      name,
      file: `db/migrations/${version}_${name}.up.sql`,
      phase: 'new',
      direction: 'up',
      type: m % 10 === 0 ? 'post-deploy' : 'regular',
      status: 'succeeded',
      transactional: m % 3 !== 0,
      durationMs: Math.round(total * 1000) / 1000,
      sizeBeforeBytes: sizeBefore,
      sizeAfterBytes: sizeBefore + delta,
      sizeDeltaBytes: delta,
      counters: {
        rowsRead: Math.floor(rnd() * 1e7),
        rowsInserted: inserted,
        rowsUpdated: updated,
        rowsDeleted: deleted,
        rowsChanged: inserted + updated + deleted,
        raw: { tup_returned: 123456, tup_fetched: 2345, blks_read: 77, blks_hit: 9999, wal_bytes: 123456789 },
      },
      statements,
      queries: qs,
      histogram: { bucketsMs: [10, 100, 1000, 300000], counts },
      error: null,
      logFile: `logs/${version}_${name}.up.log`,
      tableSizes: [{ table: `public.orders_${m}`, beforeBytes: 5e8, afterBytes: 5e8 + delta, deltaBytes: delta }],
    });
  }
  const findings = runs.slice(0, 40).map((r, i) => ({
    severity: i % 2 ? 'warning' : 'error',
    rule: i % 2 ? 'duration' : 'rowsChanged',
    migration: r.id,
    message: `${r.id} changed ${r.counters.rowsChanged} rows (limit 100000)`,
    value: r.counters.rowsChanged,
    limit: 100000,
  }));
  return {
    schemaVersion: 1,
    tool: { name: 'migration-test', version: '0.1.0' },
    startedAt: new Date(start).toISOString(),
    finishedAt: new Date(start + 3_600_000).toISOString(),
    status: 'failed',
    database: { engine: 'postgres', serverVersion: '16.4', label: 'main' },
    source: { dir: 'db/migrations', format: 'golang-migrate' },
    migrations: runs,
    findings,
  };
}

export async function writeBigReport(dir, opts) {
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'report.json');
  await fs.writeFile(file, JSON.stringify(bigReport(opts), null, 2));
  return file;
}
