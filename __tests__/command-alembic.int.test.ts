// --command with a real Python migration tool (Alembic, from Debian's packages) through the recording
// proxy, on PostgreSQL (psycopg2) and on MariaDB/MySQL (PyMySQL).
import { resolveRunConfig } from '../src/config/load.js';
import { runMigrationTest } from '../src/runner/run-all.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { debianPython } from './helpers/debian-python.js';
import { tempDir, writeTree } from './helpers/tree.js';

let python: string;
beforeAll(() => {
  python = debianPython(['alembic', 'psycopg2', 'pymysql'], ['python3-alembic', 'python3-psycopg2', 'python3-pymysql']);
});

const ENV_PY = `
import os
from alembic import context
from sqlalchemy import create_engine

url = os.environ['DATABASE_URL']
url = url.replace('postgres://', 'postgresql+psycopg2://', 1).replace('mysql://', 'mysql+pymysql://', 1)
with create_engine(url).connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
`;

const THOUSAND_ROWS: Record<TestDatabase['engine'], string> = {
  postgres: 'INSERT INTO items SELECT g, g FROM generate_series(1, 1000) g',
  mysql:
    'INSERT INTO items WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000) SELECT n, n FROM s',
};

const revision = (id: string, down: string | null, up: string[]) => `
from alembic import op
revision = '${id}'
down_revision = ${down ? `'${down}'` : 'None'}

def upgrade():
${up.map((sql) => `    op.execute(${JSON.stringify(sql)})`).join('\n')}

def downgrade():
    pass
`;

const project = (engine: TestDatabase['engine']): Record<string, string> => ({
  'alembic.ini': '[alembic]\nscript_location = migrations\n',
  'migrations/env.py': ENV_PY,
  'migrations/versions/a1_create.py': revision('a1', null, ['CREATE TABLE items (id int primary key, v int)']),
  'migrations/versions/b2_fill.py': revision('b2', 'a1', [
    THOUSAND_ROWS[engine],
    'UPDATE items SET v = 0 WHERE id <= 250',
  ]),
  'migrations/versions/c3_index.py': revision('c3', 'b2', ['CREATE INDEX items_v ON items (v)']),
});

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db =
      engine === 'postgres'
        ? await createPostgresDatabase('mt_cmd_alembic')
        : await createMysqlDatabase('mt_cmd_alembic');
  });
  afterEach(async () => {
    await db.drop();
  });

  test('one entry per Alembic revision, named by the version Alembic records, with exact rows', async () => {
    const dir = await writeTree(project(engine));
    const config = resolveRunConfig({
      databaseUrl: db.url,
      command: `${python} -m alembic -c alembic.ini upgrade head`,
      reportDir: await tempDir(),
      connectTimeout: 5,
      thresholds: {
        duration: { regular: null, postDeploy: null },
        queryDuration: { default: null, concurrentIndex: null },
      },
    });
    const { report, exitCode } = await runMigrationTest(config, { cwd: dir });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(exitCode).toBe(0);
    // The first revision is an INSERT into alembic_version, the next ones UPDATEs of it.
    expect(report.migrations.map((m) => [m.name, m.status])).toEqual([
      ['a1', 'succeeded'],
      ['b2', 'succeeded'],
      ['c3', 'succeeded'],
    ]);
    const [create, fill, index] = report.migrations;
    expect(fill!.counters).toMatchObject({ rowsInserted: 1000, rowsUpdated: 250, rowsChanged: 1250 });
    expect(create!.queries.some((q) => /CREATE TABLE items/i.test(q.sql))).toBe(true);
    expect(index!.queries.some((q) => /CREATE INDEX items_v/i.test(q.sql))).toBe(true);
    for (const m of report.migrations) expect(JSON.stringify(m.queries)).not.toMatch(/alembic_version/);
  });
});
