#!/usr/bin/env node
// Scenario 1, overhead on heavy work: a table of 1,000,000 rows, and four migrations that add
// a column with a default, backfill it with an UPDATE, create an index and delete a tenth of
// the rows. migration-test's apply phase against psql -f / mariadb < on the same files, on the
// same server, each run on a fresh database. Target: at most 1.10x.
//
// The table is loaded with the engine's own client before each run, outside the timed part,
// and migration-test runs with --allow-existing: both sides then start from the very same
// state (same loading, same vacuum and checkpoint), and both apply exactly the same four files.
// (A base migration creating the table would put the load inside our process but not psql's.)
//
//   node bench/overhead-heavy.mjs [--rounds 3] [--rows 1000000] [--engines postgres,mysql]
import fs from 'node:fs/promises';
import path from 'node:path';
import { dbName, fmtInt, fmtMs, fmtRatio, isMain, log, median, row, runCli, standalone } from './lib.mjs';

const TARGET = 1.1;

const MIGRATIONS = {
  postgres: [
    ['1_add_score.sql', 'ALTER TABLE items ADD COLUMN score integer NOT NULL DEFAULT 0;\n'],
    ['2_backfill_score.sql', 'UPDATE items SET score = id % 1000;\n'],
    ['3_index_score.sql', 'CREATE INDEX items_score_idx ON items (score);\n'],
    ['4_delete_tenth.sql', 'DELETE FROM items WHERE id % 10 = 0;\n'],
  ],
  mysql: [
    ['1_add_score.sql', 'ALTER TABLE items ADD COLUMN score INT NOT NULL DEFAULT 0;\n'],
    ['2_backfill_score.sql', 'UPDATE items SET score = id % 1000;\n'],
    ['3_index_score.sql', 'CREATE INDEX items_score_idx ON items (score);\n'],
    ['4_delete_tenth.sql', 'DELETE FROM items WHERE id % 10 = 0;\n'],
  ],
};

export function loadSql(engine, rows) {
  if (engine === 'postgres') {
    return [
      'CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL);',
      `INSERT INTO items SELECT g, 'item ' || g, timestamptz '2026-01-01' - g * interval '1 second' FROM generate_series(1, ${rows}) g;`,
      'VACUUM (ANALYZE) items;',
      '\\set ON_ERROR_STOP off',
      'CHECKPOINT; -- superusers and pg_checkpoint only: the rest start with a little more to write',
      '',
    ].join('\n');
  }
  // digits cross-joined: portable to MySQL and MariaDB
  const levels = Math.max(1, Math.ceil(Math.log10(rows)));
  const from = Array.from({ length: levels }, (_, i) => `digits d${i}`).join(', ');
  const id = Array.from({ length: levels }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
  return [
    'CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, created_at DATETIME NOT NULL) ENGINE=InnoDB;',
    'CREATE TABLE digits (d INT NOT NULL);',
    'INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);',
    `INSERT INTO items SELECT 1 + ${id}, CONCAT('item ', 1 + ${id}), TIMESTAMP '2026-01-01 00:00:00' - INTERVAL (1 + ${id}) SECOND FROM ${from} WHERE ${id} < ${rows};`,
    'DROP TABLE digits;',
    'ANALYZE TABLE items;',
    '',
  ].join('\n');
}

async function engineRuns(ctx, server, kind) {
  const { opts, tmp } = ctx;
  const dir = path.join(tmp, `heavy-${kind}`);
  await fs.mkdir(path.join(dir, 'migrations'), { recursive: true });
  const files = [];
  for (const [name, sql] of MIGRATIONS[kind]) {
    const f = path.join(dir, 'migrations', name);
    await fs.writeFile(f, sql);
    files.push(f);
  }
  const load = path.join(dir, 'load.sql');
  await fs.writeFile(load, loadSql(kind, opts.rows));
  const expected = opts.rows - Math.floor(opts.rows / 10);

  const ours = [];
  const oursWall = [];
  const client = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (const side of ['ours', 'client']) {
      const name = dbName(`heavy_${kind}`);
      const url = await server.create(name);
      try {
        const loaded = await server.client(name, [load]);
        if (side === 'ours') {
          const r = await runCli(
            [
              '--database-url',
              url,
              '--migrations',
              path.join(dir, 'migrations'),
              '--format',
              'plain',
              '--rollback',
              'off',
              '--allow-existing',
              '--fail-on',
              'never',
              // BENCH_PROBE=off measures without the blocked-traffic probe (on by default), to tell its share.
              ...(process.env.BENCH_PROBE ? ['--probe', process.env.BENCH_PROBE] : []),
            ],
            {
              reportDir: path.join(dir, 'report'),
            },
          );
          ours.push(r.applyMs);
          oursWall.push(r.wallMs);
          log(
            `heavy ${kind} round ${round + 1}: load ${fmtMs(loaded.ms)}, migration-test apply ${fmtMs(r.applyMs)} (process ${fmtMs(r.wallMs)})`,
          );
        } else {
          const r = await server.client(name, files);
          client.push(r.ms);
          log(
            `heavy ${kind} round ${round + 1}: load ${fmtMs(loaded.ms)}, ${kind === 'postgres' ? 'psql -f' : 'mariadb <'} ${fmtMs(r.ms)}`,
          );
        }
        const [{ n }] = await server.query(name, 'SELECT count(*) AS n FROM items');
        if (Number(n) !== expected) throw new Error(`heavy ${kind} (${side}): ${n} rows left, expected ${expected}`);
      } finally {
        await server.drop(name);
      }
    }
  }
  const m = median(ours);
  const c = median(client);
  const clientName = kind === 'postgres' ? 'psql -f' : `${path.basename(server.clientBin)} <`;
  return [
    row(`1. heavy work (${fmtInt(opts.rows)} rows, 4 migrations)`, `${server.label}: apply, median of ${opts.rounds}`, {
      ours: fmtMs(m),
      client: `${fmtMs(c)} (${clientName})`,
      ratio: fmtRatio(m / c),
      target: `≤ ${TARGET.toFixed(2)}×`,
      met: m / c <= TARGET,
    }),
    row(`1. heavy work (${fmtInt(opts.rows)} rows, 4 migrations)`, `${server.label}: whole process`, {
      ours: fmtMs(median(oursWall)),
      client: `${fmtMs(c)} (${clientName})`,
      ratio: fmtRatio(median(oursWall) / c),
    }),
  ];
}

export async function run(ctx) {
  const rows = [];
  if (ctx.postgres) {
    if (ctx.postgres.psql) rows.push(...(await engineRuns(ctx, ctx.postgres, 'postgres')));
    else
      rows.push(row('1. heavy work', ctx.postgres.label, { note: 'psql is not installed: nothing to compare with' }));
  }
  if (ctx.mysql) {
    if (ctx.mysql.clientBin) rows.push(...(await engineRuns(ctx, ctx.mysql, 'mysql')));
    else
      rows.push(
        row('1. heavy work', ctx.mysql.label, {
          note: 'neither mariadb nor mysql is installed: nothing to compare with',
        }),
      );
  }
  return rows;
}

if (isMain(import.meta.url)) await standalone(run);
