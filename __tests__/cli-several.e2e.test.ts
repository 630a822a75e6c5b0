/** dist/cli.js: several --database-url into one merged report directory; merge of report directories. */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { validateAgainstJsonSchema } from './helpers/report-schema.js';
import { tempDir, writeTree } from './helpers/tree.js';

const CLI = path.resolve('dist/cli.js');
const dbs: TestDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.drop();
});

function cli(args: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('--database-url twice: each database in its own directory, merged at the top; merge refuses a non-report', async () => {
  const pg = await createPostgresDatabase('mt_several');
  const maria = await createMysqlDatabase('mt_several');
  dbs.push(pg, maria);
  const ws = await writeTree({
    'db/migrations/V1__create_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
    'db/migrations/V2__add_name.sql': 'ALTER TABLE users ADD COLUMN name varchar(20);',
  });
  const r = await cli(['run', '--database-url', pg.url, '--database-url', maria.url, '--report-dir', 'out'], ws);
  expect({ code: r.code, out: r.code === 0 ? '' : r.out }).toEqual({ code: 0, out: '' });
  const merged = JSON.parse(await fs.readFile(path.join(ws, 'out/report.json'), 'utf8')) as {
    status: string;
    merged: { reports: { database: { engine: string; label: string } }[] };
  };
  expect(validateAgainstJsonSchema(merged)).toEqual([]);
  expect(merged.status).toBe('passed');
  expect(merged.merged.reports.map((x) => [x.database.label, x.database.engine])).toEqual([
    ['postgres-1', 'postgres'],
    ['mysql-2', 'mariadb'],
  ]);
  await fs.access(path.join(ws, 'out/postgres-1/report.json'));
  await fs.access(path.join(ws, 'out/mysql-2/logs/2_add_name.up.log'));
  const comment = await fs.readFile(path.join(ws, 'out/comment.md'), 'utf8');
  expect(comment).toContain('#### Migrations by database');

  // The merged directory is itself an input of render and merge.
  expect((await cli(['render', '--report-dir', 'out'], ws)).code).toBe(0);
  const again = await cli(['merge', 'out', '--report-dir', await tempDir('mt-merge-again-')], ws);
  expect({ code: again.code, out: again.code === 0 ? '' : again.out }).toEqual({ code: 0, out: '' });
  await fs.writeFile(path.join(ws, 'db/report.json'), '{"schemaVersion": 2}');
  const bad = await cli(['merge', 'db', '--report-dir', 'other'], ws);
  expect(bad.code).toBe(2);
  expect(bad.out.trim().split('\n')).toHaveLength(1);
  expect(bad.out).toMatch(/^migration-test: merge: .*report\.json: not a migration-test report: schemaVersion/);
});
