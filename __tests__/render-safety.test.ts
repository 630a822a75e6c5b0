/**
 * Hostile input and size budgets. Report text comes from the pull request (file names, SQL,
 * error messages), so the rendered Markdown is checked structurally: table column counts,
 * balanced <details>, no raw HTML, mentions or links outside code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type MigrationRun, type QueryStat, type Report, ReportSchema } from '../src/report/model.js';
import { type Rendered, byteLength, DETAIL_LADDER, fitWithin } from '../src/report/render/budget.js';
import { renderDocument } from '../src/report/render/document.js';
import {
  COMMENT_LIMIT_BYTES,
  type RenderContext,
  SUMMARY_LIMIT_BYTES,
  renderComment,
  renderSummary,
} from '../src/report/render/index.js';

const template = ReportSchema.parse(
  JSON.parse(fs.readFileSync(path.resolve('__fixtures__/reports/realistic.json'), 'utf8')),
);
const RUN_URL = 'https://github.com/acme/shop/actions/runs/1';
const ARTIFACT_URL = 'https://github.com/acme/shop/actions/runs/1/artifacts/2';

// --- a small Markdown structure reader, after the GFM rules the renderers rely on ------------

/** Cells of a table row as cmark-gfm splits them: a `|` right after a backslash is escaped. */
function cellCount(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') i++;
    else if (row[i] === '|') pipes++;
  }
  return pipes - 1;
}

/** The line with code spans removed (a run of n backticks closes on the next run of exactly n). */
function withoutCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = -1;
    for (let j = line.indexOf(fence, i + n); j !== -1; j = line.indexOf(fence, j + 1)) {
      if (line[j - 1] !== '`' && line[j + n] !== '`') {
        close = j;
        break;
      }
    }
    if (close === -1) {
      out += fence;
      i += n;
    } else {
      out += '<code/>';
      i = close + n;
    }
  }
  return out;
}

interface Structure {
  /** Everything outside code blocks and code spans. */
  prose: string;
  tables: Array<{ line: number; columns: number[] }>;
  detailsDepthNeverNegative: boolean;
  detailsBalance: number;
  fenceLeftOpen: boolean;
}

function readStructure(md: string): Structure {
  const lines = md.split('\n');
  let fence: string | null = null;
  let prose = '';
  const tables: Structure['tables'] = [];
  let inTable = false;
  let depth = 0;
  let neverNegative = true;
  lines.forEach((line, n) => {
    if (fence !== null) {
      if (new RegExp(`^${fence}\`*\\s*$`).test(line)) fence = null;
      return;
    }
    const open = /^(`{3,})/.exec(line);
    if (open) {
      fence = open[1]!;
      inTable = false;
      return;
    }
    if (line.startsWith('|')) {
      if (!inTable) tables.push({ line: n + 1, columns: [] });
      tables[tables.length - 1]!.columns.push(cellCount(line));
      inTable = true;
    } else inTable = false;
    const text = withoutCodeSpans(line);
    prose += `${text}\n`;
    depth += (text.match(/<details>/g) ?? []).length - (text.match(/<\/details>/g) ?? []).length;
    if (depth < 0) neverNegative = false;
  });
  return {
    prose,
    tables,
    detailsDepthNeverNegative: neverNegative,
    detailsBalance: depth,
    fenceLeftOpen: fence !== null,
  };
}

/** What must hold for any rendering of any report. */
function expectSafeStructure(md: string, audience: 'comment' | 'summary'): void {
  const s = readStructure(md);
  expect(s.fenceLeftOpen).toBe(false);
  expect(s.detailsBalance).toBe(0);
  expect(s.detailsDepthNeverNegative).toBe(true);
  for (const t of s.tables) {
    expect({ line: t.line, columns: t.columns.map(() => t.columns[0]) }).toEqual({ line: t.line, columns: t.columns });
  }
  // No HTML of the report's making: every tag in prose is one the renderers write.
  const tags = new Set(s.prose.match(/<\/?[a-z][^>]*>/gi) ?? []);
  for (const tag of tags) expect(['<details>', '</details>', '<summary>', '</summary>', '<code/>']).toContain(tag);
  expect(s.prose).not.toMatch(/<script/i);
  expect(s.prose.split('<!--').length - 1).toBe(audience === 'comment' ? 1 : 0);
  expect(s.prose.split('-->').length - 1).toBe(audience === 'comment' ? 1 : 0);
  expect(md.split('\n')[0]!.startsWith('<!-- migration-test:comment-key=')).toBe(audience === 'comment');
  // No mention, issue reference, math or foreign link.
  expect(s.prose).not.toMatch(/(^|[^\w\u200b])@octocat/);
  expect(s.prose).not.toMatch(/(^|[^&])#\d/);
  expect(s.prose).not.toMatch(/\$[^$\n]*\$/);
  for (const m of s.prose.matchAll(/\]\(([^)]*)\)/g)) expect(m[1]).toMatch(/^https:\/\/github\.com\/acme\//);
  expect(s.prose).not.toMatch(/https?:\/\/evil|www\.evil/);
}

// --- a hostile report -------------------------------------------------------------------------

const EVIL =
  'x|y</details><script>alert(1)</script>@octocat #123 [click](https://evil.example) ![i](http://evil.example/i.png) $x$ **b** <!-- c --> \\| www.evil.example';
const EVIL_SQL = "SELECT '```' || $1 | x FROM t -- `a` ``b``\n</details>\n<script>@octocat\r\n| a | b |\\";
const EVIL_ERROR = 'boom --> <!-- </details>\n```\n<script>alert(1)</script>\n````\n@octocat #123 |x|\n  </details>';

function hostileReport(): Report {
  const r = structuredClone(template);
  r.database.label = `main</summary>${EVIL}`;
  r.database.serverVersion = `16.2 <script>${EVIL}`;
  r.source = { dir: `db|\`x\`${EVIL}`, format: `<b>flyway</b>${EVIL}` };
  for (const m of r.migrations) {
    m.name = `${m.name}_${EVIL}`;
    m.version = `${m.version}|<b>`;
    m.file = `db/${EVIL}.sql`;
    m.logFile = m.logFile ? `logs/${EVIL}.log` : null;
    m.queries = m.queries.map((q, i) => ({ ...q, sql: `${EVIL_SQL} ${i} ${'y'.repeat(i * 150)}` }));
    if (m.tableSizes) m.tableSizes = m.tableSizes.map((t) => ({ ...t, table: EVIL }));
    if (m.error) m.error = { ...m.error, message: EVIL_ERROR, code: '23`|<x>' };
  }
  r.findings = r.findings.map((f) => ({
    ...f,
    rule: `${f.rule}\`|${EVIL}`,
    message: `${EVIL} ${EVIL_ERROR}`,
    ...(f.value !== undefined ? { value: EVIL } : {}),
    ...(f.limit !== undefined ? { limit: 12.5 } : {}),
  }));
  return ReportSchema.parse(r);
}

const hostileCtx: RenderContext = {
  commentKey: 'main --> <!-- @octocat',
  runUrl: 'javascript:alert(1)',
  artifactUrl: `${ARTIFACT_URL}?x=(y)`,
  dataSet: EVIL,
};

describe('hostile report text', () => {
  const report = hostileReport();

  test('the comment keeps its structure', () => {
    const { markdown } = renderComment(report, hostileCtx);
    expectSafeStructure(markdown, 'comment');
  });

  test('the summary keeps its structure', () => {
    const { markdown } = renderSummary(report, hostileCtx);
    expectSafeStructure(markdown, 'summary');
  });

  test('tables keep their column counts', () => {
    const { markdown } = renderComment(report, hostileCtx);
    const tables = readStructure(markdown).tables;
    const widths = tables.map((t) => t.columns[0]);
    // findings (with value and limit), migrations, runtimes, and per migration queries + runtimes
    expect(widths).toEqual(expect.arrayContaining([5, 7, 6]));
    for (const t of tables) expect(new Set(t.columns).size).toBe(1);
    expect(tables.find((t) => t.columns[0] === 7)!.columns).toHaveLength(2 + 5);
  });

  test('no raw script, no bare mention, only the run-time links the context gave', () => {
    const { markdown } = renderComment(report, hostileCtx);
    const prose = readStructure(markdown).prose;
    expect(prose).not.toContain('<script');
    expect(prose).toContain('@\u200boctocat');
    expect(markdown).not.toContain('javascript:');
    expect(markdown).toContain('[artifact](https://github.com/acme/shop/actions/runs/1/artifacts/2?x=%28y%29)');
  });

  test('the error message stays inside one code block', () => {
    const { markdown } = renderComment(report, hostileCtx);
    expect(markdown).toContain(`\`\`\`\`\`text\n${EVIL_ERROR}\n\`\`\`\`\``);
  });

  test('every level of detail and a cut document stay well-formed', () => {
    const full = renderDocument(report, hostileCtx, { audience: 'comment', limitBytes: 10_000_000 }).markdown;
    for (let limit = byteLength(full); limit > 1_000; limit = Math.floor(limit * 0.8)) {
      const { markdown } = renderDocument(report, hostileCtx, { audience: 'comment', limitBytes: limit });
      expect(byteLength(markdown)).toBeLessThanOrEqual(limit);
      expectSafeStructure(markdown, 'comment');
    }
  });
});

// --- size budgets -----------------------------------------------------------------------------

function hugeReport(migrations: number, queriesEach: number): Report {
  const proto = template.migrations.find((m) => m.phase === 'new' && m.status === 'succeeded')!;
  const runs: MigrationRun[] = [];
  const findings: Report['findings'] = [];
  for (let i = 0; i < migrations; i++) {
    const version = String(20250101000000 + i);
    const name = `change_table_${i}_add_column_and_backfill`;
    const queries: QueryStat[] = [];
    for (let j = 0; j < queriesEach; j++) {
      const padding = j % 10 === 0 ? ` /* ${'padding '.repeat(30)}*/` : '';
      const totalMs = ((i * 7 + j * 13) % 997) + 0.25;
      queries.push({
        sql: `UPDATE table_${i} SET column_${j} = $1 WHERE id BETWEEN $2 AND $3 AND column_${j} IS DISTINCT FROM $4${padding}`,
        calls: 1 + (j % 5),
        totalMs,
        meanMs: totalMs / (1 + (j % 5)),
        maxMs: totalMs,
        rows: j * 100,
      });
    }
    runs.push({
      ...structuredClone(proto),
      id: `${version}_${name}`,
      version,
      name,
      file: `db/migrations/V${version}__${name}.sql`,
      logFile: `logs/${version}_${name}.up.log`,
      statements: queriesEach,
      queries,
      histogram: { bucketsMs: [10, 100, 1000, 300_000], counts: [queriesEach - 12, 10, 2, 0, 0] },
    });
    if (i % 40 === 0)
      findings.push({
        severity: i % 80 === 0 ? 'warning' : 'notice',
        rule: 'max-duration',
        migration: `${version}_${name}`,
        message: `Took ${i} s, over the limit.`,
        value: i,
        limit: 5,
      });
  }
  return ReportSchema.parse({ ...template, status: 'warning', migrations: runs, findings });
}

describe('size budget', () => {
  const ctx: RenderContext = { commentKey: 'main', runUrl: RUN_URL, artifactUrl: ARTIFACT_URL };

  test('1,000 migrations × 100 queries fit the comment and the summary', () => {
    const report = hugeReport(1000, 100);
    const timed = <T>(f: () => T): [T, string] => {
      const t0 = performance.now();
      const value = f();
      return [value, `${(performance.now() - t0).toFixed(0)} ms`];
    };
    const [comment, commentCold] = timed(() => renderComment(report, ctx));
    const [summary, summaryCold] = timed(() => renderSummary(report, ctx));
    const [, commentWarm] = timed(() => renderComment(report, ctx));
    const [, summaryWarm] = timed(() => renderSummary(report, ctx));
    console.log(
      [
        '1,000 migrations × 100 queries:',
        `comment ${byteLength(comment.markdown).toLocaleString('en-US')} bytes in ${commentCold} (again: ${commentWarm}); omitted: ${comment.omitted.join('; ')}`,
        `summary ${byteLength(summary.markdown).toLocaleString('en-US')} bytes in ${summaryCold} (again: ${summaryWarm}); omitted: ${summary.omitted.join('; ')}`,
      ].join('\n'),
    );
    expect(byteLength(comment.markdown)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES);
    expect(byteLength(summary.markdown)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
    expect(comment.omitted.length).toBeGreaterThan(0);
    expect(summary.omitted.length).toBeGreaterThan(0);
    expectSafeStructure(comment.markdown, 'comment');
    expectSafeStructure(summary.markdown, 'summary');
    // The note closes the comment and says where the rest is.
    const tail = comment.markdown.trimEnd().split('\n').slice(-2).join('\n');
    expect(tail).toBe(`>\n> The full report is in the [job summary](${RUN_URL}) and the [artifact](${ARTIFACT_URL}).`);
    for (const line of comment.omitted) expect(comment.markdown).toContain(`> - ${line}\n`);
    expect(summary.markdown).toContain(`The full report is in the [artifact](${ARTIFACT_URL})`);
    // Flagged migrations survive the cuts the comment had to make.
    expect(comment.markdown).toContain('20250101000080 change_table_80_add_column_and_backfill');
  });

  test('the ladder degrades in its fixed order', () => {
    const report = hugeReport(60, 30);
    const full = renderDocument(report, ctx, { audience: 'comment', limitBytes: Number.MAX_SAFE_INTEGER });
    expect(full.omitted).toEqual([]);
    // Each limit one byte under the last rendering forces the next level that is smaller.
    const seen: string[][] = [];
    for (let limit = byteLength(full.markdown) - 1; ;) {
      const r = renderDocument(report, ctx, { audience: 'comment', limitBytes: limit });
      expect(byteLength(r.markdown)).toBeLessThanOrEqual(limit);
      if (r.omitted.some((l) => l.includes('cut at the size limit'))) break;
      seen.push(r.omitted);
      limit = byteLength(r.markdown) - 1;
    }
    const firstWords = (lines: string[]): string => lines.map((l) => l.split(' ').slice(0, 2).join(' ')).join(' / ');
    expect(seen.map(firstWords)).toEqual([
      'SQL over',
      'SQL over',
      'SQL over / query tables',
      'SQL over / query tables',
      'the query',
      'the query / the details',
      'the query / the details / the runtime',
      'the query / the details / the runtime / 58 rows',
      'everything but',
    ]);
    expect(seen[0]![0]).toBe('SQL over 200 characters shortened in the query tables (60 queries)');
    expect(seen[1]![0]).toBe('SQL over 80 characters shortened in the query tables (600 queries)');
    expect(seen[2]![1]).toBe('query tables cut to the 5 slowest queries per migration (300 more queries)');
    expect(seen[4]![0]).toBe('the query tables (600 queries)');
    expect(seen[5]![1]).toBe('the details of 58 migrations without findings or errors');
  });

  test('thousands of findings end in the minimal comment, errors first', () => {
    const report = structuredClone(template);
    report.findings = Array.from({ length: 2000 }, (_, i) => ({
      severity: i === 1999 ? ('error' as const) : ('warning' as const),
      rule: 'max-rows-changed',
      migration: '5_backfill_orders_status',
      message: `Finding ${i}: ${'a long explanation of what went wrong '.repeat(20)}`,
    }));
    const { markdown, omitted } = renderComment(report, ctx);
    expect(byteLength(markdown)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES);
    expect(omitted).toEqual([
      'everything but the result and the findings: the migrations table, the runtimes, the per-migration details, the base migrations and the server details',
      '1,980 findings after the first 20',
      'finding messages over 300 characters shortened',
    ]);
    const rows = markdown.split('\n').filter((l) => /^\| (❌|⚠️) \|/.test(l));
    expect(rows).toHaveLength(20);
    expect(rows[0]).toContain('Finding 1999');
    expect(markdown).toContain('1,980 more findings in the artifact.');
    expect(markdown).not.toContain('#### Migrations');
    expectSafeStructure(markdown, 'comment');
  });

  test('fitWithin takes the first level that fits, and cuts when none does', () => {
    const sizes = DETAIL_LADDER.map((_, i) => 2000 - i * 100);
    const render = (d: (typeof DETAIL_LADDER)[number]): Rendered => {
      const i = DETAIL_LADDER.indexOf(d);
      return { markdown: `${'x'.repeat(40)}\n`.repeat(Math.ceil(sizes[i]! / 41)), omitted: [`level ${i}`] };
    };
    expect(fitWithin(1750, render).omitted).toEqual(['level 3']);
    const cut = fitWithin(500, render);
    expect(byteLength(cut.markdown)).toBeLessThanOrEqual(500);
    expect(cut.markdown).toMatch(/^(x{40}\n)+\n_\(Cut here to fit the size limit/);
    expect(cut.omitted).toEqual(['level 9', 'the rest of the minimal report (cut at the size limit)']);
    expect(byteLength(fitWithin(50, render).markdown)).toBeLessThanOrEqual(50);
  });

  test('a small report renders with nothing omitted', () => {
    for (const render of [renderComment, renderSummary]) {
      const r = render(template, ctx);
      expect(r.omitted).toEqual([]);
      expect(r.markdown).not.toContain('Left out');
    }
  });

  test('a report without new migrations still renders', () => {
    const report = {
      ...template,
      status: 'passed' as const,
      findings: [],
      migrations: template.migrations.filter((m) => m.phase === 'base'),
    };
    const { markdown } = renderComment(report, ctx);
    expect(markdown).toContain('✅ **Passed** · no new migrations');
    expect(markdown).not.toContain('#### Migrations');
    expectSafeStructure(markdown, 'comment');
  });
});
