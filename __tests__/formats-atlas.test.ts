import { createHash } from 'node:crypto';
import { discoverMigrations } from '../src/migrations/discover.js';
import { atlas, atlasDirectives, fileComments } from '../src/migrations/formats/atlas.js';
import { atlasHashFile, atlasSum, formatAtlasSum, parseAtlasSum } from '../src/migrations/formats/atlas-sum.js';
import { MigrationSourceError, UsageError } from '../src/util/errors.js';
import { useTempCwd } from './helpers/temp-cwd.js';

const tmp = useTempCwd('mt-atlas-');

const discover = (format: 'atlas' | 'auto' = 'atlas') =>
  discoverMigrations({ dir: 'migrations', format, dialect: 'postgres', cwd: tmp.cwd });

// A real directory and the atlas.sum `atlas migrate hash` wrote for it: ariga/atlas,
// atlasexec/testdata/migrations (commit a5e0aecc2bb64143bf522734f8ad88e04885fca6).
const ATLASEXEC = {
  '20230727105553_init.sql': 'CREATE TABLE t1 ( c1 int );\n',
  '20230727105615_t2.sql': 'CREATE TABLE t2 ( c1 int, c2 text );\n',
  '20230926085734_destructive-change.sql': 'DROP TABLE t2;\n',
};
const ATLASEXEC_SUM = [
  'h1:hnQZfRcN6sV+y+0YePtkLazMy+Ty3lhyGv69ixeYoXc=',
  '20230727105553_init.sql h1:jxgvnWO6tZD3lSPpH1ao5E/6VjapP7iwvBCUJ6aez58=',
  '20230727105615_t2.sql h1:UvzeoFxe90Y/7b21ziwg6pPzWJQSV7LeYwJl8J63lMU=',
  '20230926085734_destructive-change.sql h1:Gf/bSvUkfqHr/MEXKCxdGu2YvG8zwe4ER5TW8T/laA0=',
  '',
].join('\n');

/** The files in Atlas's order (names as bytes). */
const inputs = (files: Record<string, string>) =>
  Object.entries(files)
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([name, text]) => ({ name, text }));

/** The documented algorithm, written here on its own: one running SHA-256 over name, content, name, content… */
function expectedSumFile(files: Record<string, string>): string {
  const running = createHash('sha256');
  const lines: Array<[string, string]> = [];
  for (const [name, text] of Object.entries(files)) {
    running.update(Buffer.from(name));
    running.update(Buffer.from(text));
    lines.push([name, running.copy().digest('base64')]);
  }
  const total = createHash('sha256');
  for (const [name, hash] of lines) total.update(name + hash);
  return `h1:${total.digest('base64')}\n${lines.map(([n, h]) => `${n} h1:${h}\n`).join('')}`;
}

function withSum(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) out[`migrations/${name}`] = text;
  out['migrations/atlas.sum'] = formatAtlasSum(atlasHashFile(inputs(files)));
  return out;
}

describe('atlas.sum', () => {
  test('reproduces the atlas.sum Atlas wrote for a real directory', () => {
    expect(formatAtlasSum(atlasHashFile(inputs(ATLASEXEC)))).toBe(ATLASEXEC_SUM);
    expect(parseAtlasSum(ATLASEXEC_SUM)).toEqual({ ok: true, entries: atlasHashFile(inputs(ATLASEXEC)) });
  });

  test('hashes names and contents cumulatively, as derived independently', () => {
    const files = { '1_a.sql': 'create table a (id int);\n', '2_b.sql': 'select 1;\r\nselect 2;\n', 'é_c.sql': '' };
    expect(formatAtlasSum(atlasHashFile(inputs(files)))).toBe(expectedSumFile(files));
  });

  test('a file saved with a byte-order mark (which our reader drops) matches the hash Atlas took of its bytes', () => {
    const bytes = '\uFEFFselect 1;\n';
    const recorded = atlasHashFile([
      { name: '1.sql', text: bytes },
      { name: '2.sql', text: 'select 2;\n' },
    ]);
    const read = [
      { name: '1.sql', text: 'select 1;\n' },
      { name: '2.sql', text: 'select 2;\n' },
    ];
    expect(atlasHashFile(read, new Map(recorded.map((e) => [e.name, e.hash])))).toEqual(recorded);
    expect(atlasHashFile(read)).not.toEqual(recorded);
  });

  test('a file with `atlas:sum ignore` on its first line adds its name only', () => {
    const entries = atlasHashFile(inputs({ '1.sql': '-- atlas:sum ignore\nselect 1;\n', '2.sql': 'select 2;\n' }));
    const h = createHash('sha256').update('1.sql').update('2.sql').update('select 2;\n');
    expect(entries).toEqual([{ name: '2.sql', hash: h.digest('base64') }]);
  });

  test('a first line that is not the sum of the lines, and a line without h1:, are reported', () => {
    expect(parseAtlasSum(ATLASEXEC_SUM.replace('h1:hnQ', 'h1:xnQ'))).toEqual({
      ok: false,
      problem: 'checksum mismatch (line 1: the sum of the file is not the sum of its lines)',
    });
    expect(parseAtlasSum(`h1:${atlasSum([])}\nfoo.sql\n`)).toEqual({
      ok: false,
      problem: 'checksum file format invalid (line 2: no h1: hash)',
    });
  });
});

describe('directory', () => {
  test('every top-level .sql file in byte order of names, version up to the first _', async () => {
    const files = { ...ATLASEXEC, '1_y.sql': 'select 0;\n', '10_x.sql': 'select 0;\n', 'B.sql': 'select 1;\n' };
    await tmp.write(withSum(files));
    const set = await discover();
    expect(set.problems).toBeUndefined();
    expect(set.migrations.map((m) => [m.id, m.version, m.name, m.up.transaction, m.down])).toEqual([
      // Atlas sorts names, not versions: "10_x" comes before "1_y" ('0' < '_').
      ['10_x', '10', 'x', 'transaction', null],
      ['1_y', '1', 'y', 'transaction', null],
      ['20230727105553_init', '20230727105553', 'init', 'transaction', null],
      ['20230727105615_t2', '20230727105615', 't2', 'transaction', null],
      ['20230926085734_destructive-change', '20230926085734', 'destructive-change', 'transaction', null],
      ['B', 'B', '', 'transaction', null],
    ]);
    // The revision's hash is the file's line of atlas.sum (the running hash after it).
    const line = atlasHashFile(inputs(files)).find((e) => e.name === '20230727105553_init.sql');
    expect(set.migrations[2]?.extra?.hash).toBe(line?.hash);
  });

  test('auto detection takes the directory holding atlas.sum', async () => {
    await tmp.write(withSum(ATLASEXEC));
    expect((await discover('auto')).format).toBe('atlas');
  });

  test('an edited, an added and a removed file are checksum errors naming the file, the run goes on', async () => {
    await tmp.write({ ...withSum(ATLASEXEC), 'migrations/20230727105615_t2.sql': 'CREATE TABLE t2 (c1 int);\n' });
    const edited = await discover();
    expect(edited.migrations).toHaveLength(3);
    expect(edited.problems).toEqual([
      {
        severity: 'error',
        rule: 'checksum',
        migration: '20230727105615_t2',
        message:
          "migrations/atlas.sum:3: checksum mismatch: 20230727105615_t2.sql was edited; run 'atlas migrate hash' to re-hash the contents",
      },
    ]);
  });

  test('a file missing from atlas.sum is added, one listed but gone is removed', async () => {
    await tmp.write({ ...withSum(ATLASEXEC), 'migrations/20230801000000_new.sql': 'select 1;\n' });
    expect((await discover()).problems?.[0]?.message).toBe(
      "migrations/atlas.sum:4: checksum mismatch: 20230801000000_new.sql was added; run 'atlas migrate hash' to re-hash the contents",
    );
    await tmp.write({ 'migrations/atlas.sum': ATLASEXEC_SUM.replace('20230727105615_t2.sql', '20230727105600_x.sql') });
    const removed = await discover();
    expect(removed.problems?.[0]).toMatchObject({ migration: null });
    expect(removed.problems?.[0]?.message).toMatch(/^migrations\/atlas\.sum: checksum mismatch \(line 1/);
  });

  test('a listed file that is gone is reported as removed', async () => {
    const files = { ...ATLASEXEC };
    await tmp.write(withSum(files));
    const { rm } = await import('node:fs/promises');
    await rm(`${tmp.cwd}/migrations/20230727105615_t2.sql`);
    expect((await discover()).problems).toEqual([
      {
        severity: 'error',
        rule: 'checksum',
        migration: null,
        message:
          "migrations/atlas.sum:3: checksum mismatch: 20230727105615_t2.sql was removed; run 'atlas migrate hash' to re-hash the contents",
      },
    ]);
  });

  test('without atlas.sum (--format atlas) the missing sum is a checksum error', async () => {
    await tmp.write({ 'migrations/1_a.sql': 'select 1;\n' });
    expect((await discover()).problems).toEqual([
      {
        severity: 'error',
        rule: 'checksum',
        migration: null,
        message: "migrations: checksum file not found (atlas.sum); run 'atlas migrate hash'",
      },
    ]);
  });

  test('on a new database Atlas starts at the last checkpoint file', async () => {
    await tmp.write(
      withSum({ '1_a.sql': 'select 1;\n', '2_ck.sql': '-- atlas:checkpoint\n\nselect 2;\n', '3_c.sql': 'select 3;\n' }),
    );
    expect((await discover()).migrations.map((m) => m.id)).toEqual(['2_ck', '3_c']);
  });

  test('refused: golang-migrate down files, two files of one version, a sum-ignored file', async () => {
    await tmp.write(withSum({ '1_a.up.sql': 'select 1;\n', '1_a.down.sql': 'select 2;\n' }));
    await expect(discover()).rejects.toThrow(
      "migrations/1_a.down.sql: a golang-migrate down file beside atlas.sum: Atlas's own directory format would run it as a migration; for a directory Atlas reads with ?format=golang-migrate, pass --format golang-migrate",
    );
  });

  test('refused: two files of one version', async () => {
    await tmp.write(withSum({ '1_a.sql': 'select 1;\n', '1_b.sql': 'select 2;\n' }));
    await expect(discover()).rejects.toThrow(
      'two atlas migrations with version 1: migrations/1_a.sql and migrations/1_b.sql; rename or remove one',
    );
  });

  test('refused: a file left out of atlas.sum by atlas:sum ignore', async () => {
    await tmp.write(withSum({ '1_a.sql': '-- atlas:sum ignore\nselect 1;\n' }));
    await expect(discover()).rejects.toThrow(
      'migrations/1_a.sql:1: atlas:sum ignore: atlas migrate apply cannot run a file left out of atlas.sum (checksum not found)',
    );
  });
});

describe('directives', () => {
  test('txmode none, a file directive: comment lines at the top followed by an empty line', () => {
    expect(atlasDirectives('-- atlas:txmode none\n\ncreate index concurrently i on t (c);\n', 'm/1.sql')).toEqual({
      transaction: 'none',
      checkpoint: false,
    });
    expect(atlasDirectives('-- atlas:txmode file\n\nselect 1;\n', 'm/1.sql').transaction).toBe('transaction');
    // Attached to the first statement (no empty line), it is no file directive: Atlas ignores it.
    expect(atlasDirectives('-- atlas:txmode none\nselect 1;\n', 'm/1.sql').transaction).toBe('transaction');
    expect(fileComments('-- a\n# b\n\nselect 1;')).toEqual(['-- a', '# b']);
    expect(fileComments('-- a\nselect 1;')).toEqual([]);
    expect(atlasDirectives('-- atlas:nolint\n-- atlas:txmode none\n', 'm/1.sql').transaction).toBe('none');
  });

  test.each([
    [
      '-- atlas:txmode all\n\nselect 1;',
      'm/1.sql:1: txmode "all" is not allowed in file directive "1.sql". Use "file" instead',
    ],
    ['-- atlas:txmode off\n\nselect 1;', 'm/1.sql:1: unknown txmode "off" found in file directive "1.sql"'],
    [
      '-- atlas:txmode none\n-- atlas:txmode file\n\nselect 1;',
      'm/1.sql:2: multiple txmode values found in file "1.sql": ["none" "file"]',
    ],
    [
      '-- atlas:delimiter -- end\n\nselect 1\n-- end\n',
      'm/1.sql:1: -- atlas:delimiter -- end: statements cut at a custom delimiter are not supported by migration-test; use ; (or a DELIMITER command on MySQL)',
    ],
  ])('%j is refused', (text, message) => {
    expect(() => atlasDirectives(text, 'm/1.sql')).toThrow(new MigrationSourceError(message));
  });
});

describe('bookkeeping', () => {
  test('atlas_schema_revisions in its own schema on PostgreSQL, in the connected database on MySQL', () => {
    const books = atlas.bookkeeping?.({});
    expect(books?.tables).toEqual(['atlas_schema_revisions']);
    expect(books?.setup('postgres')).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "atlas_schema_revisions"',
      expect.stringMatching(
        /^CREATE TABLE IF NOT EXISTS "atlas_schema_revisions"\."atlas_schema_revisions" \("version" character varying NOT NULL, /,
      ),
    ]);
    expect(books?.setup('mysql')).toEqual([
      expect.stringMatching(
        /^CREATE TABLE IF NOT EXISTS `atlas_schema_revisions` \(`version` varchar\(255\) NOT NULL, .* CHARSET utf8mb4 COLLATE utf8mb4_bin$/,
      ),
    ]);
    expect(books?.recordInTransaction).toBe(true);
  });

  test('--migrations-table is --revisions-schema: a schema name', () => {
    const books = atlas.bookkeeping?.({ table: 'ops' });
    expect(books?.tables).toEqual(['ops.atlas_schema_revisions']);
    expect(books?.setup('mysql')[0]).toBe('CREATE DATABASE IF NOT EXISTS `ops`');
    expect(() => atlas.bookkeeping?.({ table: 'a.b' })).toThrow(UsageError);
  });

  test('--new-from takes an atlas version', () => {
    expect(atlas.parseNewFrom(' 20240101 ')).toBe('20240101');
    expect(() => atlas.parseNewFrom('1_a')).toThrow(UsageError);
    expect(atlas.compareVersions('10', '9')).toBeLessThan(0);
  });
});
