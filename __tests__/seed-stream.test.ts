import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MysqlScriptReader, type MysqlItem } from '../src/data/seed/mysql-stream.js';
import { PgScriptReader, type PgItem } from '../src/data/seed/postgres-stream.js';
import { splitMysql } from '../src/migrations/split/mysql.js';

const fixture = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../__fixtures__/seed/${name}`, import.meta.url)));

/** Comparable items; COPY data chunks are merged (their cuts follow the input's). */
type Plain =
  | { kind: 'sql'; sql: string; line: number; alone: boolean; endsBatch?: boolean }
  | { kind: 'copy'; sql: string; line: number; dataLine: number; data: string; chunks?: Buffer[] }
  | { kind: 'meta'; text: string; line: number };

function readPg(input: Buffer, chunk = input.length): Plain[] {
  const reader = new PgScriptReader();
  const out: Plain[] = [];
  let copy: Extract<Plain, { kind: 'copy' }> | null = null;
  const take = (item: PgItem): void => {
    switch (item.kind) {
      case 'sql':
        out.push({
          kind: 'sql',
          sql: item.bytes.toString('utf8'),
          line: item.line,
          alone: item.alone,
          endsBatch: item.endsBatch,
        });
        break;
      case 'copy':
        copy = {
          kind: 'copy',
          sql: item.bytes.toString('utf8'),
          line: item.line,
          dataLine: item.dataLine,
          data: '',
          chunks: [],
        };
        out.push(copy);
        break;
      case 'copyData':
        if (!copy) throw new Error('data outside COPY');
        copy.chunks?.push(item.bytes);
        break;
      case 'copyEnd':
        if (copy) {
          copy.data = Buffer.concat(copy.chunks ?? []).toString('utf8');
          delete copy.chunks;
        }
        copy = null;
        break;
      case 'meta':
        out.push({ kind: 'meta', text: item.text, line: item.line });
        break;
    }
  };
  for (let i = 0; i < input.length; i += chunk) {
    reader.push(input.subarray(i, i + chunk));
    for (let item = reader.next(); item; item = reader.next()) take(item);
  }
  reader.end();
  for (let item = reader.next(); item; item = reader.next()) take(item);
  if (copy !== null) throw new Error('COPY without its end');
  return out;
}

function readMysql(input: Buffer, chunk = input.length): Plain[] {
  const reader = new MysqlScriptReader();
  const out: Plain[] = [];
  const take = (item: MysqlItem): void => {
    if (item.kind === 'sql')
      out.push({
        kind: 'sql',
        sql: Buffer.from(item.text, 'latin1').toString('utf8'),
        line: item.line,
        alone: item.alone,
      });
    else out.push({ kind: 'meta', text: item.text, line: item.line });
  };
  for (let i = 0; i < input.length; i += chunk) {
    reader.push(input.subarray(i, i + chunk));
    for (let item = reader.next(); item; item = reader.next()) take(item);
  }
  reader.end();
  for (let item = reader.next(); item; item = reader.next()) take(item);
  return out;
}

const pg = (text: string): Plain[] => readPg(Buffer.from(text));
const my = (text: string): Plain[] => readMysql(Buffer.from(text));
const sqls = (items: Plain[]): string[] => items.flatMap((i) => (i.kind === 'sql' ? [i.sql] : []));

describe('PgScriptReader', () => {
  test('statements with their `;`, the line of their first token, comments between them left out', () => {
    expect(pg('SELECT 1;\n-- a comment; with a semicolon\nSELECT 2;\n\n  /* block; */ SELECT\n 3;\nSELECT 4')).toEqual([
      { kind: 'sql', sql: 'SELECT 1;', line: 1, alone: false, endsBatch: false },
      { kind: 'sql', sql: 'SELECT 2;', line: 3, alone: false, endsBatch: false },
      { kind: 'sql', sql: 'SELECT\n 3;', line: 5, alone: false, endsBatch: false },
      { kind: 'sql', sql: 'SELECT 4', line: 7, alone: false, endsBatch: false },
    ]);
  });

  test('semicolons inside strings, dollar quotes, quoted names, parentheses and BEGIN ATOMIC bodies', () => {
    const script = [
      "INSERT INTO t VALUES ('a;b', E'it\\'s; fine', U&'\\0041;');",
      'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END; $body$;',
      'CREATE TABLE "odd;name" (id int);',
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO u VALUES (2));',
      'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;',
      'SELECT 5;',
    ].join('\n');
    expect(sqls(pg(script))).toEqual(script.split('\n'));
  });

  test('standard_conforming_strings = off makes backslash escape quotes, as on the server', () => {
    const script =
      "SET standard_conforming_strings = off;\nINSERT INTO t VALUES ('a\\';b');\nSET standard_conforming_strings = on;\nINSERT INTO t VALUES ('c\\');";
    expect(sqls(pg(script))).toEqual(script.split('\n'));
  });

  test('COPY ... FROM stdin: the data up to \\. goes through untouched, escapes, NULLs and unicode included', () => {
    const data = 'a\\tb\t\\N\n\\\\.\t2\nc\\nd\t日本語 🎉\n\\.x\t4\n';
    const items = pg(`CREATE TABLE t (a text, b text);\ncopy t (a, b) from STDIN;\n${data}\\.\nSELECT 1;\n`);
    expect(items).toEqual([
      { kind: 'sql', sql: 'CREATE TABLE t (a text, b text);', line: 1, alone: false, endsBatch: false },
      { kind: 'copy', sql: 'copy t (a, b) from STDIN;', line: 2, dataLine: 3, data },
      { kind: 'sql', sql: 'SELECT 1;', line: 8, alone: false, endsBatch: false },
    ]);
  });

  test('COPY end-of-data with \\r\\n, at the end of input, and an empty COPY', () => {
    expect(pg('COPY t FROM stdin;\r\n1\r\n\\.\r\nSELECT 1;')).toEqual([
      { kind: 'copy', sql: 'COPY t FROM stdin;', line: 1, dataLine: 2, data: '1\r\n' },
      { kind: 'sql', sql: 'SELECT 1;', line: 4, alone: false, endsBatch: false },
    ]);
    expect(pg('COPY t FROM stdin;\n1\n\\.')).toEqual([
      { kind: 'copy', sql: 'COPY t FROM stdin;', line: 1, dataLine: 2, data: '1\n' },
    ]);
    expect(pg('COPY t FROM stdin;\n1\n2')).toEqual([
      { kind: 'copy', sql: 'COPY t FROM stdin;', line: 1, dataLine: 2, data: '1\n2' },
    ]);
    expect(pg('COPY t FROM stdin;\n\\.\nSELECT 2;')).toEqual([
      { kind: 'copy', sql: 'COPY t FROM stdin;', line: 1, dataLine: 2, data: '' },
      { kind: 'sql', sql: 'SELECT 2;', line: 3, alone: false, endsBatch: false },
    ]);
  });

  test('COPY from a file or to stdout is an ordinary statement', () => {
    expect(
      pg("COPY t FROM '/tmp/x';\nCOPY t TO STDOUT;\nCOPY (SELECT 1 AS stdin) TO STDOUT;").map((i) => i.kind),
    ).toEqual(['sql', 'sql', 'sql']);
  });

  test('psql meta-commands (\\restrict, \\connect, ...) are items of their own, not statements', () => {
    expect(pg('\\restrict abc\nSELECT 1;\n\\connect other\n\\unrestrict abc\n')).toEqual([
      { kind: 'meta', text: '\\restrict abc', line: 1 },
      { kind: 'sql', sql: 'SELECT 1;', line: 2, alone: false, endsBatch: false },
      { kind: 'meta', text: '\\connect other', line: 3 },
      { kind: 'meta', text: '\\unrestrict abc', line: 4 },
    ]);
  });

  test('statements that must go alone, and settings that end a batch', () => {
    const items = pg(
      [
        'CREATE INDEX CONCURRENTLY i ON t (a);',
        'VACUUM t;',
        'CALL p();',
        'DO $$ BEGIN COMMIT; END $$;',
        "ALTER TYPE mood ADD VALUE 'meh';",
        'CREATE INDEX j ON t (a);',
        "SET client_encoding = 'LATIN1';",
        'SET search_path = public;',
        "SELECT pg_catalog.set_config('search_path', '', false);",
        "SELECT set_config('standard_conforming_strings', 'on', false);",
        'RESET ALL;',
      ].join('\n'),
    );
    expect(items.map((i) => (i.kind === 'sql' ? [i.alone, i.endsBatch] : null))).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [true, false],
      [true, false],
      [false, false],
      [false, true],
      [false, false],
      [false, false],
      [false, true],
      [false, true],
    ]);
  });

  test('a UTF-8 byte order mark is not part of the first statement', () => {
    expect(readPg(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('SELECT 1;')]))).toEqual([
      { kind: 'sql', sql: 'SELECT 1;', line: 1, alone: false, endsBatch: false },
    ]);
  });

  test('an unterminated string at the end of input is sent as it is (the server reports it)', () => {
    expect(sqls(pg("SELECT 1;\nSELECT 'open"))).toEqual(['SELECT 1;', "SELECT 'open"]);
    expect(sqls(pg('SELECT 1;\nSELECT 2 -- no semicolon\n/* trailing */\n'))).toEqual(['SELECT 1;', 'SELECT 2']);
  });

  test.each(['pg-dump.sql', 'pg-dump-inserts.sql'])('%s reads the same in chunks of any size', (name) => {
    const input = fixture(name);
    const whole = readPg(input);
    for (const size of [1, 2, 3, 7, 64, 1000, 4096]) expect(readPg(input, size)).toEqual(whole);
  });

  test('pg_dump output: its statements, COPY blocks and \\restrict lines', () => {
    const items = readPg(fixture('pg-dump.sql'));
    const copies = items.flatMap((i) => (i.kind === 'copy' ? [i] : []));
    expect(copies.map((c) => c.sql)).toEqual([
      'COPY billing."Invoice Lines" (id, "from", qty) FROM stdin;',
      'COPY public.customers (id, name, note, email, created_at) FROM stdin;',
      'COPY public.empty_table (id, v) FROM stdin;',
      'COPY public.notes (body, n) FROM stdin;',
      'COPY public.orders (id, customer_id, amount, tags, meta, payload) FROM stdin;',
    ]);
    expect(copies.map((c) => c.data.split('\n').length - 1)).toEqual([2, 207, 0, 6, 500]);
    expect(copies[3]?.data).toBe('\\\\.\t1\n\\\\.\t2\n\\\\\t3\n\\N\t4\n\\\\N\t5\na\\\\.\\nb\t6\n');
    const metas = items.flatMap((i) => (i.kind === 'meta' ? [i.text.split(' ')[0]] : []));
    expect(metas).toEqual(['\\restrict', '\\unrestrict']);
    // every line number points at the statement's text in the file
    const lines = fixture('pg-dump.sql').toString('utf8').split('\n');
    for (const item of items) {
      const first = item.kind === 'meta' ? item.text : item.sql.split('\n')[0];
      expect(lines[item.line - 1]).toContain(first);
    }
  });

  test('a huge statement spanning many chunks is read once it is complete', () => {
    const big = `INSERT INTO t VALUES ('${'x'.repeat(300_000)}');\nSELECT 2;\n`;
    expect(sqls(readPg(Buffer.from(big), 1000)).map((s) => s.length)).toEqual([big.indexOf('\n'), 'SELECT 2;'.length]);
  });
});

describe('MysqlScriptReader', () => {
  test('statements without their delimiter; comments before them left out; lines of their first character', () => {
    expect(my('SELECT 1;\n# hash; comment\n-- dash; comment\n/* block; */ SELECT\n 2 ;\nSELECT 3')).toEqual([
      { kind: 'sql', sql: 'SELECT 1', line: 1, alone: false },
      { kind: 'sql', sql: 'SELECT\n 2', line: 4, alone: false },
      { kind: 'sql', sql: 'SELECT 3', line: 6, alone: false },
    ]);
  });

  test('delimiters inside quotes, escapes and doubled quotes; executable comments are statement text', () => {
    const script = [
      "INSERT INTO `a;b` VALUES ('it\\'s; ok', \"x;\"\"y\", 'two''s;')",
      '/*!40101 SET NAMES utf8mb4 */',
      "SELECT 1--1, 'not -- a comment'",
    ];
    expect(sqls(my(script.map((s) => `${s};`).join('\n')))).toEqual(script);
  });

  test('DELIMITER lines change the delimiter; statements ended by another one go alone', () => {
    const items = my(
      'DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN\n  SET NEW.a = 1;\nEND ;;\ndelimiter ;\nSELECT 1;\n',
    );
    expect(items).toEqual([
      {
        kind: 'sql',
        sql: 'CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN\n  SET NEW.a = 1;\nEND',
        line: 2,
        alone: true,
      },
      { kind: 'sql', sql: 'SELECT 1', line: 6, alone: false },
    ]);
  });

  test('a DELIMITER line takes effect at once, whatever follows it on the next lines', () => {
    expect(sqls(my('DELIMITER $$\nSELECT 1$$ SELECT 2 $$\nDELIMITER ;\nSELECT 3;\n'))).toEqual([
      'SELECT 1',
      'SELECT 2',
      'SELECT 3',
    ]);
  });

  test('cuts the mysql client recordings as the migration splitter does (one lexer for both)', () => {
    for (const name of ['client-delimiters', 'client-quoting', 'client-mysqldump']) {
      const input = readFileSync(fileURLToPath(new URL(`../__fixtures__/split/mysql/${name}.sql`, import.meta.url)));
      expect(sqls(readMysql(input))).toEqual(splitMysql(input.toString('utf8')).map((s) => s.sql));
    }
  });

  test("MariaDB's sandbox-mode line is a client command, not a statement", () => {
    expect(my('/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump\n/*!40101 SET NAMES utf8mb4 */;\n')).toEqual([
      { kind: 'meta', text: '/*M!999999\\- enable the sandbox mode */', line: 1 },
      { kind: 'sql', sql: '/*!40101 SET NAMES utf8mb4 */', line: 3, alone: false },
    ]);
  });

  test('raw bytes that are not UTF-8 (a BLOB as mysqldump writes it) pass through unchanged', () => {
    const bytes = Buffer.concat([
      Buffer.from("INSERT INTO b VALUES ('"),
      Buffer.from([0x00, 0xff, 0xe9, 0x5c, 0x27, 0x80]),
      Buffer.from("');\n"),
    ]);
    const reader = new MysqlScriptReader();
    reader.push(bytes);
    reader.end();
    const item = reader.next();
    expect(item?.kind).toBe('sql');
    expect(Buffer.from(item?.kind === 'sql' ? item.text : '', 'latin1')).toEqual(bytes.subarray(0, bytes.length - 2));
  });

  test('mariadb-dump output reads the same in chunks of any size', () => {
    const input = fixture('mysql-dump.sql');
    const whole = readMysql(input);
    expect(
      whole.filter((i) => i.kind === 'sql' && i.alone).map((i) => (i.kind === 'sql' ? i.sql.slice(0, 40) : '')),
    ).toEqual(['/*!50003 CREATE*/ /*!50017 DEFINER=`root', 'CREATE DEFINER=`root`@`127.0.0.1` PROCED']);
    expect(sqls(whole).filter((s) => s.startsWith('INSERT INTO `orders`'))).toHaveLength(5);
    for (const size of [1, 2, 3, 7, 64, 1000, 4096]) expect(readMysql(input, size)).toEqual(whole);
    const lines = input.toString('latin1').split('\n');
    for (const item of whole) {
      const first = (item.kind === 'meta' ? item.text : Buffer.from(item.sql).toString('latin1')).split(
        '\n',
      )[0] as string;
      expect(lines[item.line - 1]).toContain(first);
    }
  });

  test('a statement spanning many chunks is joined once', () => {
    const big = `INSERT INTO t VALUES ${Array.from({ length: 20000 }, (_, i) => `(${i},'row ${i}')`).join(',\n')};\nSELECT 2;\n`;
    expect(sqls(readMysql(Buffer.from(big), 999))).toEqual([big.slice(0, big.indexOf(';\nSELECT')), 'SELECT 2']);
  });
});
