import { loadPostgresParser } from '../src/migrations/split/postgres.js';
import { normalizePostgres } from '../src/migrations/split/postgres-normalize.js';
import { OTHER_QUERIES, QueryStatsBuilder } from '../src/runner/query-stats.js';

beforeAll(async () => {
  await loadPostgresParser();
});

describe('a DO block is grouped and shown by its body, literals hidden', () => {
  test.each([
    [
      "DO $$\nBEGIN\n  UPDATE t SET a = 5 WHERE b = 'x';\nEND\n$$",
      'DO $$ BEGIN UPDATE t SET a = ? WHERE b = ?; END $$',
    ],
    ['do $body$ BEGIN PERFORM pg_sleep(0.2); END $body$', 'DO $$ BEGIN PERFORM pg_sleep(?); END $$'],
    [
      "DO LANGUAGE plpgsql $$ BEGIN RAISE NOTICE '%', 42; END $$",
      'DO LANGUAGE PLPGSQL $$ BEGIN RAISE NOTICE ?, ?; END $$',
    ],
    ['DO $$ BEGIN NULL; END $$ LANGUAGE plpgsql', 'DO LANGUAGE PLPGSQL $$ BEGIN NULL; END $$'],
    // Quoted strings and dollar quotes inside the body are literals too; comments go.
    ["DO $$ BEGIN -- secret 's3'\n EXECUTE $q$ DROP TABLE x $q$; END $$", 'DO $$ BEGIN EXECUTE ?; END $$'],
  ])('%j', (sql, shown) => {
    expect(normalizePostgres(sql)).toBe(shown);
  });

  test("two blocks with different bodies are two groups; a block in '…' is not unpicked", () => {
    expect(normalizePostgres('DO $$ BEGIN NULL; END $$')).not.toBe(normalizePostgres('DO $$ BEGIN PERFORM 1; END $$'));
    expect(normalizePostgres("DO 'BEGIN NULL; END'")).toBe('DO $1');
  });

  test('statements that only start like DO are normalized as before', () => {
    expect(normalizePostgres("SELECT 'DO $$ x $$'")).toBe('SELECT $1');
    expect(normalizePostgres('DO $$ BEGIN NULL; END $$ LANGUAGE plpgsql STRICT')).toBe('DO ? LANGUAGE plpgsql STRICT');
  });
});

describe('QueryStatsBuilder keeps the line of each group’s first statement', () => {
  test('first occurrence wins; the overflow group has none', () => {
    const b = new QueryStatsBuilder(2);
    b.add('SELECT $1', 1, 1, 7);
    b.add('SELECT $1', 5, 1, 3);
    b.add('UPDATE t SET a = $1', 2, 0, 9);
    b.add('DELETE FROM t', 1, 0, 12);
    b.add('no line', 1, null);
    const byText = new Map(b.toJSON().map((q) => [q.sql, q]));
    expect(byText.get('SELECT $1')?.line).toBe(7);
    expect(byText.get('UPDATE t SET a = $1')?.line).toBe(9);
    expect(byText.get(OTHER_QUERIES)).toMatchObject({ calls: 2 });
    expect(byText.get(OTHER_QUERIES)).not.toHaveProperty('line');
  });
});
