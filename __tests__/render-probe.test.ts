import fs from 'node:fs';
import path from 'node:path';
import { type Report, ReportSchema } from '../src/report/model.js';
import { progressLine } from '../src/report/progress.js';
import { renderSummary } from '../src/report/render/index.js';

const report = (): Report =>
  ReportSchema.parse(JSON.parse(fs.readFileSync(path.resolve('__fixtures__/reports/realistic.json'), 'utf8')));

function withObservations(): Report {
  const r = report();
  const run = r.migrations.find((m) => m.phase === 'new' && m.status === 'succeeded' && m.durationMs !== null)!;
  run.blocking = [
    { relation: 'public.users', readsBlockedMs: 4200, writesBlockedMs: 4300 },
    { relation: 'public.<script>', readsBlockedMs: 0, writesBlockedMs: 0 },
  ];
  run.messages = [
    { statementIndex: 1, line: 7, severity: 'warning', code: '1264', message: "Out of range value for column 'v' <b>" },
    { statementIndex: 2, line: 9, severity: 'notice', code: '00000', message: 'hello', hint: 'a *hint*' },
  ];
  run.messagesOmitted = 3;
  return ReportSchema.parse(r);
}

describe('blocked traffic and server messages where people look', () => {
  test("the comment's details name the blocked traffic and messages, escaped, and the summary line the worst", () => {
    const { markdown } = renderSummary(withObservations(), { commentKey: 'main' });
    expect(markdown).toContain(
      '- Blocked traffic (longest): public.users reads 4.20 s, writes 4.30 s; public.&lt;script&gt; not blocked',
    );
    expect(markdown).toContain("- Server warning 1264 at line 7: Out of range value for column 'v' &lt;b&gt;");
    expect(markdown).toContain('- Server notice 00000 at line 9: hello (hint: a &#42;hint&#42;)');
    expect(markdown).toContain('- 3 more server messages in the report and the log');
    expect(markdown).toContain('writes to public.users blocked 4.30 s');
    expect(markdown).not.toContain('<script>');
  });

  test('the console lists blocked tables and messages under the migration', () => {
    const run = withObservations().migrations.find((m) => m.blocking)!;
    const line = progressLine(run);
    expect(line).toContain('public.users: reads blocked 4.20 s, writes blocked 4.30 s');
    expect(line).not.toContain('public.<script>:');
    expect(line).toContain(`${run.file}:7: warning 1264: Out of range value`);
    expect(line).toContain('… 3 more server messages');
  });
});
