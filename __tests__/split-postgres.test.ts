import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scanSync } from 'libpg-query';
import {
  PgLexer,
  T_EOF,
  T_SEMI,
  isNonTransactionalPostgres,
  iteratePostgres,
  loadPostgresParser,
  mayHoldNonTransactionalPostgres,
  splitPostgres,
} from '../src/migrations/split/postgres.js';
import { normalizePostgres } from '../src/migrations/split/postgres-normalize.js';
import { ReadRecorder } from './helpers/read-recorder.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../__fixtures__/split/postgres/${name}`, import.meta.url)), 'utf8');

beforeAll(async () => {
  await loadPostgresParser();
  await loadPostgresParser(); // idempotent
});

const sqls = (sql: string): string[] => splitPostgres(sql).map((s) => s.sql);

describe('splitPostgres', () => {
  test('statements, trimmed, without their semicolon, with the line of their first token', () => {
    expect(splitPostgres('SELECT 1;\nSELECT 2;\n\n  SELECT\n 3')).toEqual([
      { sql: 'SELECT 1', line: 1 },
      { sql: 'SELECT 2', line: 2 },
      { sql: 'SELECT\n 3', line: 4 },
    ]);
  });

  test('startLine offsets the lines', () => {
    expect(splitPostgres('\nSELECT 1; SELECT 2;', 10)).toEqual([
      { sql: 'SELECT 1', line: 11 },
      { sql: 'SELECT 2', line: 11 },
    ]);
  });

  test('comments before a statement stay out of it and do not count for its line', () => {
    const sql =
      '-- header\n/* block\n   comment */\n\n  -- another\nSELECT 1 /* inner */ + 1 -- tail\n;\n-- between\nSELECT 2; -- after';
    expect(splitPostgres(sql)).toEqual([
      { sql: 'SELECT 1 /* inner */ + 1', line: 6 },
      { sql: 'SELECT 2', line: 9 },
    ]);
  });

  test('only comments and whitespace, or empty statements, yield nothing', () => {
    expect(splitPostgres('')).toEqual([]);
    expect(splitPostgres('  \n\t\n')).toEqual([]);
    expect(splitPostgres('-- nothing\n/* at /* all */ */\n')).toEqual([]);
    expect(splitPostgres(';;\n ; -- x\n;')).toEqual([]);
    expect(sqls('SELECT 1;;; ;SELECT 2;;')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  test('multi-byte text before and inside statements (byte offsets are not string indices)', () => {
    const sql = "-- héllo 😀😀 ünïcödé\nSELECT 'é😀;' AS \"ñ\";\n/* 🎉 */ SELECT 2; SELECT '😀'\n;SELECT 4";
    expect(splitPostgres(sql)).toEqual([
      { sql: 'SELECT \'é😀;\' AS "ñ"', line: 2 },
      { sql: 'SELECT 2', line: 3 },
      { sql: "SELECT '😀'", line: 3 },
      { sql: 'SELECT 4', line: 4 },
    ]);
  });

  test('a byte order mark is not part of the first statement', () => {
    expect(splitPostgres('\uFEFFSELECT 1;')).toEqual([{ sql: 'SELECT 1', line: 1 }]);
  });

  test('CRLF line endings', () => {
    expect(splitPostgres('SELECT 1;\r\n\r\nSELECT 2;\r\n')).toEqual([
      { sql: 'SELECT 1', line: 1 },
      { sql: 'SELECT 2', line: 3 },
    ]);
  });

  test('dollar quotes, tagged or not, hold semicolons; $1 and a$b$ are not dollar quotes', () => {
    expect(
      sqls('SELECT $$a;b$$; SELECT $t$ $$; $t$; SELECT $a$ $b$ ; $b$ $a$; PREPARE p AS SELECT $1; SELECT 1 AS a$b$;'),
    ).toEqual([
      'SELECT $$a;b$$',
      'SELECT $t$ $$; $t$',
      'SELECT $a$ $b$ ; $b$ $a$',
      'PREPARE p AS SELECT $1',
      'SELECT 1 AS a$b$',
    ]);
  });

  test('string flavours: E-strings with backslash escapes, doubled quotes, B/X/U& strings, quoted identifiers', () => {
    expect(
      sqls(
        "SELECT E'a\\'b;c\\\\'; SELECT 'x'';y'; SELECT 'C:\\'; SELECT B'01', X'ff', U&'d\\0061;'; SELECT \"a;\"\"b\";",
      ),
    ).toEqual([
      "SELECT E'a\\'b;c\\\\'",
      "SELECT 'x'';y'",
      "SELECT 'C:\\'",
      "SELECT B'01', X'ff', U&'d\\0061;'",
      'SELECT "a;""b"',
    ]);
  });

  test('standard_conforming_strings off makes backslashes escape quotes in plain strings, until it is on again', () => {
    const sql = [
      'SET standard_conforming_strings = off;',
      "SELECT 'it\\'s; here';",
      "SELECT N'a\\';b';",
      "SET SESSION standard_conforming_strings TO 'on';",
      "SELECT 'C:\\';",
      'SET standard_conforming_strings TO false;',
      "SELECT 'x\\\\'; SELECT 'y\\'';",
      'RESET ALL;',
      "SELECT 'D:\\';",
    ].join('\n');
    expect(sqls(sql)).toEqual([
      'SET standard_conforming_strings = off',
      "SELECT 'it\\'s; here'",
      "SELECT N'a\\';b'",
      "SET SESSION standard_conforming_strings TO 'on'",
      "SELECT 'C:\\'",
      'SET standard_conforming_strings TO false',
      "SELECT 'x\\\\'",
      "SELECT 'y\\''",
      'RESET ALL',
      "SELECT 'D:\\'",
    ]);
  });

  test('nested block comments', () => {
    expect(sqls('SELECT 1 /* a /* b; */ c; */ + 1; /* x /* y */ ; */ SELECT 2;')).toEqual([
      'SELECT 1 /* a /* b; */ c; */ + 1',
      'SELECT 2',
    ]);
  });

  test('BEGIN ATOMIC bodies, with CASE ... END and END as a name inside', () => {
    const sql = [
      'CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql',
      'BEGIN ATOMIC',
      '  SELECT CASE WHEN a > 0 THEN 1 ELSE (CASE WHEN a < 0 THEN -1 END) END AS end;',
      '  SELECT t.end FROM (SELECT 1 AS "end") t;',
      'END;',
      'CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;',
      'CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1;',
      'BEGIN; SELECT 1; END;',
    ].join('\n');
    expect(splitPostgres(sql).map((s) => [s.line, s.sql.slice(0, 26)])).toEqual([
      [1, 'CREATE FUNCTION f(a int) R'],
      [6, 'CREATE OR REPLACE PROCEDUR'],
      [7, 'CREATE FUNCTION begin() RE'],
      [8, 'BEGIN'],
      [8, 'SELECT 1'],
      [8, 'END'],
    ]);
    expect(splitPostgres(sql)[0]?.sql.endsWith('t;\nEND')).toBe(true);
  });

  test('the parser settles what the lexer cannot see: a bare END label inside BEGIN ATOMIC', () => {
    const sql = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 end; END;\nSELECT 2;';
    expect(splitPostgres(sql)).toEqual([
      { sql: 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 end; END', line: 1 },
      { sql: 'SELECT 2', line: 2 },
    ]);
  });

  test('even across the chunks of a long file', () => {
    const fn = (i: number): string =>
      `CREATE FUNCTION f${i}() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT ${i} end; END;\n-- é ${i}\nSELECT ${i};\n`;
    const count = 12_000;
    const out = splitPostgres(Array.from({ length: count }, (_, i) => fn(i)).join(''));
    expect(out).toHaveLength(2 * count);
    for (let i = 0; i < count; i++) {
      expect(out[2 * i]).toEqual({ sql: fn(i).split(';\n')[0], line: 3 * i + 1 });
      expect(out[2 * i + 1]).toEqual({ sql: `SELECT ${i}`, line: 3 * i + 3 });
    }
  });

  test('CREATE RULE with several actions in parentheses', () => {
    expect(
      sqls('CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); UPDATE b SET x = 1); SELECT 1;'),
    ).toEqual(['CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); UPDATE b SET x = 1)', 'SELECT 1']);
  });

  test('a syntax error does not move the boundaries: the server gets the bad statement alone', () => {
    const sql =
      "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n-- broken:\nINSERT INTO t\n  SELEC 2;\nSELECT 'é;';\nSELECT 5";
    expect(splitPostgres(sql)).toEqual([
      { sql: 'CREATE TABLE t (a int)', line: 1 },
      { sql: 'INSERT INTO t VALUES (1)', line: 2 },
      { sql: 'INSERT INTO t\n  SELEC 2', line: 4 },
      { sql: "SELECT 'é;'", line: 6 },
      { sql: 'SELECT 5', line: 7 },
    ]);
  });

  test('an unterminated string or comment takes the rest of the file', () => {
    expect(sqls("SELECT 1; SELECT 'abc; SELECT 2;")).toEqual(['SELECT 1', "SELECT 'abc; SELECT 2;"]);
    expect(sqls('SELECT 1; SELECT 2 /* abc; SELECT 3;')).toEqual(['SELECT 1', 'SELECT 2 /* abc; SELECT 3;']);
    expect(sqls('SELECT 1; SELECT $x$ abc; SELECT 3;')).toEqual(['SELECT 1', 'SELECT $x$ abc; SELECT 3;']);
  });

  test('an unbalanced parenthesis takes the rest of the file, as in psql', () => {
    expect(sqls('SELECT (1; SELECT 2;')).toEqual(['SELECT (1; SELECT 2;']);
  });

  test('psql meta-commands are left for the server to reject', () => {
    expect(splitPostgres('\\connect other\nSELECT 1;\nSELECT 2;')).toEqual([
      { sql: '\\connect other\nSELECT 1', line: 1 },
      { sql: 'SELECT 2', line: 3 },
    ]);
  });

  test('the hard fixture', () => {
    const out = splitPostgres(fixture('hard.sql'));
    expect(out.map((s) => s.line)).toEqual([4, 10, 13, 22, 30, 36, 43, 49, 51, 56, 58, 60, 61, 62, 63, 65]);
    expect(out[2]?.sql).toMatch(/^CREATE FUNCTION add_item[\s\S]*END;\n\$\$$/);
    expect(out[4]?.sql).toMatch(/BEGIN ATOMIC[\s\S]*END$/);
    expect(out[8]?.sql).toMatch(/'rule;2'\)\n\)$/);
    expect(out[9]?.sql).toBe("UPDATE items SET note = 'héllo 😀;' WHERE id = 2");
    expect(out[12]?.sql).toBe("INSERT INTO audit (msg) VALUES ('legacy \\'quoted\\'; string\\\\')");
    expect(out[15]?.sql).toBe('SELECT count(*) FROM items');
  });

  test('large files: 100,000 statements, split in chunks, lines exact', () => {
    const n = 100_000;
    const sql = "INSERT INTO t VALUES (1, 'x');\n".repeat(n);
    const started = performance.now();
    const out = splitPostgres(sql);
    const ms = performance.now() - started;
    expect(out).toHaveLength(n);
    expect(out[n - 1]).toEqual({ sql: "INSERT INTO t VALUES (1, 'x')", line: n });
    // about half a second here; generous for slow machines
    expect(ms).toBeLessThan(15_000);
  });

  test('a statement too big for the parser is still split by the lexer', () => {
    const rows = Array.from({ length: 400_000 }, (_, i) => `(${i}, 'row;${i}')`).join(',\n');
    const sql = `SELECT 0;\nINSERT INTO t VALUES ${rows};\nSELECT 1;`;
    const out = splitPostgres(sql);
    expect(out.map((s) => s.line)).toEqual([1, 2, 400_002]);
    expect(out[1]?.sql.endsWith("'row;399999')")).toBe(true);
  });
});

describe('iteratePostgres: the same statements, one at a time', () => {
  /** Pulls by hand, one statement at a time, as the runner does. */
  const pulled = (sql: string, startLine = 1) => {
    const out = [];
    const it = iteratePostgres(sql, startLine);
    for (let r = it.next(); !r.done; r = it.next()) out.push(r.value);
    return out;
  };

  test('yields what splitPostgres returns, on the hard fixture, odd input and files of many chunks', () => {
    const fn = (i: number): string =>
      `CREATE FUNCTION f${i}() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT ${i} end; END;\n-- é ${i}\nSELECT '${i};';\n`;
    const scripts = [
      fixture('hard.sql'),
      '',
      '-- only a comment',
      'SELECT 1',
      "SELECT 1; SELECT 'abc; SELECT 2;",
      'INSERT INTO t\n  SELEC 2;\nSELECT 3;',
      "SET standard_conforming_strings = off;\nSELECT 'a\\';b';\nSELECT 2;",
      Array.from({ length: 6000 }, (_, i) => fn(i)).join(''),
      `SELECT 0;\nINSERT INTO t VALUES ${Array.from({ length: 300_000 }, (_, i) => `(${i}, 'r;${i}')`).join(',')};\nSELECT 1;`,
    ];
    for (const sql of scripts) expect(pulled(sql, 7)).toEqual(splitPostgres(sql, 7));
  });

  test('two scripts iterated side by side do not disturb each other', () => {
    const a = 'SET standard_conforming_strings = off;\n' + "SELECT 'a\\';\n".repeat(5000);
    const b = "SELECT 'b\\';\n".repeat(5000);
    const ia = iteratePostgres(a);
    const ib = iteratePostgres(b);
    const outA = [];
    const outB = [];
    for (;;) {
      const ra = ia.next();
      const rb = ib.next();
      if (!ra.done) outA.push(ra.value);
      if (!rb.done) outB.push(rb.value);
      if (ra.done && rb.done) break;
    }
    expect(outA).toEqual(splitPostgres(a));
    expect(outB).toEqual(splitPostgres(b));
  });

  test('lazy: the first statement of a long file comes long before the file is split', () => {
    const sql = "INSERT INTO t VALUES (1, 'x');\n".repeat(200_000);
    const recorded = new ReadRecorder(sql);
    const first = iteratePostgres(recorded.asString()).next();
    let n = 0;
    for (const _ of iteratePostgres(sql)) n++;
    expect(first.value).toEqual({ sql: "INSERT INTO t VALUES (1, 'x')", line: 1 });
    expect(n).toBe(200_000);
    // one 4 KiB chunk (about 130 statements) of the 6 MB has been read, not 1,500 of them
    expect(recorded.furthest).toBeLessThan(16 * 1024);
  });
});

describe('mayHoldNonTransactionalPostgres: a cheap test that rules a whole script out', () => {
  test('false only when no statement could be non-transactional', () => {
    expect(
      mayHoldNonTransactionalPostgres(
        "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1, 'x');\nCREATE INDEX i ON t (a);",
      ),
    ).toBe(false);
    for (const sql of [
      'create index concurrently i on t (a)',
      'VACUUM t',
      'ALTER SYSTEM SET work_mem = 1',
      'REINDEX TABLE CONCURRENTLY t',
      'CREATE DATABASE d',
      'drop tablespace x',
      'ALTER SUBSCRIPTION s REFRESH PUBLICATION',
      'CLUSTER',
      'DISCARD ALL',
      "COMMIT PREPARED 'x'",
      'DIſCARD ALL', // upper-cases to DISCARD
      'CLUﬅER', // and this to CLUSTER
    ]) {
      expect(mayHoldNonTransactionalPostgres(sql)).toBe(true);
    }
  });
  test('agrees with isNonTransactionalPostgres: whatever it accepts, the script test lets through', () => {
    const words = [
      'CREATE',
      'DROP',
      'ALTER',
      'INDEX',
      'UNIQUE',
      'CONCURRENTLY',
      'VACUUM',
      'REINDEX',
      'SYSTEM',
      'DATABASE',
      'TABLESPACE',
      'SUBSCRIPTION',
      'CLUSTER',
      'VERBOSE',
      'DISCARD',
      'ALL',
      'COMMIT',
      'ROLLBACK',
      'PREPARED',
      'TABLE',
      'DETACH',
      'PARTITION',
      'SET',
      'REFRESH',
      'PUBLICATION',
      'SCHEMA',
      'x',
      '(',
      ')',
      '=',
    ];
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let k = 0; k < 20_000; k++) {
      const sql = Array.from({ length: 1 + rnd(6) }, () => words[rnd(words.length)]).join(' ');
      if (isNonTransactionalPostgres(sql)) expect([sql, mayHoldNonTransactionalPostgres(sql)]).toEqual([sql, true]);
    }
  });
});

describe('the lexer that proposes boundaries', () => {
  // Where the file parses the parser has the last word, but the lexer also cuts the runs
  // handed to it, and the statements too big to parse: it must see `;` and the first and
  // last token of each statement exactly where libpg-query's scanner does.
  const fragments = [
    "'a;b'",
    "E'\\';'",
    '$$;$$',
    '$a$;$a$',
    '"x;y"',
    '-- c;\n',
    '/* /* ; */ */',
    ';',
    ' ',
    '\n',
    '\r',
    'x',
    'E',
    'e',
    '$1',
    'a$b',
    '$b$',
    '1.5',
    '.5',
    '1e-5',
    '1e--x;\n',
    "U&'x;'",
    "B'1'",
    "x'1f'",
    "n'x;'",
    "'it''s;'",
    "e'\\\\'",
    'u&"a;"',
    '-',
    '/',
    '*',
    "'",
    '"',
    '$',
    '$$',
    '\\',
    'é',
    '😀',
    '--',
    '/*',
    '*/',
    "''",
    '""',
    '(',
    ')',
    '.',
    '::',
    '1',
  ];
  /** `;` positions, and where the statements around them start and end, in string indices. */
  function boundaries(tokens: { start: number; end: number; semi: boolean }[]): string[] {
    const out: string[] = [];
    tokens.forEach((t, i) => {
      if (t.semi) out.push(`;${t.start}`);
      else {
        if (i === 0 || tokens[i - 1]?.semi) out.push(`S${t.start}`);
        if (i === tokens.length - 1 || tokens[i + 1]?.semi) out.push(`E${t.end}`);
      }
    });
    return out;
  }

  test("agrees with libpg-query's scanner on random scripts", () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let compared = 0;
    for (let iteration = 0; iteration < 20_000; iteration++) {
      let sql = '';
      for (let k = 1 + random(14); k > 0; k--) sql += fragments[random(fragments.length)];
      let scanned;
      try {
        scanned = scanSync(sql).tokens ?? [];
      } catch {
        continue; // unterminated: the scanner gives no tokens at all
      }
      const bytes = Buffer.from(sql);
      const index = (offset: number): number => bytes.subarray(0, offset).toString().length;
      const theirs = scanned
        .filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
        .map((t) => ({ start: index(t.start), end: index(t.end), semi: t.tokenName === 'ASCII_59' }));
      const ours: { start: number; end: number; semi: boolean }[] = [];
      const lx = new PgLexer(sql);
      for (let kind = lx.next(); kind !== T_EOF; kind = lx.next())
        ours.push({ start: lx.start, end: lx.end, semi: kind === T_SEMI });
      expect([sql, boundaries(ours)]).toEqual([sql, boundaries(theirs)]);
      compared++;
    }
    expect(compared).toBeGreaterThan(5_000);
  });
});

describe('isNonTransactionalPostgres', () => {
  test.each([
    'CREATE INDEX CONCURRENTLY i ON t (a)',
    'create unique index concurrently if not exists i on t (a)',
    '-- comment first\nDROP INDEX CONCURRENTLY IF EXISTS i',
    'REINDEX INDEX CONCURRENTLY i',
    'REINDEX TABLE CONCURRENTLY t',
    'REINDEX (CONCURRENTLY) TABLE t',
    'REINDEX (VERBOSE, CONCURRENTLY true) SCHEMA s',
    'REINDEX SCHEMA public',
    'REINDEX DATABASE db',
    'REINDEX (VERBOSE) SYSTEM',
    'VACUUM',
    'vacuum (analyze) t',
    'VACUUM FULL t',
    'CREATE DATABASE x',
    'DROP DATABASE IF EXISTS x WITH (FORCE)',
    "CREATE TABLESPACE ts LOCATION '/x'",
    'DROP TABLESPACE ts',
    "ALTER SYSTEM SET work_mem = '64MB'",
    'ALTER DATABASE d SET TABLESPACE fast',
    'ALTER TABLE p DETACH PARTITION c CONCURRENTLY',
    'CLUSTER',
    'CLUSTER VERBOSE',
    'CLUSTER (VERBOSE)',
    'DISCARD ALL',
    "COMMIT PREPARED 'tx'",
    "ROLLBACK PREPARED 'tx'",
    "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p",
    "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (copy_data = false)",
    'DROP SUBSCRIPTION s',
    'ALTER SUBSCRIPTION s REFRESH PUBLICATION',
    'ALTER SUBSCRIPTION s SET PUBLICATION p',
    'ALTER SUBSCRIPTION s ADD PUBLICATION p WITH (refresh = true)',
    'ALTER SUBSCRIPTION s SET (failover = true)',
  ])('%s cannot run in a transaction block', (sql) => {
    expect(isNonTransactionalPostgres(sql)).toBe(true);
  });

  test.each([
    'CREATE INDEX i ON t (a)',
    'CREATE INDEX concurrently_named ON t (a)',
    'DROP INDEX i',
    'REINDEX TABLE t',
    'REINDEX (CONCURRENTLY false) TABLE t',
    'REINDEX INDEX i',
    'ANALYZE t',
    'CLUSTER t',
    'CLUSTER VERBOSE t USING i',
    'CLUSTER (VERBOSE) t',
    "ALTER DATABASE d SET work_mem = '8MB'",
    'ALTER DATABASE d RENAME TO e',
    'ALTER TABLE p DETACH PARTITION c',
    'ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1)',
    "ALTER TYPE mood ADD VALUE 'ok'",
    'DISCARD PLANS',
    'REFRESH MATERIALIZED VIEW CONCURRENTLY mv',
    'COMMIT',
    "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (connect = false)",
    "CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (create_slot = false, enabled = false)",
    'ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)',
    'ALTER SUBSCRIPTION s DISABLE',
    "SELECT 'VACUUM'",
    '/* VACUUM */ SELECT 1',
    'CREATE TABLE database (a int)',
  ])('%s can run in a transaction block', (sql) => {
    expect(isNonTransactionalPostgres(sql)).toBe(false);
  });
});

describe('normalizePostgres', () => {
  test.each([
    ["SELECT * FROM t WHERE a = 'x' AND b = 5", 'SELECT * FROM t WHERE a = $1 AND b = $2'],
    ['select 1 limit 10 offset 5', 'select $1 limit $2 offset $3'],
    ['ALTER TABLE t ADD COLUMN x int DEFAULT 42', 'ALTER TABLE t ADD COLUMN x int DEFAULT ?'],
    [
      "CREATE TABLE t (a int CHECK (a > 5), b varchar(20) DEFAULT 'secret')",
      'CREATE TABLE t (a int CHECK (a > ?), b varchar(?) DEFAULT ?)',
    ],
    ["COMMENT ON TABLE t IS 'secret'", 'COMMENT ON TABLE t IS ?'],
    ["CREATE VIEW v AS SELECT 'secret' AS s", 'CREATE VIEW v AS SELECT ? AS s'],
    [
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$',
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $1',
    ],
    [
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 42; END',
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT ?; END',
    ],
    ["UPDATE t SET a = 'x' -- 'secret' comment\n  WHERE /* 'more' */ id = 5", 'UPDATE t SET a = $1 WHERE id = $2'],
    ["SELECT E'sec\\'ret', $q$secret$q$, B'0101', X'ff', 1.5e3, -7, U&'d\\0061t'", 'SELECT $1, $2, $3, $4, $5, $6, $7'],
    ['SELECT * FROM t WHERE id IN (1, 2, 3) AND b IN (4)', 'SELECT * FROM t WHERE id IN ($1 /*, ... */) AND b IN ($2)'],
    ["select 'unterminated secret", 'select ?'],
    ["\\set x 'secret'", '\\set x ?'],
    ['VACUUM ANALYZE t', 'VACUUM ANALYZE t'],
  ])('%s', (sql, expected) => {
    expect(normalizePostgres(sql)).toBe(expected);
  });

  test('INSERTs of any number of rows group together', () => {
    const one = normalizePostgres("INSERT INTO t (a, b) VALUES (1, 'x')");
    const many = normalizePostgres("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'),\n (3, lower('Z')) RETURNING a");
    expect(one).toBe('INSERT INTO t (a, b) VALUES ($1, $2)');
    expect(many).toBe('INSERT INTO t (a, b) VALUES ($1, $2) RETURNING a');
    expect(normalizePostgres("INSERT INTO t VALUES (7, 'q')\n  ON CONFLICT (a) DO UPDATE SET b = 'z'")).toBe(
      'INSERT INTO t VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET b = $3',
    );
  });

  test('no literal survives, whatever the statement', () => {
    const secret = 'S3cr3t_vAlue';
    const statements = [
      `INSERT INTO t VALUES ('${secret}')`,
      `ALTER TABLE t ALTER COLUMN c SET DEFAULT '${secret}'`,
      `ALTER TABLE t ADD CONSTRAINT c CHECK (x <> '${secret}')`,
      `CREATE INDEX i ON t (a) WHERE b = '${secret}'`,
      `CREATE TYPE mood AS ENUM ('${secret}')`,
      `ALTER TYPE mood ADD VALUE '${secret}'`,
      `CREATE USER bob PASSWORD '${secret}'`,
      `CREATE SERVER s FOREIGN DATA WRAPPER w OPTIONS (host '${secret}')`,
      `SECURITY LABEL ON TABLE t IS '${secret}'`,
      `COPY t FROM '/tmp/${secret}.csv'`,
      `CREATE TABLE p PARTITION OF t FOR VALUES FROM ('${secret}') TO ('z')`,
      `SET standard_conforming_strings = off; INSERT INTO t VALUES ('a\\'${secret}\\'')`,
      `INSERT INTO t VALUES (E'\\'${secret}')`,
      `INSERT INTO t VALUES ('C:\\', '${secret}') RETURNIN x`,
      `INSERT INTO t VALUES ('C:\\', '${secret}')`,
      `DO $$ BEGIN RAISE NOTICE '${secret}'; END $$`,
      `DO $tag$ BEGIN RAISE NOTICE '${secret}'; END $tag$`,
      `SELECT 'a' -- ${secret}`,
      `SELECT 'unterminated ${secret}`,
      `SELECT $x$ unterminated ${secret}`,
      `SELECT 1 /* unterminated ${secret}`,
      `SELECT "${secret}"".'" FROM t WHERE a = '${secret}'`,
      `ALTER ROLE bob VALID UNTIL '${secret}'`,
      `CREATE DATABASE d LOCALE '${secret}'`,
    ];
    for (const sql of statements) {
      const out = normalizePostgres(sql);
      expect(out.replace(/"[^"]*"/g, '')).not.toContain(secret);
    }
    expect(normalizePostgres('UPDATE t SET n = 1234567 WHERE id = 7654321')).not.toMatch(/\d{3}/);
  });

  test('a bulk INSERT too big for normalizeSync goes through the token pass alone', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `(${i}, 'secret ${i}')`).join(', ');
    expect(normalizePostgres(`INSERT INTO t (a, b) VALUES ${rows}`)).toBe('INSERT INTO t (a, b) VALUES (?, ?)');
  });

  test('whitespace collapsed, comments gone', () => {
    expect(normalizePostgres('CREATE  TABLE\n\t t /* c */ (a   int)-- x')).toBe('CREATE TABLE t (a int)');
  });
});
