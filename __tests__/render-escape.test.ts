import { codeBlock, codeSpan, escapeText, link, safeUrl, truncate } from '../src/report/render/escape.js';
import { bucketLabels, formatBound, mergeHistograms } from '../src/report/render/histogram-chart.js';
import { commentMarker, findsMarker } from '../src/report/render/index.js';

describe('escapeText', () => {
  test('keeps ordinary names readable', () => {
    expect(escapeText('20240105120000 add_users_email_index')).toBe('20240105120000 add_users_email_index');
    expect(escapeText('V6__add_check')).toBe('V6__add_check');
    expect(escapeText('[23514] failed')).toBe('[23514] failed');
  });

  test('turns HTML and table syntax into entities', () => {
    expect(escapeText('a|b')).toBe('a&#124;b');
    expect(escapeText('<script>x</script> & y')).toBe('&lt;script&gt;x&lt;/script&gt; &amp; y');
    expect(escapeText('<!-- x -->')).toBe('&lt;!-- x --&gt;');
  });

  test('defuses emphasis, code, math and links', () => {
    expect(escapeText('**b** `c` ~~d~~ $x$')).toBe(
      '&#42;&#42;b&#42;&#42; &#96;c&#96; &#126;&#126;d&#126;&#126; &#36;x&#36;',
    );
    expect(escapeText('_i_ a_b')).toBe('&#95;i&#95; a_b');
    expect(escapeText('[x](https://evil.example)')).toBe('[x&#93;(https&#58;//evil.example)');
    expect(escapeText('![i](u)')).toBe('![i&#93;(u)');
    expect(escapeText('see www.evil.example')).toBe('see www&#46;evil.example');
    expect(escapeText('a\\|b')).toBe('a&#92;&#124;b');
  });

  test('breaks mentions and issue references with a zero-width space', () => {
    expect(escapeText('@octocat and @org/team')).toBe('@\u200boctocat and @\u200borg/team');
    expect(escapeText('fixes #123, owner/repo#4')).toBe('fixes #\u200b123, owner/repo#\u200b4');
    expect(escapeText('a @ b, # c')).toBe('a @ b, # c');
  });

  test('puts everything on one line and drops invisible controls', () => {
    expect(escapeText('a\r\nb\n\tc  d')).toBe('a b c d');
    expect(escapeText('ab\u202ecd\u0000e')).toBe('abcde');
  });

  test('truncates by code points with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(escapeText('a<b<c<d', 4)).toBe('a&lt;b…');
  });
});

describe('codeSpan', () => {
  test('uses a fence longer than any backtick run inside', () => {
    expect(codeSpan('SELECT 1')).toBe('`SELECT 1`');
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('```x``` y')).toBe('```` ```x``` y ````');
    expect(codeSpan('`')).toBe('`` ` ``');
  });

  test('escapes pipes only in tables, where GFM splits cells before code', () => {
    expect(codeSpan('a | b')).toBe('`a | b`');
    expect(codeSpan('a | b', { inTable: true })).toBe('`a \\| b`');
  });

  test('is one line, shortened when asked', () => {
    expect(codeSpan('SELECT\n  1\r\nFROM t')).toBe('`SELECT 1 FROM t`');
    expect(codeSpan('SELECT abcdefgh', { maxChars: 8 })).toBe('`SELECT…`');
    expect(codeSpan('  ')).toBe('(empty)');
  });
});

describe('codeBlock', () => {
  test('no line of the text can close the fence', () => {
    expect(codeBlock('a\n```\nb')).toBe('````text\na\n```\nb\n````');
    expect(codeBlock('plain\n')).toBe('```text\nplain\n```');
  });
});

describe('links', () => {
  test('only http(s), with parentheses and quotes encoded', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl('https://x.example/a(b)"c')).toBe('https://x.example/a%28b%29%22c');
    expect(link('run', 'data:text/html,x')).toBe('run');
    expect(link('run', 'https://github.com/o/r/actions/runs/1')).toBe('[run](https://github.com/o/r/actions/runs/1)');
  });
});

describe('comment marker', () => {
  test('is the hidden first line for a key', () => {
    expect(commentMarker('main')).toBe('<!-- migration-test:comment-key=main -->');
    expect(commentMarker('pg-16 / main')).toBe('<!-- migration-test:comment-key=pg-16%20%2F%20main -->');
  });

  test('a hostile key cannot close or nest the comment', () => {
    const marker = commentMarker('x-->y<!--z\n--->');
    const inner = marker.slice('<!--'.length, -'-->'.length);
    expect(inner).not.toMatch(/--|[<>\n]/);
    expect(decodeURIComponent(inner.trim().split('=')[1]!)).toBe('x-->y<!--z\n--->');
    expect(() => commentMarker('\ud800')).not.toThrow();
  });

  test('finds its own key only', () => {
    const body = `${commentMarker('main')}\n### Database migrations`;
    expect(findsMarker(body, 'main')).toBe(true);
    expect(findsMarker(body, 'mai')).toBe(false);
    expect(findsMarker(`${commentMarker('main2')}\nx`, 'main')).toBe(false);
    expect(findsMarker(`${commentMarker('a-')}\nx`, 'a')).toBe(false);
    expect(findsMarker('no marker here', 'main')).toBe(false);
  });
});

describe('histogram buckets', () => {
  test("GitLab's buckets get GitLab's labels", () => {
    expect(bucketLabels([10, 100, 1000, 300_000])).toEqual([
      '0–10 ms',
      '10–100 ms',
      '100 ms–1 s',
      '1 s–5 min',
      '> 5 min',
    ]);
  });

  test('other buckets are labelled in their own units', () => {
    expect(bucketLabels([0.5, 5, 1500, 60_000, 7_200_000])).toEqual([
      '0–0.5 ms',
      '0.5–5 ms',
      '5 ms–1.5 s',
      '1.5 s–1 min',
      '1 min–2 h',
      '> 2 h',
    ]);
    expect(bucketLabels([])).toEqual(['all']);
    expect(formatBound(250)).toBe('250 ms');
  });

  test('merging keeps the first bucket set and counts the others out', () => {
    const merged = mergeHistograms([
      { bucketsMs: [10, 100], counts: [1, 2, 3] },
      { bucketsMs: [10, 100], counts: [4, 0, 1] },
      { bucketsMs: [5], counts: [9, 9] },
    ]);
    expect(merged).toEqual({ histogram: { bucketsMs: [10, 100], counts: [5, 2, 4] }, mismatched: 1 });
    expect(mergeHistograms([])).toBeNull();
  });
});
