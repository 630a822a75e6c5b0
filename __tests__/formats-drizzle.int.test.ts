// Drizzle on both engines: migration-test and the real drizzle-orm migrator (0.45, node-postgres
// and mysql2) run the same drizzle-kit style fixture on two databases; the bookkeeping tables
// must hold the same columns and rows (hash, created_at).
import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { migrate as migrateMysql } from 'drizzle-orm/mysql2/migrator';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { runOnFiles } from './helpers/run.js';
import { writeTree } from './helpers/tree.js';

type Engine = 'postgres' | 'mysql';

async function rows(db: TestDatabase, sql: string): Promise<Record<string, unknown>[]> {
  if (db.engine === 'postgres') {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  }
  const c = await mysql.createConnection({ uri: db.url, supportBigNumbers: true, bigNumberStrings: true });
  try {
    const [r] = await c.query(sql);
    return r as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

// drizzle-kit generate output (drizzle-kit 0.31, snapshot version 7); int().autoincrement() on MySQL,
// since MariaDB refuses the `serial AUTO_INCREMENT` that serial() generates.
const SQL: Record<Engine, [string, string]> = {
  postgres: [
    'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL\n);\n--> statement-breakpoint\nCREATE TABLE "posts" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"author_id" integer NOT NULL\n);\n--> statement-breakpoint\nALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;',
    // One part holding two statements: drizzle sends it as one query, so it is one statement here.
    'ALTER TABLE "users" ADD COLUMN "email" text;--> statement-breakpoint\nINSERT INTO "users" ("name") VALUES (\'a\'); INSERT INTO "users" ("name") VALUES (\'b\');',
  ],
  mysql: [
    'CREATE TABLE `users` (\n\t`id` int AUTO_INCREMENT NOT NULL,\n\t`name` text NOT NULL,\n\tCONSTRAINT `users_id` PRIMARY KEY(`id`)\n);\n--> statement-breakpoint\nCREATE TABLE `posts` (\n\t`id` int AUTO_INCREMENT NOT NULL,\n\t`author_id` int NOT NULL,\n\tCONSTRAINT `posts_id` PRIMARY KEY(`id`)\n);\n--> statement-breakpoint\nALTER TABLE `posts` ADD CONSTRAINT `posts_author_id_users_id_fk` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;',
    "ALTER TABLE `users` ADD `email` text;--> statement-breakpoint\nINSERT INTO `users` (`name`) VALUES ('a'), ('b');",
  ],
};

const TAGS = ['0000_steady_wolverine', '0001_add_email'];
const WHEN = [1700000000000, 1700000100000];

function fixture(engine: Engine, sql: readonly string[] = SQL[engine]): Record<string, string> {
  const entries = sql.map((_, idx) => ({
    idx,
    version: '7',
    when: WHEN[idx] ?? 1700000200000 + idx,
    tag: TAGS[idx] ?? `000${idx}_more`,
    breakpoints: true,
  }));
  const files: Record<string, string> = {
    'meta/_journal.json': JSON.stringify(
      { version: '7', dialect: engine === 'postgres' ? 'postgresql' : 'mysql', entries },
      null,
      2,
    ),
  };
  sql.forEach((text, i) => {
    files[`${entries[i]?.tag ?? ''}.sql`] = text;
  });
  return files;
}

async function realMigrator(db: TestDatabase, folder: string, config: { table?: string; schema?: string } = {}) {
  const options = {
    migrationsFolder: folder,
    ...(config.table ? { migrationsTable: config.table } : {}),
    ...(config.schema ? { migrationsSchema: config.schema } : {}),
  };
  if (db.engine === 'postgres') {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await migratePg(drizzlePg(client), options);
    } finally {
      await client.end();
    }
  } else {
    const connection = await mysql.createConnection({ uri: db.url });
    try {
      await migrateMysql(drizzleMysql(connection), options);
    } finally {
      await connection.end();
    }
  }
}

async function bookkeeping(db: TestDatabase, table: string, schema: string) {
  const columns = await rows(
    db,
    db.engine === 'postgres'
      ? `SELECT column_name AS c, data_type AS t, is_nullable AS n, column_default AS d FROM information_schema.columns WHERE table_schema = '${schema}' AND table_name = '${table}' ORDER BY ordinal_position`
      : `SELECT column_name AS c, column_type AS t, is_nullable AS n, column_key AS k FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${table}' ORDER BY ordinal_position`,
  );
  const name = db.engine === 'postgres' ? `"${schema}"."${table}"` : `\`${table}\``;
  const data = await rows(db, `SELECT id, hash, created_at FROM ${name} ORDER BY id`);
  return {
    columns: columns.map((c) => Object.values(c).map(String).join(' ')),
    rows: data.map((r) => [String(r.id), String(r.hash), String(r.created_at)]),
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
  let ours: TestDatabase;
  let theirs: TestDatabase;
  const fresh = () =>
    engine === 'postgres' ? createPostgresDatabase('mt_drizzle') : createMysqlDatabase('mt_drizzle');
  beforeEach(async () => {
    ours = await fresh();
    theirs = await fresh();
  });
  afterEach(async () => {
    await ours.drop();
    await theirs.drop();
  });

  test('statements cut at the breakpoints; the bookkeeping table equals the real migrator’s', async () => {
    const files = fixture(engine);
    const { report, exitCode } = await runOnFiles(ours.url, files, { format: 'auto' });
    expect(exitCode).toBe(0);
    expect(report.source.format).toBe('drizzle');
    const tx = engine === 'postgres';
    expect(report.migrations.map((m) => [m.id, m.direction, m.status, m.statements, m.transactional])).toEqual([
      ['0000_steady_wolverine', 'up', 'succeeded', 3, tx],
      ['0001_add_email', 'up', 'succeeded', 2, tx],
    ]);
    await realMigrator(theirs, await writeTree(files));
    const mine = await bookkeeping(ours, '__drizzle_migrations', 'drizzle');
    expect(mine).toEqual(await bookkeeping(theirs, '__drizzle_migrations', 'drizzle'));
    expect(mine.rows).toEqual(SQL[engine].map((text, i) => [String(i + 1), sha256(text), String(WHEN[i])]));
    expect((await rows(ours, 'SELECT name FROM users ORDER BY name')).map((r) => r.name)).toEqual(['a', 'b']);
  });

  test('a failing migration rolls back with its row (drizzle would roll back every pending one)', async () => {
    const failing =
      engine === 'postgres'
        ? 'CREATE INDEX CONCURRENTLY users_name ON users (name);'
        : 'INSERT INTO no_such_table VALUES (1);';
    const files = fixture(engine, [SQL[engine][0], failing]);
    const { report, exitCode } = await runOnFiles(ours.url, files, { format: 'drizzle', rollback: 'off' });
    expect(exitCode).toBe(1);
    expect(report.migrations[1]).toMatchObject({ status: 'failed', transactional: true });
    expect((await bookkeeping(ours, '__drizzle_migrations', 'drizzle')).rows).toEqual([
      ['1', sha256(SQL[engine][0]), String(WHEN[0])],
    ]);
  });

  test('--migrations-table as drizzle’s migrationsTable (and migrationsSchema on PostgreSQL)', async () => {
    const files = fixture(engine);
    const table = engine === 'postgres' ? 'app.migrations_log' : 'migrations_log';
    const { exitCode } = await runOnFiles(ours.url, files, { format: 'drizzle', migrationsTable: table });
    expect(exitCode).toBe(0);
    await realMigrator(theirs, await writeTree(files), {
      table: 'migrations_log',
      ...(engine === 'postgres' ? { schema: 'app' } : {}),
    });
    const mine = await bookkeeping(ours, 'migrations_log', 'app');
    expect(mine.rows).toHaveLength(2);
    expect(mine).toEqual(await bookkeeping(theirs, 'migrations_log', 'app'));
  });
});
