/**
 * Atlas's migration directory integrity file, `atlas.sum`, as ariga/atlas sql/migrate/dir.go
 * computes and checks it (NewHashFile, HashFile.Sum, HashFile.UnmarshalText, Validate):
 * - one SHA-256 runs over the files in name order: each file's name, then its bytes; after each
 *   file its running digest (base64) is that file's hash. A file whose first line is an
 *   `atlas:sum ignore` directive adds its name only and gets no line;
 * - the first line, `h1:<base64>`, is SHA-256 over every (name, hash) pair of the lines below it;
 * - `<name> h1:<hash>` a line.
 */
import { createHash, type Hash } from 'node:crypto';

/** A file of the directory, with the text it holds (as read, a leading byte-order mark removed). */
export interface SumInput {
  name: string;
  text: string;
}

export interface SumEntry {
  name: string;
  hash: string;
}

const BOM = '\uFEFF';

// dir.go: reDirective = `^([ -~]*)atlas:(\w+)(?: +(.+))*`, matched on the start of the text.
const DIRECTIVE = /^([ -~]*)atlas:(\w+)(?: +(.+))*/;

/** `directive(content, name, prefix…)` of dir.go: the arguments of a leading directive, or undefined. */
export function atlasDirective(content: string, name: string, prefix?: string): string | undefined {
  const m = DIRECTIVE.exec(content);
  if (!m || m[2] !== name || (prefix !== undefined && m[1] !== prefix)) return undefined;
  return m[3] ?? '';
}

/** Whether NewHashFile leaves the file out (`atlas:sum ignore` on its first line). */
export function isSumIgnored(text: string): boolean {
  return atlasDirective(text, 'sum') === 'ignore';
}

/**
 * The hash lines NewHashFile writes for these files (already in Atlas's order). Our reader drops
 * a leading byte-order mark, which Atlas hashes: where the recorded hash of a file is only
 * matched with the mark put back, the file had one, and it is hashed with it from then on.
 */
export function atlasHashFile(files: readonly SumInput[], recorded?: ReadonlyMap<string, string>): SumEntry[] {
  const h = createHash('sha256');
  const entries: SumEntry[] = [];
  for (const { name, text } of files) {
    h.update(name, 'utf8');
    if (isSumIgnored(text)) continue;
    let content = text;
    let hash = digestWith(h, content);
    if (recorded?.get(name) !== hash && digestWith(h, BOM + content) === recorded?.get(name)) {
      content = BOM + content;
      hash = digestWith(h, content);
    }
    h.update(content, 'utf8');
    entries.push({ name, hash });
  }
  return entries;
}

function digestWith(h: Hash, content: string): string {
  return h.copy().update(content, 'utf8').digest('base64');
}

/** HashFile.Sum: SHA-256 over each line's name and hash. */
export function atlasSum(entries: readonly SumEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(e.name, 'utf8').update(e.hash, 'utf8');
  return h.digest('base64');
}

/** The text `atlas migrate hash` writes (HashFile.MarshalText). */
export function formatAtlasSum(entries: readonly SumEntry[]): string {
  return `h1:${atlasSum(entries)}\n${entries.map((e) => `${e.name} h1:${e.hash}\n`).join('')}`;
}

export type ParsedSum = { ok: true; entries: SumEntry[] } | { ok: false; problem: string };

/** HashFile.UnmarshalText: lines as bufio.Scanner cuts them (a trailing \r dropped). */
export function parseAtlasSum(text: string): ParsedSum {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  const sum = (lines[0] ?? '').replace(/^h1:/, '');
  const entries: SumEntry[] = [];
  for (const [i, line] of lines.slice(1).entries()) {
    const at = line.indexOf('h1:');
    if (at < 0) return { ok: false, problem: `checksum file format invalid (line ${i + 2}: no h1: hash)` };
    entries.push({ name: line.slice(0, at).trim(), hash: line.slice(at + 3) });
  }
  if (sum !== atlasSum(entries)) {
    return { ok: false, problem: 'checksum mismatch (line 1: the sum of the file is not the sum of its lines)' };
  }
  return { ok: true, entries };
}

/** Validate's first mismatch between atlas.sum (`recorded`) and the directory (`computed`), as `atlas` prints it. */
export interface SumMismatch {
  /** Line of atlas.sum (1-based). */
  line: number;
  file: string;
  reason: 'added' | 'edited' | 'removed';
}

export function firstMismatch(recorded: readonly SumEntry[], computed: readonly SumEntry[]): SumMismatch | null {
  if (atlasSum(recorded) === atlasSum(computed)) return null;
  for (const [i, r] of recorded.entries()) {
    const c = computed[i];
    if (c && c.name === r.name && c.hash === r.hash) continue;
    const idx = computed.findIndex((e) => e.name === r.name);
    if (idx < 0) return { line: i + 2, file: r.name, reason: 'removed' };
    if (idx === i) return { line: i + 2, file: r.name, reason: 'edited' };
    return { line: i + 2, file: computed[i]?.name ?? r.name, reason: 'added' };
  }
  return { line: recorded.length + 2, file: computed[recorded.length]?.name ?? '', reason: 'added' };
}
