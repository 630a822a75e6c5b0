#!/usr/bin/env node
// Scenario 3, memory: the CLI's peak RSS for one migration of 10,000, 100,000 and 1,000,000
// statements on PostgreSQL (single-row INSERTs, one transaction: Flyway's format, so the
// million runs in about a minute). The statement log streams to disk, query statistics are
// grouped, and statements are cut from the file as they are run: the peak must stay flat as
// the count grows, and under 250 MB. Peak RSS is getrusage's ru_maxrss of the CLI process
// (read at its exit by bench/maxrss.cjs, preloaded with --require).
//
//   node bench/memory.mjs [--sizes 10000,100000,1000000]
import fs from 'node:fs/promises';
import path from 'node:path';
import { dbName, fmtInt, fmtMb, fmtMs, isMain, log, row, runCli, standalone, writeLines } from './lib.mjs';

const TARGET_MB = 250;

export async function run(ctx) {
  const server = ctx.postgres;
  if (!server) return [row('3. memory', 'PostgreSQL', { note: 'needs PostgreSQL (--engines postgres)' })];
  const rows = [];
  const peaks = [];
  for (const size of ctx.opts.sizes) {
    const dir = path.join(ctx.tmp, `memory-${size}`);
    await fs.mkdir(dir, { recursive: true });
    await writeLines(path.join(dir, 'V1__create.sql'), 1, () => 'CREATE TABLE t (n bigint NOT NULL);');
    await writeLines(path.join(dir, 'V2__insert.sql'), size, (i) => `INSERT INTO t VALUES (${i});`);
    const bytes = (await fs.stat(path.join(dir, 'V2__insert.sql'))).size;
    const name = dbName('memory');
    const url = await server.create(name);
    try {
      const r = await runCli(['--database-url', url, '--migrations', dir, '--format', 'flyway', '--rollback', 'off', '--fail-on', 'never'], {
        reportDir: path.join(dir, 'report'),
        maxRss: true,
      });
      if (r.report.migrations.at(-1)?.statements !== size) throw new Error(`memory ${size}: ran ${r.report.migrations.at(-1)?.statements} statements`);
      const logBytes = (await fs.stat(path.join(dir, 'report', r.report.migrations.at(-1).logFile))).size;
      log(`memory ${fmtInt(size)} statements (${(bytes / 2 ** 20).toFixed(1)} MiB file, ${(logBytes / 2 ** 20).toFixed(0)} MiB log): peak RSS ${fmtMb(r.maxRssKb)}, process ${fmtMs(r.wallMs)}`);
      peaks.push(r.maxRssKb);
      rows.push(
        row('3. memory (peak RSS)', `${fmtInt(size)} statements (${(bytes / 2 ** 20).toFixed(1)} MiB file, log ${(logBytes / 2 ** 20).toFixed(0)} MiB on disk)`, {
          ours: fmtMb(r.maxRssKb),
          target: `≤ ${TARGET_MB} MB`,
          met: r.maxRssKb / 1024 <= TARGET_MB,
        }),
      );
    } finally {
      await server.drop(name);
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  if (peaks.length > 1) {
    const growth = peaks.at(-1) / peaks[0];
    rows.push(
      row('3. memory (peak RSS)', `growth from ${fmtInt(ctx.opts.sizes[0])} to ${fmtInt(ctx.opts.sizes.at(-1))} statements`, {
        ours: `+${fmtMb(peaks.at(-1) - peaks[0])}`,
        ratio: `${growth.toFixed(2)}×`,
        target: 'flat',
        // the file itself is read whole (about 30 MB for a million statements): allowed for
        met: peaks.at(-1) - peaks[0] <= 64 * 1024,
      }),
    );
  }
  return rows;
}

if (isMain(import.meta.url)) await standalone(run, { needMysql: false });
