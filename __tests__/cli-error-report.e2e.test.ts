/**
 * A run of the CLI that cannot start still leaves a report.json (status "error") in the report
 * directory, valid against the schema, and the summary saying why; a directory that is not a
 * report directory is left alone.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { validateAgainstJsonSchema } from './helpers/report-schema.js';
import { writeTree } from './helpers/tree.js';

const CLI = path.resolve('dist/cli.js');

function cli(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('database unreachable: exit 2, report.json of status error with the reason, summary.md', async () => {
  const ws = await writeTree({ 'db/migrations/V1__a.sql': 'CREATE TABLE a (id int);' }, 'mt-cli-err-');
  const dir = path.join(ws, 'out');
  const r = await cli(
    [
      'run',
      '--database-url',
      'postgres://postgres:secret-pw@127.0.0.1:1/x',
      '--connect-timeout',
      '1',
      '--report-dir',
      dir,
    ],
    ws,
  );
  expect(r.code).toBe(2);
  const report = JSON.parse(await fs.readFile(path.join(dir, 'report.json'), 'utf8')) as {
    status: string;
    findings: { message: string }[];
  };
  expect(report.status).toBe('error');
  expect(report.findings[0]!.message).toMatch(/127\.0\.0\.1:1/);
  expect(JSON.stringify(report)).not.toContain('secret-pw');
  expect(validateAgainstJsonSchema(report)).toEqual([]);
  expect(await fs.readFile(path.join(dir, 'summary.md'), 'utf8')).toContain('Could not run');
});

test('a report directory that holds other files is not written into', async () => {
  const ws = await writeTree(
    { 'db/migrations/V1__a.sql': 'CREATE TABLE a (id int);', 'out/mine.txt': 'keep' },
    'mt-cli-err-',
  );
  const r = await cli(['run', '--database-url', 'postgres://postgres@127.0.0.1:1/x', '--report-dir', 'out'], ws);
  expect(r.code).toBe(2);
  expect((await fs.readdir(path.join(ws, 'out'))).sort()).toEqual(['mine.txt']);
});

test('no report directory given and the configuration invalid: the report goes to the default directory', async () => {
  const ws = await writeTree({ 'db/migrations/V1__a.sql': 'CREATE TABLE a (id int);' }, 'mt-cli-err-');
  const r = await cli(['run', '--database-url', 'postgres://postgres@127.0.0.1:1/x', '--connect-timeout', 'abc'], ws);
  expect(r.code).not.toBe(0);
  const report = JSON.parse(await fs.readFile(path.join(ws, 'migration-test-report', 'report.json'), 'utf8')) as {
    status: string;
  };
  expect(report.status).toBe('error');
  expect(validateAgainstJsonSchema(report)).toEqual([]);
});

test('SIGTERM while waiting for a database that does not answer: report.json of status error, exit 143, at once', async () => {
  const ws = await writeTree({ 'db/migrations/V1__a.sql': 'CREATE TABLE a (id int);' }, 'mt-cli-err-');
  const dir = path.join(ws, 'out');
  // Port 1 refuses connections: the run keeps retrying for its 600 s --connect-timeout.
  const child = spawn(
    process.execPath,
    [
      CLI,
      'run',
      '--database-url',
      'postgres://postgres@127.0.0.1:1/x',
      '--connect-timeout',
      '600',
      '--report-dir',
      dir,
    ],
    { cwd: ws, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (stdout.includes('connecting to the database')) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  child.kill('SIGTERM');
  // Far shorter than the connect timeout: a run that waited it out would time this test out.
  expect(await closed).toBe(143);
  const report = JSON.parse(await fs.readFile(path.join(dir, 'report.json'), 'utf8')) as {
    status: string;
    findings: { message: string }[];
  };
  expect(report.status).toBe('error');
  expect(report.findings[0]!.message).toMatch(/cancelled by SIGTERM/);
  expect(validateAgainstJsonSchema(report)).toEqual([]);
}, 60000);
