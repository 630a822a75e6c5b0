/**
 * The embedded PostgreSQL under faults, through the bundled CLI in a fresh process: the server
 * killed during a migration, a failed run, signals while the server starts and while it runs.
 * Each run gets its own TMPDIR, so that what it leaves behind can be counted exactly.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tempDir, writeTree } from './helpers/tree.js';

const CLI = path.resolve('dist/cli.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface RunningCli {
  pid: number;
  output(): string;
  exited: Promise<Exit>;
}

/** A TMPDIR of its own, reachable by the system user postgres the server runs as under root. */
async function privateTmp(): Promise<string> {
  const dir = await tempDir('mt-emb-tmp-');
  await fs.chmod(dir, 0o755);
  return dir;
}

function startCli(args: string[], tmp: string): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NODE_OPTIONS: '', TMPDIR: tmp } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { pid: child.pid!, output: () => output, exited };
}

async function waitFor(what: string, ready: () => boolean, timeoutMs = 30000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Processes other than this one whose command line mentions dir (Linux /proc). */
function processesMentioning(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid)) {
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(dir)) found.push(`${name}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** The data directory of the one embedded server under tmp, once it has one. */
function dataDirIn(tmp: string): string | null {
  const base = readdirSync(tmp).find((n) => n.startsWith('migration-test-pg-'));
  return base ? path.join(tmp, base, 'data') : null;
}

function postmasterPid(tmp: string): number | null {
  const data = dataDirIn(tmp);
  if (!data || !existsSync(path.join(data, 'postmaster.pid'))) return null;
  const pid = Number.parseInt(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
  return pid > 0 ? pid : null;
}

/** Nothing of the run is left: no file in its TMPDIR, no process working there. */
async function expectNothingLeft(tmp: string): Promise<void> {
  expect(readdirSync(tmp)).toEqual([]);
  expect(processesMentioning(tmp)).toEqual([]);
  await fs.rm(tmp, { recursive: true, force: true });
}

interface ReportShape {
  status: string;
  migrations: { id: string; status: string; error: { message: string } | null; durationMs: number | null }[];
}

async function readReport(dir: string): Promise<ReportShape> {
  return JSON.parse(await fs.readFile(path.join(dir, 'report.json'), 'utf8')) as ReportShape;
}

const LONG_MIGRATIONS = { 'V1__a.sql': 'CREATE TABLE a (id int);\n', 'V2__sleep.sql': 'SELECT pg_sleep(30);\n' };

test('the server killed during a migration: the run fails with the cause, the report is written, nothing is left', async () => {
  const [tmp, migrations, out] = await Promise.all([privateTmp(), writeTree(LONG_MIGRATIONS), tempDir()]);
  const run = startCli(['run', '--migrations', migrations, '--report-dir', out], tmp);
  await waitFor('the first migration', () => run.output().includes('1_a (up)'));
  await new Promise((r) => setTimeout(r, 300)); // pg_sleep is under way
  const pid = postmasterPid(tmp);
  expect(pid).not.toBeNull();
  process.kill(pid!, 'SIGKILL');
  const exit = await run.exited;
  expect(exit).toEqual({ code: 1, signal: null });
  expect(run.output()).toMatch(/^FAILED: /m);
  const report = await readReport(out);
  expect(report.status).toBe('failed');
  const sleep = report.migrations.find((m) => m.id === '2_sleep');
  expect(sleep?.status).toBe('failed');
  // the run ended with the server, not after the 30 s sleep (the tool's own measure: no bound on the machine's speed)
  expect(sleep?.durationMs ?? 0).toBeLessThan(30_000);
  expect(sleep?.error?.message).toMatch(/^the embedded PostgreSQL exited \(signal SIGKILL\) during the run/);
  await expectNothingLeft(tmp);
}, 60000);

test('a failed migration on the embedded server exits 1', async () => {
  const [tmp, migrations, out] = await Promise.all([
    privateTmp(),
    writeTree({ 'V1__a.sql': 'CREATE TABLE a (id int);\n', 'V2__b.sql': 'SELEC 1;\n' }),
    tempDir(),
  ]);
  const run = startCli(['run', '--migrations', migrations, '--report-dir', out], tmp);
  expect(await run.exited).toEqual({ code: 1, signal: null });
  expect((await readReport(out)).status).toBe('failed');
  await expectNothingLeft(tmp);
}, 60000);

describe('a signal while the embedded server starts removes it, then the process exits 128 + the signal', () => {
  const moments: [string, NodeJS.Signals, (tmp: string, run: RunningCli) => boolean][] = [
    ['as the start begins', 'SIGTERM', (_tmp, run) => run.output().includes('starting an embedded PostgreSQL')],
    ['during initdb', 'SIGTERM', (tmp) => processesMentioning(tmp).some((p) => p.includes('initdb'))],
    ['during initdb', 'SIGINT', (tmp) => processesMentioning(tmp).some((p) => p.includes('initdb'))],
    ['while the server comes up', 'SIGTERM', (tmp) => postmasterPid(tmp) !== null],
  ];
  test.each(moments)(
    '%s (%s)',
    async (_moment, signal, now) => {
      const [tmp, migrations, out] = await Promise.all([privateTmp(), writeTree(LONG_MIGRATIONS), tempDir()]);
      const run = startCli(['run', '--migrations', migrations, '--report-dir', out], tmp);
      await waitFor('the moment to signal', () => now(tmp, run));
      process.kill(run.pid, signal);
      // exits, having removed the server: a process that hung would time the test out
      const exit = await run.exited;
      expect(exit).toEqual({ code: 128 + os.constants.signals[signal], signal: null });
      await expectNothingLeft(tmp);
    },
    60000,
  );
});

test('SIGTERM during a migration: the server is stopped and removed, the process exits 143', async () => {
  const [tmp, migrations, out] = await Promise.all([privateTmp(), writeTree(LONG_MIGRATIONS), tempDir()]);
  const run = startCli(['run', '--migrations', migrations, '--report-dir', out], tmp);
  await waitFor('the first migration', () => run.output().includes('1_a (up)'));
  await new Promise((r) => setTimeout(r, 300));
  const signalledAt = Date.now();
  process.kill(run.pid, 'SIGTERM');
  const exit = await run.exited;
  // before the 30 s sleep would have ended: the statement was cut short, not waited for
  expect(Date.now() - signalledAt).toBeLessThan(30_000);
  expect(exit).toEqual({ code: 143, signal: null });
  await expectNothingLeft(tmp);
}, 60000);
