/**
 * Golden files: the rendered comment and summary of the fixture reports, byte for byte.
 * `UPDATE_GOLDEN=1` rewrites them; review the diff as a reviewer on GitHub would see it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Report, ReportSchema } from '../src/report/model.js';
import { type RenderContext, renderComment, renderRunningComment, renderSummary } from '../src/report/render/index.js';

const REPORTS = path.resolve('__fixtures__/reports');
const GOLDEN = path.resolve('__fixtures__/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const ctx: RenderContext = {
  commentKey: 'main',
  runUrl: 'https://github.com/acme/shop/actions/runs/8123456789',
  artifactUrl: 'https://github.com/acme/shop/actions/runs/8123456789/artifacts/2718281828',
  dataSet: 'db/seed/*.sql (3 files), then 50,000 users and 200,000 orders of synthetic rows',
};

function loadReport(name: string): Report {
  return ReportSchema.parse(JSON.parse(fs.readFileSync(path.join(REPORTS, `${name}.json`), 'utf8')));
}

function expectGolden(file: string, actual: string): void {
  const target = path.join(GOLDEN, file);
  if (UPDATE || !fs.existsSync(target)) {
    if (!UPDATE) throw new Error(`${target} is missing: run with UPDATE_GOLDEN=1 to write it`);
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(target, actual);
    return;
  }
  expect(actual).toBe(fs.readFileSync(target, 'utf8'));
}

const fixtures = fs
  .readdirSync(REPORTS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

test('the fixture reports are there', () => {
  expect(fixtures).toEqual(expect.arrayContaining(['realistic', 'rollback']));
});

describe.each(fixtures)('%s report', (name) => {
  test('is a valid report', () => {
    expect(() => loadReport(name)).not.toThrow();
  });

  test('comment matches the golden file, nothing omitted', () => {
    const { markdown, omitted } = renderComment(loadReport(name), ctx);
    expect(omitted).toEqual([]);
    expect(markdown).not.toContain('[!NOTE]');
    expectGolden(`${name}.comment.md`, markdown);
  });

  test('summary matches the golden file, nothing omitted', () => {
    const { markdown, omitted } = renderSummary(loadReport(name), ctx);
    expect(omitted).toEqual([]);
    expect(markdown).not.toContain('migration-test:comment-key');
    expectGolden(`${name}.summary.md`, markdown);
  });

  test('rendering is deterministic', () => {
    const report = loadReport(name);
    expect(renderComment(report, ctx).markdown).toBe(renderComment(structuredClone(report), ctx).markdown);
  });
});

describe('realistic comment content', () => {
  const report = loadReport('realistic');
  const md = renderComment(report, ctx).markdown;
  const lines = md.split('\n');

  test('opens with the marker and a heading naming engine, version and label', () => {
    expect(lines[0]).toBe('<!-- migration-test:comment-key=main -->');
    expect(lines[1]).toBe('### Database migrations: PostgreSQL 16.2 (main)');
  });

  test('one result line with counts, totals and links', () => {
    const result = lines.find((l) => l.startsWith('💥'));
    expect(result).toContain('5 new migrations: 2 succeeded, 1 failed, 2 skipped');
    expect(result).toContain('8.31 s in total');
    expect(result).toContain('DB size +16 MB');
    expect(result).toContain(`[workflow run](${ctx.runUrl})`);
    expect(result).toContain(`[artifact](${ctx.artifactUrl})`);
  });

  test('findings: errors first, then warnings, then notices', () => {
    const icons = lines.filter((l) => /^\| (❌|⚠️|ℹ️) \|/.test(l)).map((l) => l.split(' | ')[0]);
    expect(icons).toEqual(['| ❌', '| ⚠️', '| ⚠️', '| ℹ️', '| ℹ️']);
  });

  test('the migrations table lists the new migrations only, numbers right-aligned', () => {
    expect(md).toContain(
      '| Migration | Type | Duration | Result | DB size change | Rows read | Rows changed |\n|---|---|---:|---|---:|---:|---:|',
    );
    const rows = lines.filter((l) => /^\| \d+ \w+ \| (Regular|Post-deploy) \|/.test(l));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual([
      '| 4 add_users_email_index',
      '| 5 backfill_orders_status',
      '| 6 add_orders_status_check',
      '| 7 drop_legacy_columns',
      '| 8 create_audit_log',
    ]);
  });

  test('the failed migration shows its error in a code block', () => {
    expect(md).toContain(
      '**Error** (code `23514`, line 4, statement 2):\n\n```text\ncheck constraint "orders_status_check" of relation "orders" is violated by some row\n```',
    );
  });

  test('base migrations are collapsed with count and total time', () => {
    expect(md).toContain('<details><summary>3 base migrations applied first · 71 ms</summary>');
  });

  test('only normalized SQL from queries[] appears', () => {
    const sqlCells = lines.filter((l) => l.startsWith('| `')).map((l) => l.slice(3, l.indexOf('` |')));
    const known = new Set(report.migrations.flatMap((m) => m.queries.map((q) => q.sql)));
    expect(sqlCells.length).toBeGreaterThan(0);
    for (const sql of sqlCells) expect(known.has(sql)).toBe(true);
  });

  test('the rollback fixture names phase and direction', () => {
    const rollback = renderComment(loadReport('rollback'), ctx).markdown;
    expect(rollback).toContain('| 20250312161500 backfill_categories (rollback, down) |');
    expect(rollback).toContain('| 20250310083000 add_products_category (re-apply, up) |');
    expect(rollback).toContain('rollback cycle: 2 down, 2 up again');
  });
});

test('running comment matches the golden file', () => {
  const md = renderRunningComment({ ...ctx, engine: 'postgres', label: 'main' });
  expect(md.split('\n')[0]).toBe('<!-- migration-test:comment-key=main -->');
  expect(md).toContain(ctx.runUrl!);
  expectGolden('running.comment.md', md);
});

test('running comment without engine, label or run link', () => {
  expect(renderRunningComment({ commentKey: 'k' })).toBe(
    '<!-- migration-test:comment-key=k -->\n### Database migrations\n\n⏳ Running the migrations…\n\nThis comment is updated with the results when the run finishes.\n',
  );
});
