// A Liquibase master changelog (--changelog) in XML, YAML or JSON, read for its order only: `include file`
// and `includeAll path` (liquibase-standard/src/main/java/liquibase/changelog/DatabaseChangeLog.java
// include/includeAll: paths against the search path, or the including changelog's directory with
// relativeToChangelogFile; includeAll takes a directory's changelogs recursively, sorted by path with
// getStandardChangeLogComparator, and fails on an empty one). XML is read by a small tokenizer that expands no
// entity and refuses any DOCTYPE; changeSets written in XML/YAML/JSON are refused (only formatted SQL runs here).
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { MigrationSourceError } from '../../util/errors.js';
import { readMigrationFile } from '../read-file.js';
import type { MigrationFile } from './format.js';

/** A formatted SQL file in the order the changelog runs it, with the path Liquibase records for it. */
export interface ChangelogEntry {
  file: MigrationFile;
  /** DATABASECHANGELOG.FILENAME: the path as the changelog gives it. */
  filename: string;
}

interface IncludeDirective {
  kind: 'include' | 'includeAll';
  target: string;
  relative: boolean;
  /** includeAll's errorIfMissingOrEmpty (true unless set to false). */
  errorIfEmpty: boolean;
  line: number;
}

export interface ChangelogContext {
  files: readonly MigrationFile[];
  dirAbs: string;
  dirLabel: string;
}

const CHANGELOG_EXT = /\.(xml|ya?ml|json)$/i;
const toPosix = (p: string) => p.replace(/\\/g, '/');
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** The formatted SQL files of a master changelog, in its order. */
export async function changelogEntries(changelogAbs: string, ctx: ChangelogContext): Promise<ChangelogEntry[]> {
  const own = ctx.files.find((f) => f.absPath === changelogAbs);
  const label = own ? own.file : toPosix(path.relative(process.cwd(), changelogAbs));
  const logical = toPosix(path.relative(ctx.dirAbs, changelogAbs));
  const entries: ChangelogEntry[] = [];
  await walk(changelogAbs, label, logical, ctx, entries, new Set());
  return entries;
}

async function walk(
  abs: string,
  label: string,
  logical: string,
  ctx: ChangelogContext,
  out: ChangelogEntry[],
  seen: Set<string>,
): Promise<void> {
  if (seen.has(abs)) throw new MigrationSourceError(`${label} includes itself (through its includes)`);
  seen.add(abs);
  if (!CHANGELOG_EXT.test(abs)) {
    throw new MigrationSourceError(`${label}: not a master changelog (expected .xml, .yaml, .yml or .json)`);
  }
  const text = await readMigrationFile(abs, label);
  const directives = /\.xml$/i.test(abs) ? xmlDirectives(text, label) : yamlDirectives(text, label);
  for (const d of directives) {
    const base = d.relative ? path.dirname(abs) : null;
    if (d.kind === 'include') {
      const file = locate(d.target, base, ctx, `${label} line ${d.line}`);
      const filename = d.relative ? path.posix.join(path.posix.dirname(logical), toPosix(d.target)) : toPosix(d.target);
      await add(file, normalizeFilename(filename), ctx, out, seen);
    } else {
      const found = includeAll(d, base, ctx, `${label} line ${d.line}`);
      for (const { file, filename } of found) await add(file, filename, ctx, out, seen);
    }
  }
  seen.delete(abs);
}

async function add(
  file: MigrationFile,
  filename: string,
  ctx: ChangelogContext,
  out: ChangelogEntry[],
  seen: Set<string>,
): Promise<void> {
  if (CHANGELOG_EXT.test(file.name)) await walk(file.absPath, file.file, filename, ctx, out, seen);
  else out.push({ file, filename });
}

/** DatabaseChangeLog.normalizePath: forward slashes, no `./` segments, no leading `classpath:`. */
function normalizeFilename(p: string): string {
  return path.posix.normalize(toPosix(p).replace(/^classpath\*?:/, '')).replace(/^\.\//, '');
}

/** The file an include names: in the migrations directory (its files), never outside it. */
function locate(target: string, base: string | null, ctx: ChangelogContext, where: string): MigrationFile {
  const clean = toPosix(target).replace(/^classpath\*?:/, '');
  const bases = base ? [base] : [ctx.dirAbs];
  for (const b of bases) {
    const abs = path.resolve(b, clean);
    const rel = path.relative(ctx.dirAbs, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new MigrationSourceError(`${where}: ${target} leads outside the migrations directory ${ctx.dirLabel}`);
    }
    const file = ctx.files.find((f) => f.absPath === abs);
    if (file) return file;
  }
  throw new MigrationSourceError(`${where}: the file ${target} was not found in ${ctx.dirLabel}`);
}

function includeAll(d: IncludeDirective, base: string | null, ctx: ChangelogContext, where: string): ChangelogEntry[] {
  const dirAbs = path.resolve(base ?? ctx.dirAbs, toPosix(d.target).replace(/^classpath\*?:/, ''));
  const rel = path.relative(ctx.dirAbs, dirAbs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new MigrationSourceError(`${where}: ${d.target} leads outside the migrations directory ${ctx.dirLabel}`);
  }
  const prefix = toPosix(d.target).replace(/\/?$/, '/');
  const found = ctx.files
    .filter((f) => f.absPath.startsWith(dirAbs + path.sep) && (/\.sql$/i.test(f.name) || CHANGELOG_EXT.test(f.name)))
    .map((f) => ({ file: f, filename: normalizeFilename(prefix + toPosix(path.relative(dirAbs, f.absPath))) }))
    .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  if (found.length === 0 && d.errorIfEmpty) {
    throw new MigrationSourceError(`${where}: includeAll path ${d.target} holds no changelog (Liquibase fails on it)`);
  }
  return found;
}

const UNSUPPORTED_CHANGESET =
  'changesets written in a master changelog are not supported: only formatted SQL changelogs run here (move it to a --liquibase formatted sql file)';

function directive(kind: string, attrs: Record<string, string>, line: number, label: string): IncludeDirective {
  if (kind === 'changeSet') throw new MigrationSourceError(`${label} line ${line}: ${UNSUPPORTED_CHANGESET}`);
  if (kind !== 'include' && kind !== 'includeAll') {
    throw new MigrationSourceError(
      `${label} line ${line}: <${kind}> is not supported in a master changelog here (only include and includeAll)`,
    );
  }
  const key = kind === 'include' ? 'file' : 'path';
  const target = attrs[key];
  if (target === undefined || target.trim() === '') {
    throw new MigrationSourceError(`${label} line ${line}: ${kind} without ${key}`);
  }
  const relative = (attrs.relativeToChangelogFile ?? 'false').toLowerCase() === 'true';
  const errorIfEmpty = (attrs.errorIfMissingOrEmpty ?? 'true').toLowerCase() !== 'false';
  return { kind, target: target.trim(), relative, errorIfEmpty, line };
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXml(value: string, label: string, line: number): string {
  return value.replace(/&([^;]*);|&/g, (whole, name: string | undefined) => {
    if (name !== undefined) {
      const predefined = ENTITIES[name];
      if (predefined !== undefined) return predefined;
      const num = /^#(?:x([0-9a-f]+)|(\d+))$/i.exec(name);
      if (num) return String.fromCodePoint(parseInt(num[1] ?? num[2] ?? '0', num[1] ? 16 : 10));
    }
    throw new MigrationSourceError(`${label} line ${line}: entity ${whole} is not allowed (no entity is expanded)`);
  });
}

/** The include/includeAll elements of an XML changelog; anything else but its root is refused. */
function xmlDirectives(text: string, label: string): IncludeDirective[] {
  const out: IncludeDirective[] = [];
  const stack: string[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const between = text.slice(i, lt < 0 ? text.length : lt);
    if (between.trim() !== '') {
      throw new MigrationSourceError(`${label} line ${lineOf(text, i)}: unexpected text in a master changelog`);
    }
    if (lt < 0) break;
    const line = lineOf(text, lt);
    const bad = (why: string) => new MigrationSourceError(`${label} line ${line}: ${why}`);
    if (text.startsWith('<?', lt)) i = endOf(text, '?>', lt, bad);
    else if (text.startsWith('<!--', lt)) i = endOf(text, '-->', lt, bad);
    else if (text.startsWith('<!', lt)) throw bad('DOCTYPE, entity declarations and CDATA are not allowed');
    else if (text.startsWith('</', lt)) {
      const close = /^<\/([^\s>]+)\s*>/.exec(text.slice(lt, lt + 300));
      if (!close || stack.pop() !== close[1]) throw bad('mismatched closing tag');
      i = lt + close[0].length;
    } else {
      const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(text.slice(lt));
      if (!tag) throw bad('malformed tag');
      const name = tag[1] as string;
      const local = name.replace(/^.*:/, '');
      const attrs: Record<string, string> = {};
      for (const a of (tag[2] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attrs[(a[1] as string).replace(/^.*:/, '')] = decodeXml(a[2] ?? a[3] ?? '', label, line);
      }
      if (stack.length === 0) {
        if (local !== 'databaseChangeLog') throw bad(`the root element must be databaseChangeLog, not ${name}`);
      } else if (stack.length === 1) out.push(directive(local, attrs, line, label));
      else throw bad(`<${name}> is not supported inside <${stack[stack.length - 1] ?? ''}>`);
      if (tag[3] !== '/') stack.push(name);
      i = lt + tag[0].length;
    }
  }
  if (stack.length > 0) throw new MigrationSourceError(`${label}: <${stack[stack.length - 1] ?? ''}> is not closed`);
  return out;
}

function endOf(text: string, end: string, from: number, bad: (why: string) => Error): number {
  const at = text.indexOf(end, from);
  if (at < 0) throw bad(`${end} missing`);
  return at + end.length;
}

/** The include/includeAll entries of a YAML or JSON changelog (`databaseChangeLog: - include: file: …`). */
function yamlDirectives(text: string, label: string): IncludeDirective[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (node: Node | null | undefined) => (node?.range ? counter.linePos(node.range[0]).line : 1);
  const first = doc.errors[0];
  if (first)
    throw new MigrationSourceError(
      `${label} line ${counter.linePos(first.pos[0]).line}: ${first.message.split('\n')[0] ?? ''}`,
    );
  const root = doc.contents;
  const list = isMap(root) ? root.get('databaseChangeLog', true) : undefined;
  if (!isSeq(list)) throw new MigrationSourceError(`${label} line 1: expected databaseChangeLog: followed by a list`);
  return list.items.map((item) => {
    const line = lineAt(item as Node);
    if (!isMap(item) || item.items.length !== 1) {
      throw new MigrationSourceError(
        `${label} line ${line}: each databaseChangeLog entry must be one include or includeAll`,
      );
    }
    const pair = item.items[0];
    const kind = String((pair?.key as { value?: unknown } | undefined)?.value ?? pair?.key);
    const value: unknown = (pair?.value as Node | undefined)?.toJSON?.() ?? null;
    const attrs: Record<string, string> = {};
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (typeof v !== 'object') attrs[k] = String(v);
    }
    return directive(kind, attrs, line, label);
  });
}
