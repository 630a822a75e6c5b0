/**
 * Synthetic fill on a real PostgreSQL server: every supported type, composite and
 * self-referencing foreign keys, unique keys, enums, domains, CHECKs, and what gets skipped.
 *
 * Unknown types chosen for the skip notices: a user-defined composite type (`address`) — NULL
 * with a notice where the column is nullable, the table skipped where it is NOT NULL without a
 * default. Unsatisfiable CHECKs: `qty > 10 AND qty < 5` (seen to be impossible before trying)
 * and a regular expression (tried, refused by the server, the table rolled back).
 */
import pg from 'pg';
import { openEngine, type OpenedEngine } from '../src/engines/open-engine.js';
import { fillDatabase, type FillResult } from '../src/data/fill/index.js';
import { UsageError } from '../src/util/errors.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';

const SCHEMA = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TYPE address AS (street text, city text);

CREATE TABLE tenants (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE users (
  tenant_id int NOT NULL REFERENCES tenants(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  email varchar(60) NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
);
CREATE TABLE everything (
  id uuid PRIMARY KEY,
  i2 smallint NOT NULL,
  i4 integer,
  i8 bigint NOT NULL,
  num numeric(7,2) NOT NULL,
  num_free numeric,
  f4 real,
  f8 double precision NOT NULL,
  m money,
  t text NOT NULL,
  vc varchar(12) NOT NULL,
  ch char(3),
  b boolean NOT NULL,
  d date NOT NULL,
  ts timestamp,
  tstz timestamptz NOT NULL DEFAULT now(),
  tm time,
  tmtz timetz,
  iv interval,
  u uuid,
  j json,
  jb jsonb NOT NULL,
  by bytea,
  ip inet,
  net cidr,
  mac macaddr,
  bits bit(5),
  vbits varbit(10),
  x xml,
  tsv tsvector,
  pt point,
  r int4range,
  dr daterange,
  mood mood NOT NULL,
  moods mood[],
  tags text[] NOT NULL,
  nums integer[],
  qty posint NOT NULL,
  addr address,
  code char(8) UNIQUE,
  status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped')),
  price numeric(10,2) CHECK (price > 0 AND price <= 500),
  starts_at date,
  ends_at date,
  short text CHECK (length(short) <= 4),
  email text UNIQUE,
  tiny smallint NOT NULL CHECK (tiny BETWEEN 1 AND 5) CHECK (tiny <> 3),
  total int GENERATED ALWAYS AS (i2 + 1) STORED,
  CHECK (starts_at < ends_at)
);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  tenant_id int NOT NULL REFERENCES tenants(id),
  user_id bigint NOT NULL,
  parent_id bigint REFERENCES orders(id),
  item_id uuid NOT NULL REFERENCES everything(id),
  placed_at timestamptz NOT NULL DEFAULT now(),
  total numeric(12,2) NOT NULL CHECK (total >= 0),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id)
);
CREATE TABLE categories (
  code varchar(20) PRIMARY KEY,
  parent_code varchar(20) NOT NULL REFERENCES categories(code),
  name text NOT NULL
);
CREATE TABLE comments (
  id int PRIMARY KEY,
  reply_to int REFERENCES comments(id),
  body text NOT NULL
);
CREATE TABLE memberships (
  user_tenant int NOT NULL,
  user_id bigint NOT NULL,
  category varchar(20) NOT NULL REFERENCES categories(code),
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  PRIMARY KEY (user_tenant, user_id, category),
  FOREIGN KEY (user_tenant, user_id) REFERENCES users(tenant_id, id)
);
CREATE TABLE profiles (
  user_tenant int NOT NULL,
  user_id bigint NOT NULL,
  bio text,
  UNIQUE (user_tenant, user_id),
  FOREIGN KEY (user_tenant, user_id) REFERENCES users(tenant_id, id)
);
CREATE TABLE bookings (
  id serial PRIMARY KEY,
  during tsrange NOT NULL,
  EXCLUDE USING gist (during WITH &&)
);
CREATE TABLE impossible (id int PRIMARY KEY, qty int NOT NULL CONSTRAINT qty_window CHECK (qty > 10 AND qty < 5));
CREATE TABLE regex_checked (id int PRIMARY KEY, code text NOT NULL CONSTRAINT code_format CHECK (code ~ '^[A-Z]{3}$'));
CREATE TABLE unknown_type (id int PRIMARY KEY, addr address NOT NULL);
CREATE TABLE left_empty (id int PRIMARY KEY);
`;

const FKS: { child: string; cols: string[]; parent: string; refs: string[] }[] = [
  { child: 'users', cols: ['tenant_id'], parent: 'tenants', refs: ['id'] },
  { child: 'orders', cols: ['tenant_id'], parent: 'tenants', refs: ['id'] },
  { child: 'orders', cols: ['tenant_id', 'user_id'], parent: 'users', refs: ['tenant_id', 'id'] },
  { child: 'orders', cols: ['parent_id'], parent: 'orders', refs: ['id'] },
  { child: 'orders', cols: ['item_id'], parent: 'everything', refs: ['id'] },
  { child: 'categories', cols: ['parent_code'], parent: 'categories', refs: ['code'] },
  { child: 'comments', cols: ['reply_to'], parent: 'comments', refs: ['id'] },
  { child: 'memberships', cols: ['category'], parent: 'categories', refs: ['code'] },
  { child: 'memberships', cols: ['user_tenant', 'user_id'], parent: 'users', refs: ['tenant_id', 'id'] },
  { child: 'profiles', cols: ['user_tenant', 'user_id'], parent: 'users', refs: ['tenant_id', 'id'] },
];

const OPTIONS = {
  rows: 400,
  tables: { 'public.tenants': 5, users: 60, categories: 30, left_empty: 0, memberships: 1000 },
  seed: 7,
};

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(db: TestDatabase, text: string): Promise<T[]> {
  const c = new pg.Client(db.url);
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

async function withEngine<T>(db: TestDatabase, fn: (o: OpenedEngine) => Promise<T>): Promise<T> {
  const opened = await openEngine({ databaseUrl: db.url, connectTimeoutSec: 5, statementTimeoutSec: null });
  try {
    return await fn(opened);
  } finally {
    await opened.dispose();
  }
}

async function freshDb(): Promise<TestDatabase> {
  const db = await createPostgresDatabase('mt_fill');
  await sql(db, 'CREATE EXTENSION IF NOT EXISTS btree_gist').catch(() => undefined);
  await sql(db, SCHEMA);
  return db;
}

async function tableDigest(db: TestDatabase, table: string): Promise<string> {
  const r = await sql<{ h: string | null }>(db, `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${table} x`);
  return r[0]?.h ?? '';
}

const rowsOf = (result: FillResult, table: string) => result.tables.find((t) => t.table === table);

describe('fill on PostgreSQL', () => {
  let db: TestDatabase;
  let result: FillResult;

  beforeAll(async () => {
    db = await freshDb();
    result = await withEngine(db, ({ engine }) => fillDatabase(engine, OPTIONS));
  });
  afterAll(async () => {
    await db?.drop();
  });

  test('fills the tables in foreign-key order with exact row counts', async () => {
    const order = result.tables.map((t) => t.table);
    const before = (a: string, b: string) => expect(order.indexOf(`public.${a}`)).toBeLessThan(order.indexOf(`public.${b}`));
    before('tenants', 'users');
    before('users', 'orders');
    before('everything', 'orders');
    before('categories', 'memberships');
    before('users', 'profiles');
    expect(order).not.toContain('public.left_empty');

    const expected: Record<string, number> = {
      tenants: 5,
      users: 60,
      everything: 400,
      orders: 400,
      categories: 30,
      comments: 400,
      memberships: 1000,
      bookings: 400,
      // one-to-one with users: no more profiles than users
      profiles: 60,
    };
    for (const [table, n] of Object.entries(expected)) {
      const r = await sql<{ c: string }>(db, `SELECT count(*)::text AS c FROM ${table}`);
      expect({ table, rows: Number(r[0]!.c) }).toEqual({ table, rows: n });
      expect(rowsOf(result, `public.${table}`)).toMatchObject({ rows: n, rowsAfter: n });
    }
    expect((await sql<{ c: string }>(db, 'SELECT count(*)::text AS c FROM left_empty'))[0]!.c).toBe('0');
    expect(result.skipped.find((s) => s.table === 'public.profiles')?.reason).toMatch(/60 rows filled instead of 400/);
  });

  test('leaves no orphans: every foreign key finds its parent', async () => {
    for (const fk of FKS) {
      const on = fk.cols.map((c, i) => `p.${fk.refs[i]} = c.${c}`).join(' AND ');
      const notNull = fk.cols.map((c) => `c.${c} IS NOT NULL`).join(' AND ');
      const r = await sql<{ orphans: string; linked: string }>(
        db,
        `SELECT count(*) FILTER (WHERE p.${fk.refs[0]} IS NULL)::text AS orphans, count(p.${fk.refs[0]})::text AS linked
           FROM ${fk.child} c LEFT JOIN ${fk.parent} p ON ${on} WHERE ${notNull}`,
      );
      expect({ fk, orphans: r[0]!.orphans }).toEqual({ fk, orphans: '0' });
      expect(Number(r[0]!.linked)).toBeGreaterThan(0);
    }
    // Children spread over their parents rather than piling onto one.
    const spread = await sql<{ n: string }>(db, 'SELECT count(DISTINCT item_id)::text AS n FROM orders');
    expect(Number(spread[0]!.n)).toBeGreaterThan(150);
    // Self references: nullable ones keep some roots, the NOT NULL one starts at a self-reference.
    const roots = await sql<{ n: string; total: string }>(db, 'SELECT count(*) FILTER (WHERE parent_id IS NULL)::text AS n, count(*)::text AS total FROM orders');
    expect(Number(roots[0]!.n)).toBeGreaterThan(0);
    expect(Number(roots[0]!.n)).toBeLessThan(400);
    const earlier = await sql<{ bad: string }>(db, 'SELECT count(*)::text AS bad FROM orders WHERE parent_id >= id');
    expect(earlier[0]!.bad).toBe('0');
    const replies = await sql<{ n: string }>(db, 'SELECT count(*)::text AS n FROM comments WHERE reply_to IS NOT NULL AND reply_to < id');
    expect(Number(replies[0]!.n)).toBeGreaterThan(200);
    const selfRef = await sql<{ n: string }>(db, 'SELECT count(*)::text AS n FROM categories WHERE parent_code = code');
    expect(Number(selfRef[0]!.n)).toBeGreaterThanOrEqual(1);
  });

  test('respects types, lengths, ranges, enums, domains and the CHECKs it can read', async () => {
    const r = await sql<Record<string, string>>(
      db,
      `SELECT count(*)::text AS total,
              count(*) FILTER (WHERE char_length(vc) > 12)::text AS long_vc,
              count(*) FILTER (WHERE status NOT IN ('new', 'paid', 'shipped'))::text AS bad_status,
              count(*) FILTER (WHERE price <= 0 OR price > 500)::text AS bad_price,
              count(*) FILTER (WHERE starts_at >= ends_at)::text AS bad_dates,
              count(*) FILTER (WHERE char_length(short) > 4)::text AS long_short,
              count(*) FILTER (WHERE qty <= 0)::text AS bad_qty,
              count(*) FILTER (WHERE tiny NOT IN (1, 2, 4, 5))::text AS bad_tiny,
              count(DISTINCT mood)::text AS moods,
              count(DISTINCT b)::text AS bools,
              count(DISTINCT code)::text AS codes,
              count(code)::text AS code_rows,
              count(DISTINCT email)::text AS emails,
              count(*) FILTER (WHERE i4 IS NULL)::text AS null_i4,
              count(*) FILTER (WHERE jb ? 'id')::text AS json_ok,
              count(*) FILTER (WHERE cardinality(tags) BETWEEN 1 AND 3)::text AS tags_ok,
              count(*) FILTER (WHERE total = i2 + 1)::text AS generated_ok,
              count(addr)::text AS addr_set
         FROM everything`,
    );
    const row = r[0]!;
    expect(row).toMatchObject({
      total: '400',
      long_vc: '0',
      bad_status: '0',
      bad_price: '0',
      bad_dates: '0',
      long_short: '0',
      bad_qty: '0',
      bad_tiny: '0',
      moods: '3',
      bools: '2',
      json_ok: '400',
      tags_ok: '400',
      generated_ok: '400',
      addr_set: '0',
    });
    expect(row.codes).toBe(row.code_rows);
    expect(row.emails).toBe('400');
    // nullable columns get some NULLs, NOT NULL ones none
    expect(Number(row.null_i4)).toBeGreaterThan(0);
    expect(Number(row.null_i4)).toBeLessThan(100);
    // a composite-key join table: distinct (user, category) pairs, many users, many categories
    const pairs = await sql<Record<string, string>>(
      db,
      `SELECT count(DISTINCT (user_tenant, user_id))::text AS users, count(DISTINCT category)::text AS cats FROM memberships`,
    );
    expect(Number(pairs[0]!.users)).toBe(60);
    expect(Number(pairs[0]!.cats)).toBe(30);
    // exclusion constraint satisfied (no overlapping ranges) and the table filled
    const overlaps = await sql<{ n: string }>(db, 'SELECT count(*)::text AS n FROM bookings a JOIN bookings b ON a.id < b.id AND a.during && b.during');
    expect(overlaps[0]!.n).toBe('0');
  });

  test('skips what it cannot generate, saying which column and why', () => {
    const find = (table: string) => result.skipped.filter((s) => s.table === `public.${table}`);
    expect(find('impossible')).toEqual([expect.objectContaining({ column: 'qty', reason: expect.stringMatching(/qty_window.*cannot be satisfied/) })]);
    expect(find('regex_checked')).toEqual([expect.objectContaining({ column: 'code', reason: expect.stringMatching(/CHECK constraint code_format .*rejected/) })]);
    expect(find('unknown_type')).toEqual([expect.objectContaining({ column: 'addr', reason: expect.stringMatching(/composite type address.*NOT NULL without a default/) })]);
    expect(find('everything')).toEqual([expect.objectContaining({ column: 'addr', reason: expect.stringMatching(/composite type address.*left NULL/) })]);
    for (const t of ['impossible', 'regex_checked', 'unknown_type']) expect(rowsOf(result, `public.${t}`)).toMatchObject({ rows: 0, rowsAfter: 0 });
  });

  test('is deterministic: same seed, same rows; another seed, other rows', async () => {
    const again = await freshDb();
    const other = await freshDb();
    try {
      await withEngine(again, ({ engine }) => fillDatabase(engine, OPTIONS));
      await withEngine(other, ({ engine }) => fillDatabase(engine, { ...OPTIONS, seed: 8 }));
      for (const table of ['tenants', 'users', 'everything', 'orders', 'categories', 'comments', 'memberships', 'profiles', 'bookings']) {
        const a = await tableDigest(db, table);
        expect({ table, digest: await tableDigest(again, table) }).toEqual({ table, digest: a });
      }
      for (const table of ['everything', 'orders', 'memberships', 'comments']) {
        expect({ table, same: (await tableDigest(other, table)) === (await tableDigest(db, table)) }).toEqual({ table, same: false });
      }
    } finally {
      await again.drop();
      await other.drop();
    }
  });

  test('adds N more rows to tables that already have some, without key collisions', async () => {
    const again = await freshDb();
    try {
      await sql(again, "INSERT INTO tenants (name) VALUES ('acme'), ('globex')");
      await sql(again, "INSERT INTO comments VALUES (1, NULL, 'first'), (2, 1, 'second'), (1000, NULL, 'far')");
      await sql(again, "INSERT INTO categories VALUES ('root', 'root', 'Root')");
      const opts = { rows: 0, tables: { tenants: 10, comments: 50, categories: 20 }, seed: 1 };
      const first = await withEngine(again, ({ engine }) => fillDatabase(engine, opts));
      expect(first.tables.map((t) => [t.table, t.rows, t.rowsAfter])).toEqual(
        expect.arrayContaining([
          ['public.tenants', 10, 12],
          ['public.comments', 50, 53],
          ['public.categories', 20, 21],
        ]),
      );
      const second = await withEngine(again, ({ engine }) => fillDatabase(engine, opts));
      expect(second.skipped).toEqual([]);
      expect(second.tables.map((t) => [t.table, t.rows, t.rowsAfter])).toEqual(
        expect.arrayContaining([
          ['public.tenants', 10, 22],
          ['public.comments', 50, 103],
          ['public.categories', 20, 41],
        ]),
      );
      const orphans = await sql<{ n: string }>(again, 'SELECT count(*)::text AS n FROM comments c LEFT JOIN comments p ON p.id = c.reply_to WHERE c.reply_to IS NOT NULL AND p.id IS NULL');
      expect(orphans[0]!.n).toBe('0');
    } finally {
      await again.drop();
    }
  });

  test('a table named in the configuration that does not exist is a usage error naming the tables', async () => {
    await withEngine(db, async ({ engine }) => {
      const err = await fillDatabase(engine, { rows: 0, tables: { evnets: 10 }, seed: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/"evnets" does not exist/);
      expect((err as Error).message).toMatch(/public\.everything/);
      expect((err as Error).message).toMatch(/public\.orders/);
    });
  });
});
