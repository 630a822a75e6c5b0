/**
 * Documents rendered once with a stand-in for the artifact's address read, once it is filled
 * in, as if rendered with the real address (or with none).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Report, ReportSchema } from '../src/report/model.js';
import { type RenderContext, renderReport, withArtifactLink } from '../src/report/render/index.js';

const RUN_URL = 'https://github.com/acme/shop/actions/runs/8123456789';
const REAL = `${RUN_URL}/artifacts/2718281828`;
const STAND_IN = `${RUN_URL}/artifacts/1234567890123456`;
const ctx: RenderContext = { commentKey: 'main', runUrl: RUN_URL };

function loadReport(name: string): Report {
  return ReportSchema.parse(JSON.parse(fs.readFileSync(path.resolve(`__fixtures__/reports/${name}.json`), 'utf8')));
}

/** The realistic report with a migration of many long queries: every artifact link shows. */
function withManyQueries(): Report {
  const report = loadReport('realistic');
  const run = report.migrations.find((m) => m.id === '5_backfill_orders_status')!;
  run.queries = Array.from({ length: 14 }, (_, i) => ({
    sql: `UPDATE orders SET status = $1 WHERE id BETWEEN $2 AND $3 /* batch ${i} */ ${'AND note <> $4 '.repeat(600)}`,
    calls: 1,
    totalMs: 100 + i,
    meanMs: 100 + i,
    maxMs: 100 + i,
    rows: 1000,
  }));
  return ReportSchema.parse(report);
}

const reports: Array<[string, () => Report]> = [
  ['realistic', () => loadReport('realistic')],
  ['rollback', () => loadReport('rollback')],
  ['many long queries', withManyQueries],
];

describe.each(reports)('%s report', (_name, load) => {
  const report = load();
  const rendered = renderReport(report, { ...ctx, artifactUrl: STAND_IN });

  test('filled with the address: as rendered with it', () => {
    expect(withArtifactLink(rendered, STAND_IN, REAL)).toEqual(renderReport(report, { ...ctx, artifactUrl: REAL }));
  });

  test('filled with null: as rendered without an address', () => {
    expect(withArtifactLink(rendered, STAND_IN, null)).toEqual(renderReport(report, { ...ctx, artifactUrl: null }));
  });

  test('no stand-in is left', () => {
    const filled = withArtifactLink(rendered, STAND_IN, REAL);
    expect(`${filled.comment}${filled.summary}`).not.toContain('1234567890123456');
  });
});

test('the long queries reach the artifact links beyond the result line', () => {
  const { comment, summary } = renderReport(withManyQueries(), { ...ctx, artifactUrl: REAL });
  expect(comment).toContain(`more queries in the [artifact](${REAL}).`);
  expect(comment).toContain(`and the [artifact](${REAL}).`);
  expect(summary).toContain(`more queries in the [artifact](${REAL}).`);
});

test('an address that cannot be a link leaves the documents as they are', () => {
  const report = loadReport('realistic');
  const rendered = renderReport(report, { ...ctx, artifactUrl: 'javascript:alert(1)' });
  expect(withArtifactLink(rendered, 'javascript:alert(1)', REAL)).toEqual(rendered);
});
