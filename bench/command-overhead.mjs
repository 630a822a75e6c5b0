#!/usr/bin/env node
// Scenario 6, the recording proxy's cost: a team's own migrate command (Knex, four heavy
// migrations on a table of 1,000,000 rows: a column with a default, a backfill, an index, a
// delete of a tenth) run directly against the server, and through `migration-test run
// --command`, where every byte goes through the proxy and each migration's end is held while the
// database's size is read. Both sides start from the same loaded table on a fresh database.
// Compared: the command's own time (report.source.command.ms) with the same command run
// directly. Target: at most 1.15x.
//
//   node bench/command-overhead.mjs [--rounds 3] [--rows 1000000] [--engines postgres,mysql]
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadSql } from './overhead-heavy.mjs';
import {
  dbName,
  fmtInt,
  fmtMs,
  fmtRatio,
  isMain,
  log,
  median,
  mustRun,
  root,
  row,
  runCli,
  standalone,
} from './lib.mjs';

const TARGET = 1.15;
const KNEX = path.join(root, 'node_modules', 'knex');

const STATEMENTS = [
  [
    '1_add_score',
    {
      postgres: 'ALTER TABLE items ADD COLUMN score integer NOT NULL DEFAULT 0',
      mysql: 'ALTER TABLE items ADD COLUMN score INT NOT NULL DEFAULT 0',
    },
  ],
  ['2_backfill_score', { postgres: 'UPDATE items SET score = id % 1000', mysql: 'UPDATE items SET score = id % 1000' }],
  [
    '3_index_score',
    {
      postgres: 'CREATE INDEX items_score_idx ON items (score)',
      mysql: 'CREATE INDEX items_score_idx ON items (score)',
    },
  ],
  ['4_delete_tenth', { postgres: 'DELETE FROM items WHERE id % 10 = 0', mysql: 'DELETE FROM items WHERE id % 10 = 0' }],
];

function knexCommand(kind, dir) {
  const client = kind === 'postgres' ? 'pg' : 'mysql2';
  return `KNEX_PATH=${KNEX} node ${KNEX}/bin/cli.js migrate:latest --client ${client} --connection "$DATABASE_URL" --migrations-directory ${dir}`;
}

async function engineRuns(ctx, server, kind) {
  const { opts, tmp } = ctx;
  const dir = path.join(tmp, `command-${kind}`);
  const migrations = path.join(dir, 'migrations');
  await fs.mkdir(migrations, { recursive: true });
  for (const [name, sql] of STATEMENTS) {
    await fs.writeFile(
      path.join(migrations, `${name}.js`),
      `exports.up = (knex) => knex.raw(${JSON.stringify(sql[kind])});\nexports.down = () => {};\n`,
    );
  }
  const load = path.join(dir, 'load.sql');
  await fs.writeFile(load, loadSql(kind, opts.rows));
  const command = knexCommand(kind, migrations);
  const ours = [];
  const direct = [];
  for (let round = 0; round < opts.rounds; round++) {
    for (const side of ['ours', 'direct']) {
      const name = dbName(`command_${kind}`);
      const url = await server.create(name);
      try {
        await server.client(name, [load]);
        if (side === 'ours') {
          const r = await runCli(
            ['--database-url', url, '--command', command, '--allow-existing', '--fail-on', 'never', '--probe', 'off'],
            { reportDir: path.join(dir, 'report') },
          );
          const ms = r.report.source.command.ms;
          if (r.report.migrations.length !== STATEMENTS.length)
            throw new Error(
              `command ${kind}: ${r.report.migrations.length} migrations recorded, expected ${STATEMENTS.length}`,
            );
          ours.push(ms);
          log(`command ${kind} round ${round + 1}: through the proxy ${fmtMs(ms)}`);
        } else {
          const r = await mustRun('sh', ['-c', command], { env: { DATABASE_URL: url }, cwd: dir });
          direct.push(r.ms);
          log(`command ${kind} round ${round + 1}: directly ${fmtMs(r.ms)}`);
        }
      } finally {
        await server.drop(name);
      }
    }
  }
  const m = median(ours);
  const d = median(direct);
  return [
    row(
      `6. a tool's own command (Knex, ${fmtInt(opts.rows)} rows, 4 migrations)`,
      `${server.label}: the command, median of ${opts.rounds}`,
      {
        ours: fmtMs(m),
        client: `${fmtMs(d)} (knex directly)`,
        ratio: fmtRatio(m / d),
        target: `≤ ${TARGET.toFixed(2)}×`,
        met: m / d <= TARGET,
      },
    ),
  ];
}

export async function run(ctx) {
  const rows = [];
  if (ctx.postgres) rows.push(...(await engineRuns(ctx, ctx.postgres, 'postgres')));
  if (ctx.mysql) rows.push(...(await engineRuns(ctx, ctx.mysql, 'mysql')));
  return rows;
}

if (isMain(import.meta.url)) await standalone(run);
