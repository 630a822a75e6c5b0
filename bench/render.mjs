#!/usr/bin/env node
// Scenario 5, rendering: a report of 1,000 migrations with 100 distinct queries each
// (about 27 MB of report.json) rendered to comment.md and summary.md by
// `node dist/cli.js render --report-dir DIR`, start-up and reading the report included.
// Targets: at most 1 s, and a comment of at most 65,000 bytes (the summary: at most 1 MiB).
// Median of 5 runs, after one unmeasured run.
//
//   node bench/render.mjs
import fs from 'node:fs/promises';
import path from 'node:path';
import { cliPath, fmtInt, fmtMs, isMain, median, mustRun, row, standalone } from './lib.mjs';
import { writeBigReport } from './make-report.mjs';

const RUNS = 5;
const TARGET_MS = 1000;
const COMMENT_LIMIT = 65_000;
const SUMMARY_LIMIT = 1024 * 1024;

export async function run(ctx) {
  const dir = path.join(ctx.tmp, 'render');
  const migrations = 1000;
  const queries = 100;
  await writeBigReport(dir, { migrations, queries });
  const reportBytes = (await fs.stat(path.join(dir, 'report.json'))).size;
  const times = [];
  for (let i = 0; i <= RUNS; i++) {
    const r = await mustRun(process.execPath, [cliPath, 'render', '--report-dir', dir]);
    if (i > 0) times.push(r.ms);
  }
  const comment = (await fs.stat(path.join(dir, 'comment.md'))).size;
  const summary = (await fs.stat(path.join(dir, 'summary.md'))).size;
  const ms = median(times);
  const what = `${fmtInt(migrations)} migrations × ${queries} queries (${(reportBytes / 2 ** 20).toFixed(0)} MB report.json)`;
  return [
    row('5. rendering', `${what}: render command, median of ${RUNS}`, {
      ours: fmtMs(ms),
      target: `≤ ${fmtMs(TARGET_MS)}`,
      met: ms <= TARGET_MS,
    }),
    row('5. rendering', 'comment.md size', {
      ours: `${fmtInt(comment)} bytes`,
      target: `≤ ${fmtInt(COMMENT_LIMIT)} bytes`,
      met: comment <= COMMENT_LIMIT,
    }),
    row('5. rendering', 'summary.md size', {
      ours: `${fmtInt(summary)} bytes`,
      target: `≤ ${fmtInt(SUMMARY_LIMIT)} bytes`,
      met: summary <= SUMMARY_LIMIT,
    }),
  ];
}

if (isMain(import.meta.url)) await standalone(run, { needPostgres: false, needMysql: false });
