#!/usr/bin/env node
// Scenario 2, overhead on many small statements: one migration of 10,000 single-row INSERTs,
// one of 2,000 small DDL statements. migration-test's apply phase against the engine's own
// client on the same file, fresh database each run, runs alternating. Target: at most 1.5x the
// client's time; the overhead per statement is reported in ms.
//
// Like with like: `--format plain` runs every statement on its own, as `psql -f` and
// `mariadb <` do (autocommit). A third comparison wraps the INSERTs in one transaction on both
// sides (`--format flyway` against `psql --single-transaction`, or BEGIN/COMMIT around the
// file for mariadb): with no commit per statement the server's own work is smallest there.
//
// A third side shows the floor: the Node.js driver migration-test uses (pg, mysql2) sending
// the same statements in a bare loop (bench/driver-loop.mjs), so what is left of the overhead
// can be told apart from what any Node.js client pays.
//
//   node bench/overhead-small.mjs [--small-rounds 5] [--inserts 10000] [--ddl 2000]
import fs from 'node:fs/promises';
import path from 'node:path';
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
  writeLines,
} from './lib.mjs';

const TARGET = 1.5;

function ddlLine(kind, i) {
  const k = i >> 2;
  switch (i & 3) {
    case 0:
      return kind === 'postgres'
        ? `CREATE TABLE ddl_${k} (id int PRIMARY KEY, name text);`
        : `CREATE TABLE ddl_${k} (id INT PRIMARY KEY, name VARCHAR(100));`;
    case 1:
      return `ALTER TABLE ddl_${k} ADD COLUMN qty int;`;
    case 2:
      return `CREATE INDEX ddl_${k}_qty ON ddl_${k} (qty);`;
    default:
      return kind === 'postgres'
        ? `COMMENT ON TABLE ddl_${k} IS 'table ${k}';`
        : `ALTER TABLE ddl_${k} COMMENT = 'table ${k}';`;
  }
}

const CREATE_ROWS = {
  postgres: 'CREATE TABLE small_rows (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL);\n',
  mysql: 'CREATE TABLE small_rows (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT NOT NULL) ENGINE=InnoDB;\n',
};

/** One comparison: `c` is { name, count, setup, dir, file, format, clientFiles, clientName, singleTransaction, check }. */
async function compare(ctx, server, kind, c) {
  const rounds = ctx.opts['small-rounds'];
  const ours = [];
  const oursWall = [];
  const client = [];
  const driver = [];
  for (let round = 0; round < rounds; round++) {
    for (const side of ['ours', 'client', 'driver']) {
      const name = dbName(`small_${kind}`);
      const url = await server.create(name);
      try {
        if (c.setup) await server.client(name, [c.setup]);
        if (side === 'ours') {
          const r = await runCli(
            [
              '--database-url',
              url,
              '--migrations',
              c.dir,
              '--format',
              c.format,
              '--rollback',
              'off',
              '--allow-existing',
              '--fail-on',
              'never',
            ],
            {
              reportDir: path.join(ctx.tmp, 'report-small'),
            },
          );
          if (r.statements !== c.count)
            throw new Error(`${c.name}: migration-test ran ${r.statements} statements, expected ${c.count}`);
          ours.push(r.applyMs);
          oursWall.push(r.wallMs);
        } else if (side === 'client') {
          const r = await server.client(name, c.clientFiles, { singleTransaction: c.singleTransaction });
          client.push(r.ms);
        } else {
          const args = [
            path.join(root, 'bench', 'driver-loop.mjs'),
            url,
            c.file,
            ...(c.format === 'flyway' ? ['--transaction'] : []),
          ];
          const r = await mustRun(process.execPath, args);
          driver.push(JSON.parse(r.stdout).ms);
        }
        if (c.check) {
          const [{ n }] = await server.query(name, c.check.sql);
          if (Number(n) !== c.check.expect) throw new Error(`${c.name} (${side}): ${n} instead of ${c.check.expect}`);
        }
      } finally {
        await server.drop(name);
      }
    }
    log(
      `small ${kind} ${c.name} round ${round + 1}: migration-test ${fmtMs(ours.at(-1))} (process ${fmtMs(oursWall.at(-1))}), client ${fmtMs(client.at(-1))}, driver loop ${fmtMs(driver.at(-1))}`,
    );
  }
  const m = median(ours);
  const cl = median(client);
  const perStatement = (m - cl) / c.count;
  return [
    row(`2. small statements`, `${server.label}: ${c.name}, apply, median of ${rounds}`, {
      ours: fmtMs(m),
      client: `${fmtMs(cl)} (${c.clientName})`,
      ratio: fmtRatio(m / cl),
      target: `≤ ${TARGET.toFixed(1)}×`,
      met: m / cl <= TARGET,
    }),
    row(`2. small statements`, `${server.label}: ${c.name}, overhead per statement`, {
      ours: `${perStatement.toFixed(3)} ms`,
    }),
    row(`2. small statements`, `${server.label}: ${c.name}, whole process`, {
      ours: fmtMs(median(oursWall)),
      client: `${fmtMs(cl)} (${c.clientName})`,
      ratio: fmtRatio(median(oursWall) / cl),
    }),
    row(
      `2. small statements`,
      `${server.label}: ${c.name}, floor: ${kind === 'postgres' ? 'pg' : 'mysql2'} alone in a loop`,
      {
        ours: fmtMs(median(driver)),
        client: `${fmtMs(cl)} (${c.clientName})`,
        ratio: fmtRatio(median(driver) / cl),
      },
    ),
  ];
}

async function engineRuns(ctx, server, kind) {
  const { opts, tmp } = ctx;
  const base = path.join(tmp, `small-${kind}`);
  const clientName = kind === 'postgres' ? 'psql -f' : `${path.basename(server.clientBin)} <`;
  const mk = async (sub, file, count, lineAt) => {
    const dir = path.join(base, sub);
    await fs.mkdir(dir, { recursive: true });
    const f = path.join(dir, file);
    await writeLines(f, count, lineAt);
    return { dir, file: f };
  };
  const setup = path.join(base, 'create-rows.sql');
  await fs.mkdir(base, { recursive: true });
  await fs.writeFile(setup, CREATE_ROWS[kind]);
  const insert = (i) => `INSERT INTO small_rows (id, name, qty) VALUES (${i}, 'row ${i}', ${i % 100});`;
  const inserts = await mk('inserts', '1_inserts.sql', opts.inserts, insert);
  const ddl = await mk('ddl', '1_ddl.sql', opts.ddl, (i) => ddlLine(kind, i));
  const txInserts = await mk('inserts-tx', 'V1__inserts.sql', opts.inserts, insert);
  const rowsCheck = { sql: 'SELECT count(*) AS n FROM small_rows', expect: opts.inserts };
  const tables = Math.ceil(opts.ddl / 4);
  const ddlCheck = {
    sql:
      kind === 'postgres'
        ? `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'ddl\\_%'`
        : `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'ddl\\_%'`,
    expect: tables,
  };
  const rows = [];
  rows.push(
    ...(await compare(ctx, server, kind, {
      name: `${fmtInt(opts.inserts)} INSERTs`,
      count: opts.inserts,
      setup,
      dir: inserts.dir,
      file: inserts.file,
      format: 'plain',
      clientFiles: [inserts.file],
      clientName,
      check: rowsCheck,
    })),
  );
  rows.push(
    ...(await compare(ctx, server, kind, {
      name: `${fmtInt(opts.ddl)} DDL`,
      count: opts.ddl,
      dir: ddl.dir,
      file: ddl.file,
      format: 'plain',
      clientFiles: [ddl.file],
      clientName,
      check: ddlCheck,
    })),
  );
  // The same INSERTs in one transaction on both sides.
  const begin = path.join(base, 'begin.sql');
  const commit = path.join(base, 'commit.sql');
  await fs.writeFile(begin, 'BEGIN;\n');
  await fs.writeFile(commit, 'COMMIT;\n');
  rows.push(
    ...(await compare(ctx, server, kind, {
      name: `${fmtInt(opts.inserts)} INSERTs in one transaction`,
      count: opts.inserts,
      setup,
      dir: txInserts.dir,
      file: txInserts.file,
      format: 'flyway',
      clientFiles: kind === 'postgres' ? [txInserts.file] : [begin, txInserts.file, commit],
      singleTransaction: kind === 'postgres',
      clientName: kind === 'postgres' ? 'psql -1 -f' : `${path.basename(server.clientBin)} < BEGIN…COMMIT`,
      check: rowsCheck,
    })),
  );
  return rows;
}

export async function run(ctx) {
  const rows = [];
  if (ctx.postgres) {
    if (ctx.postgres.psql) rows.push(...(await engineRuns(ctx, ctx.postgres, 'postgres')));
    else
      rows.push(
        row('2. small statements', ctx.postgres.label, { note: 'psql is not installed: nothing to compare with' }),
      );
  }
  if (ctx.mysql) {
    if (ctx.mysql.clientBin) rows.push(...(await engineRuns(ctx, ctx.mysql, 'mysql')));
    else
      rows.push(
        row('2. small statements', ctx.mysql.label, {
          note: 'neither mariadb nor mysql is installed: nothing to compare with',
        }),
      );
  }
  return rows;
}

if (isMain(import.meta.url)) await standalone(run);
