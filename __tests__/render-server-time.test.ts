import fs from 'node:fs';
import path from 'node:path';
import { type Report, ReportSchema } from '../src/report/model.js';
import { renderSummary } from '../src/report/render/index.js';
import { runTime } from '../src/report/render/run-time.js';

const report = (): Report =>
  ReportSchema.parse(JSON.parse(fs.readFileSync(path.resolve('__fixtures__/reports/realistic.json'), 'utf8')));

describe("a run's server-side time beside its time", () => {
  test('shown where the server gave one, and only there', () => {
    const r = report();
    const run = r.migrations.find((m) => m.phase === 'new' && m.status === 'succeeded' && m.durationMs !== null)!;
    expect(runTime({ ...run, durationMs: 68.2, serverMs: 59.4 })).toBe('68 ms (server 59 ms)');
    expect(runTime({ ...run, durationMs: 68.2, serverMs: null })).toBe('68 ms');
    expect(runTime({ ...run, durationMs: 68.2 })).toBe('68 ms');
  });

  test("in the migrations table and in the run's details", () => {
    const r = report();
    const run = r.migrations.find((m) => m.phase === 'new' && m.status === 'succeeded' && m.durationMs !== null)!;
    run.durationMs = 4321;
    run.serverMs = 1234;
    const { markdown } = renderSummary(r, { commentKey: 'main' });
    expect(markdown).toContain('| 4.32 s (server 1.23 s) |');
    expect(markdown).toContain('- Duration: 4.32 s (server 1.23 s)');
  });
});

describe("the tool's bookkeeping, apart from the migration's numbers", () => {
  test("a run's details name the table and the writes; a table name with markup stays code", () => {
    const r = report();
    const run = r.migrations.find((m) => m.phase === 'new' && m.status === 'succeeded')!;
    run.bookkeeping = { table: 'schema_migrations', statements: 4, durationMs: 2.5 };
    const { markdown } = renderSummary(r, { commentKey: 'main' });
    expect(markdown).toContain("- The tool's bookkeeping: 4 writes to `schema_migrations`, 2.5 ms (not counted above)");
    run.bookkeeping = { table: 'x`<img src=x>', statements: 1, durationMs: 1 };
    // Inside a code span whose fence is longer than any backtick run in the name: shown, never parsed.
    expect(renderSummary(r, { commentKey: 'main' }).markdown).toContain('1 write to ``x`<img src=x>``, 1.0 ms');
  });
});
