#!/usr/bin/env node
// npm run bench: every scenario, one after the other, then the table of figures.
//
//   1. overhead on heavy work        bench/overhead-heavy.mjs   (npm run bench:heavy)
//   2. overhead on small statements  bench/overhead-small.mjs   (npm run bench:small)
//   3. memory                        bench/memory.mjs           (npm run bench:memory)
//   4. start-up                      bench/startup.mjs          (npm run bench:startup)
//   5. rendering                     bench/render.mjs           (npm run bench:render)
//   6. a tool's own command          bench/command-overhead.mjs (npm run bench:command)
//
// Servers: PostgreSQL from --pg / PG_URL / 127.0.0.1:5432, else an embedded one; MySQL or
// MariaDB from --mysql / MYSQL_URL / 127.0.0.1:3306, else its rows are skipped. The clients
// compared with (psql, mariadb or mysql) must be on the PATH. It measures dist/ (npm run
// bundle first). `node bench/run.mjs --help` for the options.
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { benchContext, environment, fmtMs, log, parseOptions, printTable, row } from './lib.mjs';
import { run as heavy } from './overhead-heavy.mjs';
import { run as small } from './overhead-small.mjs';
import { run as memory } from './memory.mjs';
import { run as startup } from './startup.mjs';
import { run as render } from './render.mjs';
import { run as command } from './command-overhead.mjs';

const SCENARIOS = [
  ['heavy', heavy],
  ['small', small],
  ['memory', memory],
  ['startup', startup],
  ['render', render],
  ['command', command],
];

const opts = parseOptions();
const only = String(opts.only ?? '')
  .split(',')
  .filter(Boolean);
const unknown = only.filter((o) => !SCENARIOS.some(([name]) => name === o));
if (unknown.length) {
  console.error(`--only: unknown scenario ${unknown.join(', ')} (heavy, small, memory, startup, render, command)`);
  process.exit(2);
}
const ctx = await benchContext(opts);
const rows = [];
const started = performance.now();
try {
  for (const [name, run] of SCENARIOS) {
    if (only.length && !only.includes(name)) continue;
    const t0 = performance.now();
    log(`scenario ${name}…`);
    try {
      rows.push(...(await run(ctx)));
    } catch (err) {
      rows.push(row(name, 'failed', { note: String(err?.message ?? err).split('\n')[0] }));
      log(`scenario ${name} failed: ${err?.stack ?? err}`);
      process.exitCode = 1;
    }
    log(`scenario ${name} took ${fmtMs(performance.now() - t0)}`);
  }
} finally {
  await ctx.close();
}
const env = await environment(ctx);
console.log(`\n${env.join('\n')}\nwhole benchmark: ${fmtMs(performance.now() - started)}\n`);
printTable(rows);
if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ environment: env, rows }, null, 2));
