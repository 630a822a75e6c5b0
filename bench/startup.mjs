#!/usr/bin/env node
// Scenario 4, start-up: `node dist/cli.js --version` and `--help` (target: at most twice a
// bare `node -e 0`, i.e. they load next to nothing of the bundle), and the action,
// `node dist/index.js` as the runner starts it, from spawn to its first query on the database
// (target 500 ms). The first query is seen by a TCP proxy in front of PostgreSQL, which reads
// the protocol's messages: the first Query ('Q') or Parse ('P') after a connection's start-up.
// Median of 10 runs each, after one unmeasured run; the CLI's runs alternate with `node -e 0`'s.
//
//   node bench/startup.mjs
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { cliPath, dbName, distDir, fmtMs, fmtRatio, isMain, median, mustRun, row, standalone } from './lib.mjs';

const RUNS = 10;
const CLI_TARGET_RATIO = 2;
const ACTION_TARGET_MS = 500;

/**
 * A TCP proxy to `target` that calls `onQuery` at the first Query or Parse message a client
 * sends (after the untyped start-up and SSL-request messages).
 */
async function queryWatchingProxy(target, onQuery) {
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    let buf = Buffer.alloc(0);
    let started = false;
    let seen = false;
    client.on('data', (chunk) => {
      if (seen) return;
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (!started) {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          const code = buf.readInt32BE(4);
          if (buf.length < len) return;
          buf = buf.subarray(len);
          if (code !== 80877103 && code !== 80877104) started = true; // not SSLRequest / GSSENCRequest
          continue;
        }
        if (buf.length < 5) return;
        const type = String.fromCharCode(buf[0]);
        if (type === 'Q' || type === 'P') {
          seen = true;
          onQuery(performance.now());
          return;
        }
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) return;
        buf = buf.subarray(1 + len);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function actionToFirstQuery(ctx, server) {
  const work = path.join(ctx.tmp, 'startup-action');
  await fs.mkdir(path.join(work, 'db', 'migrations'), { recursive: true });
  await fs.writeFile(path.join(work, 'db', 'migrations', '1_create.sql'), 'CREATE TABLE t (a int);\n');
  const target = new URL(server.serverUrl);
  let firstQueryAt = null;
  const proxy = await queryWatchingProxy({ host: target.hostname, port: Number(target.port || 5432) }, (t) => {
    firstQueryAt ??= t;
  });
  const times = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      const name = dbName('startup');
      await server.create(name);
      const url = new URL(server.url(name));
      url.port = String(proxy.port);
      url.hostname = '127.0.0.1';
      const outputs = path.join(work, 'outputs');
      await fs.writeFile(outputs, '');
      firstQueryAt = null;
      const started = performance.now();
      const child = spawn(process.execPath, [path.join(distDir, 'index.js')], {
        cwd: work,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          GITHUB_ACTIONS: 'true',
          GITHUB_EVENT_NAME: 'push',
          GITHUB_REPOSITORY: 'bench/bench',
          GITHUB_WORKSPACE: work,
          GITHUB_OUTPUT: outputs,
          GITHUB_RUN_ID: '1',
          'INPUT_DATABASE-URL': url.toString(),
          INPUT_MIGRATIONS: 'db/migrations',
          INPUT_ROLLBACK: 'off',
          INPUT_COMMENT: 'false',
          'INPUT_UPLOAD-ARTIFACT': 'false',
          'INPUT_REPORT-DIR': path.join(work, 'report'),
        },
      });
      let output = '';
      child.stdout.on('data', (c) => (output = (output + c).slice(-4000)));
      child.stderr.on('data', (c) => (output = (output + c).slice(-4000)));
      const code = await new Promise((resolve) => child.on('close', resolve));
      await server.drop(name);
      if (firstQueryAt === null) throw new Error(`dist/index.js never queried the database (exit ${code}):\n${output}`);
      if (i > 0) times.push(firstQueryAt - started);
    }
  } finally {
    await proxy.close();
  }
  return median(times);
}

/** Medians of each command's wall time, over rounds that run every command once in turn. */
async function interleavedMedians(commands) {
  const times = commands.map(() => []);
  for (let i = 0; i <= RUNS; i++) {
    for (const [k, args] of commands.entries()) {
      const r = await mustRun(process.execPath, args);
      if (i > 0) times[k].push(r.ms);
    }
  }
  return times.map(median);
}

export async function run(ctx) {
  const rows = [];
  const [bare, version, help] = await interleavedMedians([
    ['-e', '0'],
    [cliPath, '--version'],
    [cliPath, '--help'],
  ]);
  for (const [what, ms] of [
    ['--version', version],
    ['--help', help],
  ]) {
    rows.push(
      row('4. start-up', `node dist/cli.js ${what}, median of ${RUNS}`, {
        ours: fmtMs(ms),
        client: `${fmtMs(bare)} (node -e 0)`,
        ratio: fmtRatio(ms / bare),
        target: `≤ ${fmtRatio(CLI_TARGET_RATIO)}`,
        met: ms / bare <= CLI_TARGET_RATIO,
      }),
    );
  }
  if (ctx.postgres) {
    const action = await actionToFirstQuery(ctx, ctx.postgres);
    rows.push(
      row('4. start-up', `node dist/index.js to its first query, median of ${RUNS}`, {
        ours: fmtMs(action),
        client: `${fmtMs(bare)} (node -e 0)`,
        target: `≤ ${ACTION_TARGET_MS} ms`,
        met: action <= ACTION_TARGET_MS,
      }),
    );
  } else {
    rows.push(row('4. start-up', 'node dist/index.js to its first query', { note: 'needs PostgreSQL' }));
  }
  return rows;
}

if (isMain(import.meta.url)) await standalone(run, { needMysql: false });
