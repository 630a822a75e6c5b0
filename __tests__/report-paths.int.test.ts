/**
 * Paths read from the repository root wherever the tool is started, and a slow DO block is
 * named by its line and its body, on a real PostgreSQL.
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { resolveRunConfig } from '../src/config/load.js';
import { reportAnnotations } from '../src/report/annotations.js';
import { progressLine, summaryLines } from '../src/report/progress.js';
import { renderReport } from '../src/report/render/index.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { tempDir, writeTree } from './helpers/tree.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createPostgresDatabase('mt_paths');
});
afterEach(async () => {
  await db.drop();
});

const NO_TIME_LIMITS = {
  duration: { regular: null, postDeploy: null },
  queryDuration: { default: null, concurrentIndex: null },
};

test('started outside the repository: every path reads from its root, never ../', async () => {
  const repo = await writeTree({
    'services/api/db/migrations/V1__users.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n',
    'services/api/db/migrations/V2__broken.sql': '-- fails\nINSERT INTO users\n  VALUES (1), (1);\n',
  });
  await mkdir(path.join(repo, '.git'));
  const elsewhere = await tempDir('mt-cwd-');
  const reportDir = await tempDir();
  const migrations = path.relative(elsewhere, path.join(repo, 'services/api/db/migrations'));
  expect(migrations.startsWith('../')).toBe(true);
  const config = resolveRunConfig({
    databaseUrl: db.url,
    migrations,
    reportDir,
    connectTimeout: 5,
    thresholds: NO_TIME_LIMITS,
  });
  const statuses: string[] = [];
  const { report, reportPath } = await runMigrationTest(config, {
    cwd: elsewhere,
    onStatus: (line) => statuses.push(line),
  });

  const file = 'services/api/db/migrations/V2__broken.sql';
  expect(report.source.dir).toBe('services/api/db/migrations');
  expect(report.migrations.map((m) => m.file)).toEqual(['services/api/db/migrations/V1__users.sql', file]);
  const broken = report.migrations[1]!;
  expect(broken.error).toMatchObject({ code: '23505', line: 2, detail: 'Key (id)=(1) already exists.' });

  const logs = await Promise.all(
    (await readdir(path.join(reportDir, 'logs'))).map((f) => readFile(path.join(reportDir, 'logs', f), 'utf8')),
  );
  const docs = renderReport(report, { commentKey: 'main' });
  const consoleText = [...statuses, ...report.migrations.map(progressLine), ...summaryLines(report, reportPath)];
  const everything = [JSON.stringify(report), ...logs, docs.comment, docs.summary, ...consoleText].join('\n');
  expect(everything).not.toContain('../');
  expect(logs.join('\n')).toContain(`-- 2_broken up (${file}) on postgres`);
  expect(progressLine(broken)).toContain(`${file}:2: [23505] duplicate key value`);
  expect(docs.comment).toContain(`- File: \`${file}\``);
  expect(reportAnnotations(report)).toEqual([
    expect.objectContaining({
      level: 'error',
      file,
      line: 2,
      message: expect.stringContaining('DETAIL: Key (id)=(1)'),
    }),
  ]);
}, 60000);

test('a slow DO block is named by its body and the line it starts on', async () => {
  const { report } = await runOnFiles(
    db.url,
    {
      'V1__slow.sql': [
        'CREATE TABLE t (id int);', // 1
        '', // 2
        '-- waits on purpose', // 3
        'DO $$', // 4
        'BEGIN', // 5
        '  PERFORM pg_sleep(0.3);', // 6
        'END', // 7
        '$$;', // 8
      ].join('\n'),
    },
    // A lower bound only: the block sleeps 300 ms, far over a 50 ms limit on any machine.
    { thresholds: { ...NO_TIME_LIMITS, queryDuration: { default: 50, concurrentIndex: null } } },
  );
  const run = report.migrations.find((m) => m.phase === 'new' && m.direction === 'up')!;
  const block = run.queries.find((q) => q.sql.startsWith('DO'));
  expect(block).toMatchObject({ sql: 'DO $$ BEGIN PERFORM pg_sleep(?); END $$', line: 4 });
  expect(run.queries.find((q) => q.sql.startsWith('CREATE'))?.line).toBe(1);
  const slow = report.findings.filter((f) => f.rule === 'query-duration');
  expect(slow).toEqual([
    expect.objectContaining({
      migration: '1_slow',
      line: 4,
      message: expect.stringMatching(/ at line 4 of V1__slow\.sql: DO \$\$ BEGIN PERFORM pg_sleep\(\?\); END \$\$$/),
    }),
  ]);
  expect(reportAnnotations(report).filter((a) => a.title.includes('query-duration'))).toEqual([
    expect.objectContaining({ level: slow[0]!.severity, file: 'V1__slow.sql', line: 4 }),
  ]);
}, 60000);
