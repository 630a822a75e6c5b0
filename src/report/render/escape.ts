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
  '"': '&quot;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;',
  $: '&#36;', // GitHub renders $…$ as math
};

const ZWSP = '\u200b';

// C0/C1 controls other than whitespace, and the bidirectional overrides of "Trojan Source".
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** Text on one line: controls dropped, every run of whitespace (newlines too) one space. */
export function oneLine(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Cuts to at most maxChars code points, marking the cut with an ellipsis. */
export function truncate(text: string, maxChars: number | null): string {
  if (maxChars === null || text.length <= maxChars) return text;
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`;
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
    // Underscores inside a word (add_users_table) cannot emphasise; leave them readable.
    else if (ch === '_') out += isWordChar(s[i - 1]) && isWordChar(next) ? '_' : '&#95;';
    else if (ch === '@' && next !== undefined && /[\w-]/.test(next)) out += `@${ZWSP}`;
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
  return parsed.href.replace(/[()<>"'`\s|\\[\]]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A Markdown link when the address is usable, else the plain label. */
export function link(label: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}
