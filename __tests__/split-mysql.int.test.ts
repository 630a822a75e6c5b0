/**
 * The server agrees with the splitter: hard scripts, split by splitMysql and sent one
 * statement at a time, create what they should on a real MySQL-protocol server; and
 * causesImplicitCommit matches what the server does inside a transaction.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import { createMysqlDatabase, type TestDatabase } from './helpers/databases.js';
import { causesImplicitCommit, splitMysql } from '../src/migrations/split/mysql.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'split', 'mysql');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

let db: TestDatabase | undefined;
let conn: mysql.Connection | undefined;
let mariadb = false;

function connection(): mysql.Connection {
  if (conn === undefined) throw new Error('no connection');
  return conn;
}

beforeEach(async () => {
  db = await createMysqlDatabase('split_mysql');
  conn = await mysql.createConnection({ uri: db.url });
  const [version] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS v');
  mariadb = /mariadb/i.test(String(version[0]?.['v']));
});

afterEach(async () => {
  await conn?.end().catch(() => conn?.destroy());
  conn = undefined;
  await db?.drop();
  db = undefined;
});

/** Sends every statement of the script, as the runner will; a failure names its line. */
async function runScript(sql: string): Promise<number> {
  const statements = splitMysql(sql);
  for (const s of statements) {
    try {
      await connection().query(s.sql);
    } catch (err) {
      throw new Error(`statement at line ${s.line} failed: ${(err as Error).message}\n${s.sql}`, { cause: err });
    }
  }
  return statements.length;
}

async function rows(sql: string): Promise<RowDataPacket[]> {
  const [result] = await connection().query<RowDataPacket[]>(sql);
  return result;
}

async function column(sql: string): Promise<unknown[]> {
  return (await rows(sql)).map((r) => Object.values(r)[0]);
}

async function objects(): Promise<{ routines: unknown[]; triggers: unknown[]; events: unknown[] }> {
  return {
    routines: await column(
      'SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1',
    ),
    triggers: await column(
      'SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1',
    ),
    events: await column('SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY 1'),
  };
}

function skipUnlessMariadb(): boolean {
  if (!mariadb) console.warn('MariaDB-only syntax: skipped on this MySQL server');
  return !mariadb;
}

describe('scripts split by splitMysql run on the server', () => {
  test('stored programs without DELIMITER (programs-without-delimiter.sql)', async () => {
    expect(await runScript(fixture('programs-without-delimiter.sql'))).toBe(12);
    expect(await objects()).toEqual({
      routines: ['add_items', 'classify', 'count_down', 'span_sum', 'total_qty'],
      triggers: ['items_ai', 'items_bi'],
      events: ['purge_audit'],
    });
    const [created] = await rows('SHOW CREATE PROCEDURE add_items');
    expect(String(created?.['Create Procedure'])).toMatch(/END WHILE;\s*END$/);
    // add_items(3) ran; the AFTER INSERT trigger fired for the row with qty > 1.
    expect(await column('SELECT name FROM items ORDER BY id')).toEqual(['item 0;', 'item 1;', 'item 2;']);
    expect(await column('SELECT msg FROM audit')).toEqual(['big;item 2;']);
    expect(await rows('SELECT count_down(5) AS a, total_qty() AS b, span_sum() AS c')).toEqual([{ a: 5, b: 3, c: 3 }]);
    const results: unknown[] = [];
    for (const x of [-1, 0, 1, 5, 50, 500]) {
      await connection().query('CALL classify(?, @r)', [x]);
      results.push((await column('SELECT @r'))[0]);
    }
    expect(results).toEqual(['negative', 'zero', 'one', 'small', 'bbb', 'huge']);
  });

  test('unquoted begin/end columns, labels, handlers, bodies without BEGIN (programs-edge-cases.sql)', async () => {
    expect(await runScript(fixture('programs-edge-cases.sql'))).toBe(12);
    expect(await objects()).toEqual({
      routines: ['fill_spans', 'no_begin', 'single_statement', 'span_len', 'stars'],
      triggers: ['spans_bi', 'spans_bi2'],
      events: [],
    });
    expect(await rows('SELECT id, begin, end, label FROM spans ORDER BY id')).toEqual([
      { id: 1, begin: 1, end: 11, label: 'SHORT;' },
      { id: 2, begin: 2, end: 20, label: 'SHORT' },
      { id: 3, begin: 3, end: 30, label: 'LONG' },
    ]);
    expect(await column('SELECT what FROM events_log ORDER BY id')).toEqual(['first', 'last', 'no_begin: has spans']);
    expect(await rows('SELECT span_len(1, 11) AS a, span_len(1, NULL) AS b, stars(3) AS c')).toEqual([
      { a: 10, b: 0, c: '***' },
    ]);
  });

  test('MariaDB compound statements, FOR loops, aggregate functions (programs-mariadb.sql)', async () => {
    if (skipUnlessMariadb()) return;
    expect(await runScript(fixture('programs-mariadb.sql'))).toBe(11);
    expect(await objects()).toEqual({ routines: ['agg_total', 'fill_nums'], triggers: ['nums_bi'], events: [] });
    // The trigger turned the WHILE loop's -1 rows into 0.
    expect(await column('SELECT n FROM nums ORDER BY n')).toEqual([0, 0, 1, 2, 3]);
    expect(await column('SELECT what FROM notes ORDER BY id')).toEqual([
      'last=3',
      'compound ran; c=3',
      'top-level if',
      'compound with label 2',
      'mariadb comment ran',
    ]);
  });

  test('mysqldump output with DELIMITER ;; and executable comments (client-mysqldump.sql)', async () => {
    // The dump sets MariaDB's sql_mode (NO_AUTO_CREATE_USER is gone from MySQL 8).
    if (skipUnlessMariadb()) return;
    await runScript(fixture('client-mysqldump.sql'));
    expect(await objects()).toEqual({ routines: ['f', 'p'], triggers: ['trg'], events: ['ev'] });
    expect(await column('SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()')).toEqual([
      'v',
    ]);
    expect(await column('SELECT name FROM t ORDER BY id')).toEqual(['a;b', "c'd", '/* not */', '#x']);
    expect(await column('SELECT note FROM t ORDER BY id')).toEqual(["it's", 'line1\nline2;', '-- not', null]);
  });

  test('strings hold delimiters, quotes, escapes and comment markers', async () => {
    const script = [
      'CREATE TABLE q (id INT PRIMARY KEY, s VARCHAR(100), `odd;``name` INT DEFAULT 7);',
      "INSERT INTO q (id, s) VALUES (1, 'it''s; fine'), (2, 'a\\'b;c'), (3, \"say \\\"hi\\\";\"), (4, 'back\\\\');",
      "INSERT INTO q (id, s) VALUES (5, '-- not a comment'), (6, '/* nor; this */'), (7, '# nor; this');",
      'DELIMITER $$',
      "INSERT INTO q (id, s) VALUES (8, '$$ inside'), (9, 'semi;colon') $$",
      "INSERT INTO q (id, s) VALUES (10, 'DELIMITER ;')$$",
      'delimiter ;',
      "INSERT INTO q (id, s) VALUES (11, CONCAT('a', 'b' /* ; */, \"c\")); -- trailing ; comment",
      "INSERT INTO q (id, s) VALUES (12, '1--1'), (13, CAST(1--1 AS CHAR)); # 1--1 is 2",
      "/*!40101 INSERT INTO q (id, s) VALUES (14, 'versioned') */;",
      "INSERT INTO q (id, s) VALUES (15, 'multi\nline;\nstring')",
    ].join('\n');
    expect(await runScript(script)).toBe(9);
    expect(await column('SELECT s FROM q ORDER BY id')).toEqual([
      "it's; fine",
      "a'b;c",
      'say "hi";',
      'back\\',
      '-- not a comment',
      '/* nor; this */',
      '# nor; this',
      '$$ inside',
      'semi;colon',
      'DELIMITER ;',
      'abc',
      '1--1',
      '2',
      'versioned',
      'multi\nline;\nstring',
    ]);
    expect(await column('SELECT `odd;``name` FROM q WHERE id = 1')).toEqual([7]);
  });

  test('stored programs under DELIMITER $$, // and ;;', async () => {
    const script = [
      'DELIMITER $$',
      'CREATE PROCEDURE dp1(OUT r INT)',
      'BEGIN',
      '  SET r = 1; -- a comment; with END$$ inside',
      "  SET @s = '$$';",
      'END$$',
      'DELIMITER //',
      'CREATE FUNCTION df2() RETURNS INT DETERMINISTIC',
      'BEGIN',
      '  DECLARE x INT DEFAULT 0;',
      '  REPEAT SET x = x + 1; UNTIL x >= 2 END REPEAT;',
      '  RETURN x;',
      'END //',
      'DELIMITER ;;',
      'CREATE PROCEDURE dp3() BEGIN SELECT 3; END;;',
      'DELIMITER ;',
      'CALL dp1(@r);',
    ].join('\n');
    expect(await runScript(script)).toBe(4);
    expect(await rows('SELECT @r AS r, @s AS s, df2() AS f')).toEqual([{ r: 1, s: '$$', f: 2 }]);
    expect((await objects()).routines).toEqual(['df2', 'dp1', 'dp3']);
  });
});

interface CommitCase {
  sql: string;
  setup?: string[];
  mariadbOnly?: boolean;
}

/*
 * Not here, on purpose: CACHE INDEX and LOAD INDEX INTO CACHE (the MySQL manual lists them;
 * MariaDB does not commit for InnoDB tables) and UNLOCK TABLES without locked tables (commits
 * only then): causesImplicitCommit answers true for them, the cautious side. Users, grants and
 * FLUSH are left out to keep the shared server untouched.
 */
const COMMIT_CASES: CommitCase[] = [
  { sql: 'CREATE TABLE c1 (id INT)' },
  { sql: 'CREATE TABLE c2 AS SELECT 1 AS x' },
  { sql: 'CREATE TEMPORARY TABLE tmp1 (id INT)' },
  { sql: 'DROP TEMPORARY TABLE tmp2', setup: ['CREATE TEMPORARY TABLE tmp2 (id INT)'] },
  { sql: 'DROP TEMPORARY TABLE IF EXISTS nothing_here' },
  { sql: 'ALTER TABLE tmp3 ADD COLUMN c INT', setup: ['CREATE TEMPORARY TABLE tmp3 (id INT)'] },
  { sql: 'DROP TABLE tmp4', setup: ['CREATE TEMPORARY TABLE tmp4 (id INT)'] },
  { sql: 'DROP TABLE IF EXISTS nothing_here' },
  { sql: 'ALTER TABLE target ADD COLUMN c INT' },
  { sql: 'CREATE INDEX ix ON target (id)' },
  { sql: 'TRUNCATE TABLE target' },
  { sql: 'RENAME TABLE r1 TO r2', setup: ['CREATE TABLE r1 (id INT)'] },
  { sql: 'CREATE VIEW v1 AS SELECT 1 AS x' },
  { sql: 'CREATE PROCEDURE pr() BEGIN SELECT 1; END' },
  { sql: 'CREATE TRIGGER trg BEFORE INSERT ON target FOR EACH ROW SET NEW.id = NEW.id' },
  { sql: 'CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1' },
  { sql: 'ANALYZE TABLE target' },
  { sql: 'CHECK TABLE target' },
  { sql: 'OPTIMIZE TABLE target' },
  { sql: 'CHECKSUM TABLE target' },
  { sql: 'LOCK TABLES marker WRITE, target WRITE' },
  { sql: 'UNLOCK TABLES', setup: ['LOCK TABLES marker WRITE, target WRITE'] },
  { sql: 'BEGIN' },
  { sql: 'BEGIN WORK' },
  { sql: 'START TRANSACTION' },
  { sql: 'SET autocommit = 1' },
  { sql: 'SET @@session.autocommit = ON' },
  { sql: 'SET autocommit = 0' },
  { sql: 'SET @x = 1' },
  { sql: 'INSERT INTO target (id) VALUES (1)' },
  { sql: 'SELECT 1' },
  { sql: 'DO 1' },
  { sql: 'SAVEPOINT sp' },
  { sql: 'DEALLOCATE PREPARE st1', setup: ["PREPARE st1 FROM 'SELECT 1'"] },
  { sql: 'DROP PREPARE st2', setup: ["PREPARE st2 FROM 'SELECT 1'"] },
  { sql: '/*!40101 SET autocommit = 1 */' },
  { sql: 'CREATE SEQUENCE s1', mariadbOnly: true },
  { sql: 'CREATE TEMPORARY SEQUENCE s2', mariadbOnly: true },
  { sql: 'DROP TEMPORARY SEQUENCE s3', setup: ['CREATE TEMPORARY SEQUENCE s3'], mariadbOnly: true },
  { sql: 'CREATE OR REPLACE TEMPORARY TABLE tmp5 (id INT)', mariadbOnly: true },
  { sql: 'ANALYZE SELECT 1', mariadbOnly: true },
  { sql: 'SET STATEMENT max_statement_time = 10 FOR CREATE TABLE c3 (id INT)', mariadbOnly: true },
  { sql: 'SET STATEMENT max_statement_time = 10 FOR SELECT 1', mariadbOnly: true },
  { sql: 'BEGIN NOT ATOMIC INSERT INTO target (id) VALUES (5); END', mariadbOnly: true },
  { sql: 'BEGIN NOT ATOMIC CREATE TABLE c4 (id INT); END', mariadbOnly: true },
  { sql: 'IF 1 = 1 THEN CREATE TABLE c5 (id INT); END IF', mariadbOnly: true },
];

describe('causesImplicitCommit agrees with the server', () => {
  test('a row inserted before the statement survives ROLLBACK exactly when it commits', async () => {
    const c = connection();
    await c.query('CREATE TABLE marker (n INT)');
    await c.query('CREATE TABLE target (id INT)');
    const disagreements: string[] = [];
    let n = 0;
    for (const { sql, setup = [], mariadbOnly = false } of COMMIT_CASES) {
      if (mariadbOnly && !mariadb) continue;
      n++;
      for (const s of setup) await c.query(s);
      await c.query('SET autocommit = 0');
      await c.query('INSERT INTO marker VALUES (?)', [n]);
      await c.query(sql);
      await c.query('ROLLBACK');
      await c.query('SET autocommit = 1');
      await c.query('UNLOCK TABLES');
      const [found] = await c.query<RowDataPacket[]>('SELECT COUNT(*) AS k FROM marker WHERE n = ?', [n]);
      const committed = Number(found[0]?.['k']) === 1;
      if (committed !== causesImplicitCommit(sql))
        disagreements.push(`${sql}: server ${committed ? 'commits' : 'does not'}`);
    }
    expect(disagreements).toEqual([]);
    expect(n).toBeGreaterThan(30);
  });
});
