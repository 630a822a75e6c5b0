/** Text from a migration or the server printed in a CI log must not become a workflow command. */
import { progressLine } from '../src/report/progress.js';
import type { MigrationRun } from '../src/report/model.js';
import { logSafe } from '../src/util/text.js';

const COMMAND_LINE = /^\s*::/m;

test('workflow commands at a line start, after whitespace, and the old ##[ form are made inert', () => {
  const hostile = 'x\n::add-mask::secret\n      ::error file=README.md,line=1::pwned\nok ##[warning]old form';
  const safe = logSafe(hostile);
  expect(safe).not.toMatch(COMMAND_LINE);
  expect(safe).not.toContain('##[');
  // Still readable: only zero-width spaces were added.
  expect(safe.replace(/\u200b/g, '')).toBe(hostile);
  expect(logSafe('a :: b')).toBe('a :: b');
});

test("a migration's DETAIL on a line of its own in the progress output is inert", () => {
  const run = {
    id: '2_x',
    version: '2',
    name: 'x',
    file: 'db/V2__x.sql',
    phase: 'new',
    direction: 'up',
    type: 'regular',
    status: 'failed',
    transactional: true,
    durationMs: 1,
    sizeBeforeBytes: null,
    sizeAfterBytes: null,
    sizeDeltaBytes: null,
    counters: { rowsRead: null, rowsInserted: null, rowsUpdated: null, rowsDeleted: null, rowsChanged: null, raw: {} },
    statements: 1,
    queries: [],
    histogram: { bucketsMs: [10], counts: [1, 0] },
    error: {
      message: 'boom',
      code: 'P0001',
      line: 1,
      statementIndex: 0,
      detail: 'a\n::error file=README.md,line=1::forged',
    },
    logFile: null,
  } satisfies MigrationRun;
  const line = progressLine(run);
  expect(line).toContain('forged');
  expect(line).not.toMatch(COMMAND_LINE);
});
