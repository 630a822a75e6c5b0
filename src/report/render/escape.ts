/**
 * Escaping of report text for GitHub-flavoured Markdown. Migration names, file names, SQL and
 * error messages come from the pull request, so they are hostile input: nothing here may let
 * them break a table, leave a code span, open HTML, mention someone or link anywhere.
 */

// Entities rather than backslashes: they are literal text both in Markdown and inside the raw
// HTML of a <summary> line, where a backslash would show.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  '~': '&#126;',
  $: '&#36;', // GitHub renders $…$ as math
};

const ZWSP = '\u200b';

// C0/C1 controls other than whitespace, and the bidirectional overrides of "Trojan Source".
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function underscoreRunEnd(s: string, start: number): number {
  let end = start;
  while (s[end] === '_') end++;
  return end;
}

/** A run of underscores inside a word (V6__add_users) cannot emphasise: it stays readable. */
function underscores(s: string, start: number, end: number): string {
  const run = s.slice(start, end);
  return isWordChar(s[start - 1]) && isWordChar(s[end]) ? run : run.replace(/_/g, '&#95;');
}

// Anything oneLine would change; most text has none of it, and SQL can be long.
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[^\S ]|\s\s|^\s|\s$/;

/** Text on one line: controls dropped, every run of whitespace (newlines too) one space. */
export function oneLine(text: string): string {
  if (!NOT_ONE_LINE.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Cuts to at most maxChars code points, marking the cut with an ellipsis. */
export function truncate(text: string, maxChars: number | null): string {
  if (maxChars === null || text.length <= maxChars) return text;
  // Walk code points only as far as the cut: SQL can be long.
  let i = 0;
  for (let kept = 0; kept < maxChars - 1 && i < text.length; kept++) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  const rest = text.length - i;
  if (rest === 0 || rest === 1 || (rest === 2 && text.codePointAt(i)! > 0xffff)) return text;
  return `${text.slice(0, i).trimEnd()}…`;
}

/**
 * Text for Markdown (table cells included) and for raw HTML lines such as <summary>: one line,
 * Markdown and HTML syntax as entities, mentions, issue references and bare links defused.
 */
export function escapeText(text: string, maxChars: number | null = null): string {
  const s = truncate(oneLine(text), maxChars);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const next = s[i + 1];
    const entity = ENTITIES[ch];
    if (entity !== undefined) out += entity;
    // Only `](` makes a link or an image here: user text never starts a line, so it cannot
    // define a reference. A `]` at the end is escaped too, as the caller may append a `(`.
    else if (ch === ']') out += next === '(' || next === undefined ? '&#93;' : ']';
    else if (ch === '_') {
      const end = underscoreRunEnd(s, i);
      out += underscores(s, i, end);
      i = end - 1;
    } else if (ch === '@' && next !== undefined && /[\w-]/.test(next)) out += `@${ZWSP}`;
    else if (ch === '#' && next !== undefined && /\d/.test(next)) out += `#${ZWSP}`;
    // GitHub autolinks bare http://… and www.…; untrusted text gets no clickable links.
    else if (ch === ':' && s.startsWith('//', i + 1)) out += '&#58;';
    else if (ch === '.' && /(?:^|[^\w.])www$/i.test(s.slice(Math.max(0, i - 4), i))) out += '&#46;';
    else out += ch;
  }
  return out;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

export interface CodeSpanOptions {
  /** In a table cell, where `|` must be escaped even inside code (GFM splits cells first). */
  inTable?: boolean;
  maxChars?: number | null;
}

/** Inline code on one line, fenced by more backticks than any run inside it. */
export function codeSpan(text: string, options: CodeSpanOptions = {}): string {
  let s = truncate(oneLine(text), options.maxChars ?? null);
  if (s === '') return '(empty)';
  if (options.inTable) s = s.replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestBacktickRun(s) + 1);
  // One space on each side is stripped by the parser; it keeps an edge backtick off the fence.
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A fenced code block whose fence no line of the text can close. */
export function codeBlock(text: string, language = 'text'): string {
  const body = text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(/\n+$/, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

/** An http(s) address safe as a Markdown link destination, or null when it is not one. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.href.replace(
    /[()<>"'`\s|\\[\]]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** A Markdown link when the address is usable, else the plain label. */
export function link(label: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}
