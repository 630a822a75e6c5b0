#!/usr/bin/env node
// Scenario 3, memory: the CLI's peak RSS for one migration of 10,000, 100,000 and 1,000,000
// statements on PostgreSQL (single-row INSERTs, one transaction: Flyway's format, so the
// million runs in about a minute). The statement log streams to disk, query statistics are
// grouped, and statements are cut from the file as they are run: the peak must stay under
// 250 MB and flat as the count grows. Peak RSS is getrusage's ru_maxrss of the CLI process
// (read at its exit by bench/maxrss.cjs, preloaded with --require); on Linux the RSS is also
// sampled every 250 ms, and the median of the second half of the run is shown.
//
// "Flat": the migration file itself is read whole (about 30 MB for a million statements),
// and its bytes stay in memory next to its text until V8's next full collection; so the peak
// may grow by twice the file's size, and by at most 32 MB more.
//
//   node bench/memory.mjs [--sizes 10000,100000,1000000]
import fs from 'node:fs/promises';
import path from 'node:path';
import { dbName, fmtInt, fmtMb, fmtMs, isMain, log, median, row, runCli, standalone, writeLines } from './lib.mjs';

const TARGET_MB = 250;
const FLAT_SLACK_MB = 32;

export async function run(ctx) {
  const server = ctx.postgres;
  if (!server) return [row('3. memory', 'PostgreSQL', { note: 'needs PostgreSQL (--engines postgres)' })];
  const rows = [];
  const runs = [];
  for (const size of ctx.opts.sizes) {
    const dir = path.join(ctx.tmp, `memory-${size}`);
    await fs.mkdir(dir, { recursive: true });
    await writeLines(path.join(dir, 'V1__create.sql'), 1, () => 'CREATE TABLE t (n bigint NOT NULL);');
    await writeLines(path.join(dir, 'V2__insert.sql'), size, (i) => `INSERT INTO t VALUES (${i});`);
    const bytes = (await fs.stat(path.join(dir, 'V2__insert.sql'))).size;
    const name = dbName('memory');
    const url = await server.create(name);
    try {
      const r = await runCli(
        ['--database-url', url, '--migrations', dir, '--format', 'flyway', '--rollback', 'off', '--fail-on', 'never'],
        {
          reportDir: path.join(dir, 'report'),
          maxRss: true,
        },
      );
      const last = r.report.migrations.at(-1);
      if (last?.statements !== size) throw new Error(`memory ${size}: ran ${last?.statements} statements`);
      const logBytes = (await fs.stat(path.join(dir, 'report', last.logFile))).size;
      const running = median(r.rssSamplesKb.slice(Math.floor(r.rssSamplesKb.length / 2)));
      log(
        `memory ${fmtInt(size)} statements (${(bytes / 2 ** 20).toFixed(1)} MiB file, ${(logBytes / 2 ** 20).toFixed(0)} MiB log): peak RSS ${fmtMb(r.maxRssKb)}, while running ${fmtMb(running)}, process ${fmtMs(r.wallMs)}`,
      );
      runs.push({ size, bytes, peak: r.maxRssKb });
      rows.push(
        row(
          '3. memory (peak RSS)',
          `${fmtInt(size)} statements (${(bytes / 2 ** 20).toFixed(1)} MiB file, log ${(logBytes / 2 ** 20).toFixed(0)} MiB on disk)`,
          {
            ours: `${fmtMb(r.maxRssKb)}${Number.isFinite(running) ? ` (${fmtMb(running)} while running)` : ''}`,
            target: `≤ ${TARGET_MB} MB`,
            met: r.maxRssKb / 1024 <= TARGET_MB,
          },
        ),
      );
    } finally {
      await server.drop(name);
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  if (runs.length > 1) {
    const first = runs[0];
    const lastRun = runs.at(-1);
    const growthMb = (lastRun.peak - first.peak) / 1024;
    const fileMb = (lastRun.bytes - first.bytes) / 2 ** 20;
    rows.push(
      row(
        '3. memory (peak RSS)',
        `growth ${fmtInt(first.size)} → ${fmtInt(lastRun.size)} statements (the file: +${fileMb.toFixed(0)} MB)`,
        {
          ours: `${growthMb >= 0 ? '+' : ''}${growthMb.toFixed(0)} MB`,
          target: `flat: ≤ 2 × file + ${FLAT_SLACK_MB} MB`,
          met: growthMb <= 2 * fileMb + FLAT_SLACK_MB,
        },
      ),
    );
  }
  return rows;
}

if (isMain(import.meta.url)) await standalone(run, { needMysql: false });
