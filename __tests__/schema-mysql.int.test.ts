/**
 * readMysqlSchema on a real MySQL-protocol server (MySQL or MariaDB): every object kind is read,
 * every change of one is reported as a readable line, a correct down + up cycle leaves no
 * difference and a broken one is caught.
 */
import mysql from 'mysql2/promise';
import { readMysqlSchema } from '../src/engines/mysql/schema.js';
import { diffSchemas, formatSchemaDiff, type QueryFn, type SchemaSnapshot } from '../src/engines/schema/snapshot.js';
import { createMysqlDatabase, type TestDatabase } from './helpers/databases.js';

let db: TestDatabase;
let conn: mysql.Connection;
let mariadb = false;

beforeEach(async () => {
  db = await createMysqlDatabase('mt_schema');
  // The options the engine's own session uses (src/engines/mysql/engine.ts).
  conn = await mysql.createConnection({
    uri: db.url,
    multipleStatements: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
  conn.on('error', () => undefined);
  const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
  mariadb = /mariadb/i.test(String(rows[0]?.['v']));
});
afterEach(async () => {
  await conn.end().catch(() => conn.destroy());
  await db.drop();
});

const query: QueryFn = async <T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
  const [rows] = params === undefined ? await conn.query(sql) : await conn.query(sql, [...params]);
  return rows as T[];
};

async function exec(...statements: string[]): Promise<void> {
  for (const s of statements) await conn.query(s);
}

const snapshot = (): Promise<SchemaSnapshot> => readMysqlSchema(query);

function diffLines(a: SchemaSnapshot, b: SchemaSnapshot): string[] {
  const text = formatSchemaDiff(diffSchemas(a, b), 1000);
  return text === '' ? [] : text.split('\n');
}

const EVERYTHING = [
  `CREATE TABLE users (
     id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
     email varchar(255) NOT NULL,
     status varchar(20) NOT NULL DEFAULT 'active',
     role enum('member', 'admin') NOT NULL DEFAULT 'member',
     name varchar(100) COLLATE utf8mb4_bin COMMENT 'display name',
     age int CHECK (age >= 0),
     name_len int AS (char_length(name)) VIRTUAL,
     updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
     bio text,
     UNIQUE KEY users_email_key (email),
     KEY users_name_prefix (name(10)),
     FULLTEXT KEY users_bio_ft (bio),
     CONSTRAINT users_status_chk CHECK (status IN ('active', 'inactive', 'pending'))
   ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='people'`,
  `CREATE TABLE orders (
     id bigint NOT NULL AUTO_INCREMENT,
     user_id int unsigned NOT NULL,
     total decimal(10,2) NOT NULL,
     placed_at datetime NOT NULL,
     PRIMARY KEY (id),
     KEY orders_user_placed (user_id, placed_at DESC),
     CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
     CHECK (total >= 0)
   ) ENGINE=InnoDB`,
  `CREATE TABLE notes (id int PRIMARY KEY, user_id int unsigned, FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB`,
  `CREATE TABLE logs (id int NOT NULL, y int NOT NULL, msg text) ENGINE=InnoDB
     PARTITION BY RANGE (y) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE)`,
  `CREATE TABLE kv (k varchar(50) PRIMARY KEY, v text) ENGINE=MyISAM`,
  `CREATE VIEW active_users AS SELECT id, email FROM users WHERE status = 'active'`,
  `CREATE FUNCTION order_total(p_user int unsigned) RETURNS decimal(12,2) READS SQL DATA
     RETURN (SELECT COALESCE(SUM(total), 0) FROM orders WHERE user_id = p_user)`,
  `CREATE PROCEDURE archive_orders(IN before_date datetime, OUT n int)
   BEGIN
     DELETE FROM orders WHERE placed_at < before_date;
     SET n = ROW_COUNT();
   END`,
  `CREATE TRIGGER orders_placed BEFORE INSERT ON orders FOR EACH ROW SET NEW.placed_at = COALESCE(NEW.placed_at, NOW())`,
  `CREATE EVENT purge_logs ON SCHEDULE EVERY 1 DAY DO DELETE FROM logs WHERE y < 2000`,
];

test('reads every kind of object with its properties', async () => {
  await exec(...EVERYTHING);
  const s = await snapshot();
  const o = s.objects;
  expect(o['table users']?.properties).toMatchObject({
    kind: 'table',
    engine: 'InnoDB',
    collation: 'utf8mb4_unicode_ci',
    comment: 'people',
    partitioning: null,
  });
  expect(o['table kv']?.properties).toMatchObject({ engine: 'MyISAM' });
  expect(o['table logs']?.properties).toMatchObject({
    partitioning: 'RANGE (`y`)',
    partitions: ['p2023: 2024', 'pmax: MAXVALUE'],
  });

  expect(o['column users.id']?.properties).toMatchObject({
    table: 'users',
    position: 1,
    type: expect.stringMatching(/^int(\(\d+\))? unsigned$/),
    nullable: false,
    extra: 'auto_increment',
  });
  expect(o['column users.email']?.properties).toMatchObject({
    position: 2,
    type: 'varchar(255)',
    nullable: false,
    collation: null,
  });
  expect(o['column users.status']?.properties['default']).toMatch(/^'?active'?$/);
  expect(o['column users.role']?.properties).toMatchObject({ type: "enum('member','admin')" });
  expect(o['column users.name']?.properties).toMatchObject({ collation: 'utf8mb4_bin', comment: 'display name' });
  expect(o['column users.name_len']?.properties).toMatchObject({
    generated: 'always as (char_length(`name`)) virtual',
    default: null,
    extra: null,
  });
  expect(String(o['column users.updated_at']?.properties['extra'])).toMatch(/on update current_timestamp/i);

  expect(o['index users.PRIMARY']?.properties).toMatchObject({
    definition: 'PRIMARY KEY (`id`)',
    unique: true,
    type: 'BTREE',
  });
  expect(o['index users.users_email_key']?.properties).toMatchObject({
    definition: 'UNIQUE KEY `users_email_key` (`email`)',
    unique: true,
  });
  expect(o['index users.users_name_prefix']?.properties).toMatchObject({
    definition: 'KEY `users_name_prefix` (`name`(10))',
  });
  expect(o['index users.users_bio_ft']?.properties).toMatchObject({
    definition: 'FULLTEXT KEY `users_bio_ft` (`bio`)',
    type: 'FULLTEXT',
  });
  expect(o['index orders.orders_user_placed']?.properties).toMatchObject({
    definition: 'KEY `orders_user_placed` (`user_id`, `placed_at` DESC)',
  });
  // The index the server made for an unnamed foreign key.
  expect(o['index notes.user_id']?.properties).toMatchObject({ definition: 'KEY `user_id` (`user_id`)' });

  expect(o['constraint orders.orders_user_fk']?.properties).toMatchObject({
    type: 'foreign key',
    name: 'orders_user_fk',
    definition: expect.stringMatching(
      /^FOREIGN KEY \(`user_id`\) REFERENCES `users` \(`id`\) ON DELETE CASCADE ON UPDATE (RESTRICT|NO ACTION)$/,
    ),
  });
  expect(o['constraint users.users_status_chk']?.properties).toMatchObject({
    type: 'check',
    definition: expect.stringMatching(/^CHECK \(.*`status` in \(/i),
  });
  // Generated names are not identities: these are keyed by what they say.
  const generated = Object.keys(o).filter((k) => /^constraint (orders|notes|users)\.(CHECK|FOREIGN)/.test(k));
  expect(generated).toEqual(
    expect.arrayContaining([
      'constraint notes.FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)',
      expect.stringMatching(/^constraint orders\.CHECK \(\(?`total` >= 0\)?\)$/),
    ]),
  );
  expect(o['constraint notes.FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)']?.properties['name']).toBeUndefined();
  // The column-level check: MariaDB names it after the column, MySQL users_chk_N.
  expect(
    Object.entries(o).filter(
      ([k, v]) => k.startsWith('constraint users.') && /`age` >= 0/.test(String(v.properties['definition'])),
    ),
  ).toHaveLength(1);

  expect(o['view active_users']?.properties).toMatchObject({
    definition: expect.stringMatching(
      /^select `users`\.`id` AS `id`,\s*`users`\.`email` AS `email` from `users` where `users`\.`status` = 'active'$/i,
    ),
    security: 'DEFINER',
  });
  expect(String(o['view active_users']?.properties['definition'])).not.toContain(db.name);
  expect(o['function order_total']?.properties).toMatchObject({
    arguments: expect.stringMatching(/^(IN )?p_user int(\(\d+\))? unsigned$/),
    returns: 'decimal(12,2)',
    deterministic: false,
    'data access': 'READS SQL DATA',
    body: 'RETURN (SELECT COALESCE(SUM(total), 0) FROM orders WHERE user_id = p_user)',
  });
  expect(o['procedure archive_orders']?.properties).toMatchObject({
    arguments: expect.stringMatching(/^IN before_date datetime, OUT n int(\(11\))?$/),
    returns: null,
    body: expect.stringContaining('DELETE FROM orders WHERE placed_at < before_date;'),
  });
  expect(o['trigger orders.orders_placed']?.properties).toMatchObject({
    table: 'orders',
    timing: 'BEFORE',
    events: 'INSERT',
    level: 'ROW',
    order: 1,
    definition: 'SET NEW.placed_at = COALESCE(NEW.placed_at, NOW())',
  });
  expect(o['event purge_logs']?.properties).toMatchObject({
    type: 'RECURRING',
    every: '1 DAY',
    status: 'ENABLED',
    definition: 'DELETE FROM logs WHERE y < 2000',
  });

  // No counters, sizes or times anywhere; the database's own name nowhere.
  const json = JSON.stringify(s);
  expect(json).not.toMatch(/auto_increment=|AUTO_INCREMENT=|table_rows|data_length|create_time/i);
  expect(json).not.toContain(db.name);
});

test('the same snapshot when the server does not list information_schema columns, or has no CHECK_CONSTRAINTS.TABLE_NAME (MySQL 8)', async () => {
  await exec(...EVERYTHING);
  const normal = await snapshot();
  const isProbe = (sql: string) => /TABLE_SCHEMA = 'information_schema'/.test(sql);
  const seen: string[] = [];
  const silent: QueryFn = async <T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
    seen.push(sql);
    return isProbe(sql) ? [] : query<T>(sql, params);
  };
  expect(await readMysqlSchema(silent)).toEqual(normal);
  expect(seen.filter((q) => /LIMIT 0$/.test(q)).length).toBeGreaterThan(5);
  const mysql8: QueryFn = async <T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
    const rows = await query<T>(sql, params);
    return isProbe(sql) ? rows.filter((r) => !(r['t'] === 'CHECK_CONSTRAINTS' && r['c'] === 'TABLE_NAME')) : rows;
  };
  expect(await readMysqlSchema(mysql8)).toEqual(normal);
});

test('MariaDB sequences are read without their current value', async () => {
  if (!mariadb) return; // MySQL has no sequences.
  await exec('CREATE SEQUENCE invoice_no START WITH 100 INCREMENT BY 5');
  const before = await snapshot();
  expect(before.objects['sequence invoice_no']?.properties['definition']).toMatch(/start with 100 .*increment by 5/);
  expect(Object.keys(before.objects).filter((k) => k.startsWith('column invoice_no'))).toEqual([]);
  await exec('SELECT NEXTVAL(invoice_no)', 'SELECT NEXTVAL(invoice_no)');
  expect(diffLines(before, await snapshot())).toEqual([]);
  await exec('ALTER SEQUENCE invoice_no INCREMENT BY 10');
  expect(diffLines(before, await snapshot())).toEqual([
    expect.stringMatching(/^~ sequence invoice_no: definition: .*increment by 5.* → .*increment by 10/),
  ]);
});

test('a snapshot does not change with data, AUTO_INCREMENT counters, statistics or time', async () => {
  await exec(...EVERYTHING);
  const before = await snapshot();
  await exec(
    `INSERT INTO users (email, name, age) WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 300)
       SELECT CONCAT('u', n, '@x'), CONCAT('n', n), n FROM seq`,
    `INSERT INTO orders (user_id, total, placed_at) SELECT id, id, '2024-01-01' FROM users`,
    'INSERT INTO logs VALUES (1, 2023, NULL), (2, 2030, NULL)',
    `INSERT INTO kv VALUES ('a', 'b')`,
    'DELETE FROM orders WHERE id % 2 = 0',
    'ANALYZE TABLE users, orders, logs',
    'OPTIMIZE TABLE kv',
  );
  const after = await snapshot();
  expect(diffSchemas(before, after)).toEqual([]);
  expect(after).toEqual(before);
});

test('every change of every kind is one readable line', async () => {
  await exec(...EVERYTHING);
  const before = await snapshot();
  await exec(
    'ALTER TABLE users MODIFY email varchar(320) NOT NULL',
    `ALTER TABLE users ALTER status SET DEFAULT 'pending'`,
    'ALTER TABLE users DROP COLUMN bio',
    'ALTER TABLE users ADD COLUMN nickname varchar(50) AFTER email',
    'ALTER TABLE users ADD INDEX users_status_idx (status)',
    'ALTER TABLE orders DROP INDEX orders_user_placed, ADD INDEX orders_user_placed (user_id, placed_at)',
    'ALTER TABLE orders DROP FOREIGN KEY orders_user_fk',
    'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT',
    'ALTER TABLE users DROP CONSTRAINT users_status_chk',
    `ALTER TABLE users ADD CONSTRAINT users_status_chk CHECK (status IN ('active', 'pending'))`,
    'ALTER TABLE kv ENGINE=InnoDB',
    'ALTER TABLE logs REORGANIZE PARTITION pmax INTO (PARTITION p2024 VALUES LESS THAN (2025), PARTITION pmax VALUES LESS THAN MAXVALUE)',
    "CREATE OR REPLACE VIEW active_users AS SELECT id, email, status FROM users WHERE status = 'active'",
    'DROP FUNCTION order_total',
    `CREATE FUNCTION order_total(p_user int unsigned) RETURNS decimal(12,2) READS SQL DATA
       RETURN (SELECT COALESCE(SUM(total), 1) FROM orders WHERE user_id = p_user)`,
    'DROP PROCEDURE archive_orders',
    'DROP TRIGGER orders_placed',
    'CREATE TRIGGER orders_placed BEFORE UPDATE ON orders FOR EACH ROW SET NEW.placed_at = COALESCE(NEW.placed_at, NOW())',
    'ALTER EVENT purge_logs ON SCHEDULE EVERY 2 DAY',
    'CREATE TABLE tmp (id int PRIMARY KEY, v text)',
    'DROP TABLE notes',
  );
  const lines = diffLines(before, await snapshot());
  const expected: (string | RegExp)[] = [
    '~ table kv: engine: MyISAM → InnoDB',
    '~ table logs: partitions: [p2023: 2024, pmax: MAXVALUE] → [p2023: 2024, p2024: 2025, pmax: MAXVALUE]',
    '- table notes (with 2 columns, 1 constraint, 2 indexes)',
    '+ table tmp (with 2 columns, 1 index)',
    '- column users.bio (text)',
    '~ column users.email: type: varchar(255) → varchar(320)',
    '+ column users.nickname (varchar(50))',
    /^~ column users\.status: default: '?active'? → '?pending'?$/,
    /^~ constraint orders\.orders_user_fk: definition: FOREIGN KEY \(`user_id`\) REFERENCES `users` \(`id`\) ON DELETE CASCADE ON UPDATE (RESTRICT|NO ACTION) → FOREIGN KEY \(`user_id`\) REFERENCES `users` \(`id`\) ON DELETE RESTRICT ON UPDATE (RESTRICT|NO ACTION)$/,
    /^~ constraint users\.users_status_chk: definition: CHECK \(.*'inactive'.*\) → CHECK \(.*\)$/,
    '~ index orders.orders_user_placed: definition: KEY `orders_user_placed` (`user_id`, `placed_at` DESC) → KEY `orders_user_placed` (`user_id`, `placed_at`)',
    // Dropping the column dropped its index.
    '- index users.users_bio_ft (FULLTEXT KEY `users_bio_ft` (`bio`))',
    '+ index users.users_status_idx (KEY `users_status_idx` (`status`))',
    /^~ view active_users: definition: .*AS `email` from `users` where.* → .*AS `email`,\s*`users`\.`status` AS `status` from `users` where.*$/,
    /^~ function order_total: body: …SUM\(total\), 0\) FROM orders WHERE user_id = p_user\) → …SUM\(total\), 1\) FROM orders WHERE user_id = p_user\)$|^~ function order_total: body: RETURN .*, 0\).* → RETURN .*, 1\)/,
    new RegExp(`^- procedure archive_orders \\(\\)$|^- procedure archive_orders$`),
    /^~ trigger orders\.orders_placed: events: INSERT → UPDATE$/,
    '~ event purge_logs: every: 1 DAY → 2 DAY',
  ];
  expect(lines).toHaveLength(expected.length);
  expected.forEach((e, i) => (typeof e === 'string' ? expect(lines[i]).toBe(e) : expect(lines[i]).toMatch(e)));
});

test('a column moved is one line; the others shifting is not reported', async () => {
  await exec('CREATE TABLE t (a int, b text, c text)');
  const before = await snapshot();
  await exec('ALTER TABLE t MODIFY a int AFTER c');
  expect(diffLines(before, await snapshot())).toEqual(['~ column t.a: position: 1 → 3']);
});

test('generated constraint names are not compared: the same checks and foreign keys in another order are equal', async () => {
  await exec(
    'CREATE TABLE p1 (id int PRIMARY KEY)',
    'CREATE TABLE p2 (id int PRIMARY KEY)',
    `CREATE TABLE t (a int, b int, p1 int, p2 int, CHECK (a > 0), CHECK (b > 0),
       FOREIGN KEY (p1) REFERENCES p1 (id), FOREIGN KEY (p2) REFERENCES p2 (id))`,
  );
  const before = await snapshot();
  const [names] = await conn.query<mysql.RowDataPacket[]>(
    `SELECT CONSTRAINT_NAME AS n FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND CONSTRAINT_TYPE IN ('CHECK', 'FOREIGN KEY') ORDER BY 1`,
  );
  const namesBefore = names.map((r) => String(r['n']));
  // Down then up: the table recreated with its constraints written in another order.
  await exec(
    'DROP TABLE t',
    `CREATE TABLE t (a int, b int, p1 int, p2 int, CHECK (b > 0), CHECK (a > 0),
       FOREIGN KEY (p2) REFERENCES p2 (id), FOREIGN KEY (p1) REFERENCES p1 (id))`,
  );
  expect(diffLines(before, await snapshot())).toEqual([]);
  // (The server's names did move: a name-keyed snapshot would have reported four changes.)
  expect(namesBefore.length).toBe(4);
  // A named one is compared by name.
  await exec('ALTER TABLE t ADD CONSTRAINT a_small CHECK (a < 100)');
  const named = await snapshot();
  await exec('ALTER TABLE t DROP CONSTRAINT a_small', 'ALTER TABLE t ADD CONSTRAINT a_smaller CHECK (a < 100)');
  expect(diffLines(named, await snapshot())).toEqual([
    expect.stringMatching(/^- constraint t\.a_small \(CHECK \(\(?`a` < 100\)?\)\)$/),
    expect.stringMatching(/^\+ constraint t\.a_smaller \(CHECK \(\(?`a` < 100\)?\)\)$/),
  ]);
});

interface Migration {
  up: string[];
  down: string[];
}

const BASE = [
  `CREATE TABLE users (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL UNIQUE,
     bio text, status varchar(20) NOT NULL DEFAULT 'active') ENGINE=InnoDB`,
];

const NEW_MIGRATIONS: Migration[] = [
  {
    up: [
      'ALTER TABLE users ADD COLUMN nickname varchar(50) NULL',
      'CREATE INDEX users_nickname_idx ON users (nickname)',
      'CREATE INDEX users_status_idx ON users (status)',
    ],
    down: [
      'DROP INDEX users_status_idx ON users',
      'DROP INDEX users_nickname_idx ON users',
      'ALTER TABLE users DROP COLUMN nickname',
    ],
  },
  {
    up: [
      `CREATE TABLE orders (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id int unsigned NOT NULL,
         total decimal(12,2) NOT NULL CHECK (total >= 0), created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
         FOREIGN KEY (user_id) REFERENCES users (id)) ENGINE=InnoDB`,
    ],
    down: ['DROP TABLE orders'],
  },
  {
    up: [
      `ALTER TABLE users ADD COLUMN role enum('member','admin') NOT NULL DEFAULT 'member'`,
      `ALTER TABLE users ALTER status SET DEFAULT 'pending'`,
      'ALTER TABLE users ADD CHECK (char_length(email) > 3)',
      `CREATE VIEW admins AS SELECT id, email FROM users WHERE role = 'admin'`,
    ],
    down: [
      'DROP VIEW admins',
      `ALTER TABLE users ALTER status SET DEFAULT 'active'`,
      'ALTER TABLE users DROP COLUMN role',
    ],
  },
  {
    up: [
      'CREATE TRIGGER orders_created BEFORE INSERT ON orders FOR EACH ROW SET NEW.created_at = NOW()',
      'CREATE FUNCTION double_it(x int) RETURNS int DETERMINISTIC RETURN x * 2',
    ],
    down: ['DROP FUNCTION double_it', 'DROP TRIGGER orders_created'],
  },
];

/** The server named the check of the third migration: its down has to look the name up, as a real one would say it. */
async function dropEmailCheck(): Promise<void> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(
    `SELECT CONSTRAINT_NAME AS n FROM information_schema.TABLE_CONSTRAINTS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND CONSTRAINT_TYPE = 'CHECK'`,
  );
  for (const r of rows) await exec(`ALTER TABLE users DROP CONSTRAINT \`${String(r['n'])}\``);
}

async function runDown(m: Migration, i: number): Promise<void> {
  await exec(...m.down);
  if (i === 2) await dropEmailCheck();
}

async function upDown(
  migrations: Migration[],
): Promise<{ before: SchemaSnapshot; up: SchemaSnapshot; down: SchemaSnapshot }> {
  await exec(...BASE);
  await exec(`INSERT INTO users (email) VALUES ('a@example.com'), ('b@example.com')`);
  const before = await snapshot();
  for (const m of migrations) await exec(...m.up);
  await exec('INSERT INTO orders (user_id, total) SELECT id, 10 FROM users');
  const up = await snapshot();
  for (let i = migrations.length - 1; i >= 0; i--) await runDown(migrations[i]!, i);
  const down = await snapshot();
  return { before, up, down };
}

test('a correct up, down, up cycle leaves no difference', async () => {
  const { before, up, down } = await upDown(NEW_MIGRATIONS);
  for (const m of NEW_MIGRATIONS) await exec(...m.up);
  const reup = await snapshot();
  expect(diffLines(before, up).length).toBeGreaterThan(5);
  expect(diffLines(before, down)).toEqual([]);
  expect(diffLines(up, reup)).toEqual([]);
  expect(down).toEqual(before);
  expect(reup).toEqual(up);
});

function broken(index: number, down: string[]): Migration[] {
  return NEW_MIGRATIONS.map((m, i) => (i === index ? { ...m, down } : m));
}

test('a down that drops the wrong column is caught', async () => {
  const { before, down } = await upDown(
    broken(0, [
      'DROP INDEX users_status_idx ON users',
      'DROP INDEX users_nickname_idx ON users',
      'ALTER TABLE users DROP COLUMN bio',
    ]),
  );
  expect(diffLines(before, down)).toEqual(['- column users.bio (text)', '+ column users.nickname (varchar(50))']);
});

test('a down that forgets an index is caught', async () => {
  const { before, down } = await upDown(
    broken(0, ['DROP INDEX users_nickname_idx ON users', 'ALTER TABLE users DROP COLUMN nickname']),
  );
  expect(diffLines(before, down)).toEqual(['+ index users.users_status_idx (KEY `users_status_idx` (`status`))']);
});

test('a down that leaves a table behind is caught, as one line', async () => {
  const { before, down } = await upDown(broken(1, []));
  expect(diffLines(before, down)).toEqual(['+ table orders (with 4 columns, 2 constraints, 2 indexes)']);
});

test('a down that restores the wrong default is caught', async () => {
  const { before, down } = await upDown(
    broken(2, [
      'DROP VIEW admins',
      `ALTER TABLE users ALTER status SET DEFAULT 'inactive'`,
      'ALTER TABLE users DROP COLUMN role',
    ]),
  );
  expect(diffLines(before, down)).toEqual([
    expect.stringMatching(/^~ column users\.status: default: '?active'? → '?inactive'?$/),
  ]);
});

test('a down that forgets a function is caught', async () => {
  const { before, down } = await upDown(broken(3, ['DROP TRIGGER orders_created']));
  expect(diffLines(before, down)).toEqual([expect.stringMatching(/^\+ function double_it \(returns int(\(11\))?\)$/)]);
});

test('a down that drops a foreign key but not the index the server made for it is caught', async () => {
  await exec(...BASE, 'CREATE TABLE notes (id int PRIMARY KEY, user_id int unsigned)');
  const before = await snapshot();
  await exec('ALTER TABLE notes ADD CONSTRAINT notes_user_fk FOREIGN KEY (user_id) REFERENCES users (id)');
  await exec('ALTER TABLE notes DROP FOREIGN KEY notes_user_fk');
  expect(diffLines(before, await snapshot())).toEqual([
    '+ index notes.notes_user_fk (KEY `notes_user_fk` (`user_id`))',
  ]);
});

test('200 tables are read in well under a second', async () => {
  for (let i = 0; i < 200; i++) {
    const parts = [
      'id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY',
      'parent_id bigint',
      "name varchar(100) NOT NULL DEFAULT ''",
      'amount decimal(12,2) CHECK (amount >= 0)',
      'created_at timestamp NULL DEFAULT CURRENT_TIMESTAMP',
      'payload json',
      `UNIQUE KEY t${i}_name (name, parent_id)`,
      `KEY t${i}_created (created_at)`,
      ...(i > 0 ? [`FOREIGN KEY (parent_id) REFERENCES t${i - 1} (id)`] : []),
    ];
    await exec(`CREATE TABLE t${i} (${parts.join(', ')}) ENGINE=InnoDB`);
    if (i % 10 === 0) await exec(`CREATE VIEW v${i} AS SELECT id, name FROM t${i}`);
  }
  await snapshot();
  const times: number[] = [];
  let s: SchemaSnapshot | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    s = await snapshot();
    times.push(performance.now() - t0);
  }
  const best = Math.min(...times);
  process.stderr.write(
    `[schema snapshot] ${mariadb ? 'MariaDB' : 'MySQL'}, 200 tables, ${Object.keys(s!.objects).length} objects: ${times.map((t) => t.toFixed(0)).join(', ')} ms\n`,
  );
  expect(Object.keys(s!.objects).filter((k) => k.startsWith('table '))).toHaveLength(200);
  expect(best).toBeLessThan(1000);
});
