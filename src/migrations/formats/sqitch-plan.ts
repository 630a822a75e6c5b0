/**
 * Sqitch's plan file (`sqitch.plan`), parsed with sqitch's own rules (App::Sqitch::Plan `_parse`
 * and `check_changes`, App::Sqitch::Plan::Depend `parse`, v1.3.1): a header of `%pragma=value`
 * lines ended by a blank line, then change lines `name [deps] timestamp planner <email> # note`
 * and tag lines `@tag timestamp planner <email> # note`. A change name may appear again after a
 * tag (a reworked change); the earlier instance then reads `deploy/name@tag.sql`.
 */
import { createHash } from 'node:crypto';
import { MigrationSourceError } from '../../util/errors.js';

// Like [:punct:] without `_` (sqitch's $punct).
const PUNCT = String.raw`\-!"#$%&'()*+,./:;<=>?@[\\\]^\x60{|}~`;
/** sqitch's $name_re. */
const NAME = String.raw`(?![${PUNCT}])(?:(?![~/=%^][0-9]+(?:$|[ \t]))[^ \t:@#\\])+(?<![${PUNCT}])\b`;
const TIMESTAMP = String.raw`([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z`;
const PLANNER = String.raw`([^<]+)[ \t]+<([^>]+)>`;

const BLANK_OR_COMMENT = /^[ \t]*(?:#[ \t]*(.+)|$)/;
const TRAILING_NOTE = /([ \t]*)(?:#[ \t]*(.*))?$/;
const PRAGMA = new RegExp(String.raw`^[ \t]*%[ \t]*([^${PUNCT}](?:[^ \t=]*?[^${PUNCT} \t])?)(?:[ \t]*=[ \t]*(.+))?$`);
const LINE = new RegExp(
  String.raw`^[ \t]*(?:@|[ \t]*([+-])[ \t]*)?(${NAME})(?:[ \t]+)?(?:\[([^\]]+)\][ \t]*)?(?:${TIMESTAMP}[ \t]*)?(?:${PLANNER})?$`,
);
const HAS_TIMESTAMP = new RegExp(TIMESTAMP);
const WHOLE_NAME = new RegExp(`^${NAME}$`);
const DEPENDENCY = new RegExp(
  String.raw`^(!?)(?:(${NAME}):)?(?:([0-9a-f]{40})|(${NAME})(?:@(${NAME}))?|(?:@(${NAME}))?)$`,
);

export interface PlanDependency {
  conflicts: boolean;
  project: string | null;
  change: string | null;
  tag: string | null;
  id: string | null;
}

interface Planned {
  name: string;
  /** 1-based line in the plan. */
  line: number;
  note: string;
  /** As sqitch writes it: `2024-01-02T10:00:00Z` (UTC). */
  timestamp: string;
  plannerName: string;
  plannerEmail: string;
}

export type PlanTag = Planned;

export interface PlanChange extends Planned {
  requires: PlanDependency[];
  conflicts: PlanDependency[];
  tags: PlanTag[];
  /** Tags after which the change was reworked, newest first (sqitch's rework_tags); empty for the last instance. */
  reworkTags: PlanTag[];
}

export interface SqitchPlan {
  project: string;
  uri: string | null;
  changes: PlanChange[];
}

/** Parses a plan; `label` names the file in errors (`Syntax error in <label> at line <n>: …`). */
export function parseSqitchPlan(text: string, label: string): SqitchPlan {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  const fail = (line: number, error: string) =>
    new MigrationSourceError(`Syntax error in ${label} at line ${line}: ${error}`);
  const pragmas = new Map<string, string>();
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    const blank = BLANK_OR_COMMENT.exec(line);
    if (blank) {
      if (blank[1] === undefined) {
        i++;
        break;
      }
      continue;
    }
    const content = line.replace(TRAILING_NOTE, '');
    const m = PRAGMA.exec(content);
    if (!m) throw fail(i + 1, 'Invalid pragma; a blank line must come between pragmas and changes');
    const [, name = '', value] = m;
    if (name === 'project' && !WHOLE_NAME.test(value ?? '')) {
      throw fail(
        i + 1,
        `invalid project name "${value ?? ''}": project names must not begin with punctuation, contain "@", ":", "#", "\\", or blanks, or end in punctuation or digits following punctuation`,
      );
    }
    pragmas.set(name, value ?? '1');
  }
  const project = pragmas.get('project');
  if (project === undefined) throw new MigrationSourceError(`Missing %project pragma in ${label}`);
  const changes = parseBody(lines, i, fail);
  const plan: SqitchPlan = { project, uri: pragmas.get('uri') ?? null, changes };
  checkDependencies(plan, label);
  return plan;
}

function parseBody(
  lines: readonly string[],
  start: number,
  fail: (line: number, error: string) => MigrationSourceError,
): PlanChange[] {
  const changes: PlanChange[] = [];
  const sinceTag = new Map<string, number>();
  const tagLines = new Map<string, number>();
  const named = new Map<string, PlanChange>();
  for (let i = start; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] as string;
    if (BLANK_OR_COMMENT.test(raw)) continue;
    const noteMatch = TRAILING_NOTE.exec(raw);
    const note = unescapeNote(noteMatch?.[2] ?? '');
    const content = raw.slice(0, noteMatch?.index ?? raw.length);
    const isTag = /^[ \t]*@/.test(content);
    const m = LINE.exec(content);
    const [, operator, name, deps, yr, mo, dy, hr, mi, sc, plannerName, plannerEmail] = m ?? [];
    if (!name || (!yr && HAS_TIMESTAMP.test(content))) {
      throw fail(
        lineNo,
        'Invalid name; names must not begin with punctuation, contain "@", ":", "#", "\\", or blanks, or end in punctuation or digits following punctuation',
      );
    }
    if (!yr && !plannerName) throw fail(lineNo, 'Missing timestamp and planner name and email');
    if (!yr) throw fail(lineNo, 'Missing timestamp');
    if (!plannerName || !plannerEmail) throw fail(lineNo, 'Missing planner name and email');
    if (name === 'ROOT' || name === 'HEAD') throw fail(lineNo, `"${isTag ? '@' : ''}${name}" is a reserved name`);
    if (/^[0-9a-f]{40}/.test(name)) {
      throw fail(lineNo, `"${name}" is invalid because it could be confused with a SHA1 ID`);
    }
    const planned: Planned = {
      name,
      line: lineNo,
      note,
      timestamp: `${yr}-${mo}-${dy}T${hr}:${mi}:${sc}Z`,
      plannerName,
      plannerEmail,
    };
    if (isTag) {
      if (name.includes('/')) throw fail(lineNo, `Tag "${name}" contains illegal character /`);
      const previous = changes.at(-1);
      if (!previous) throw fail(lineNo, `Tag "${name}" declared without a preceding change`);
      const at = tagLines.get(name);
      if (at !== undefined) throw fail(lineNo, `Tag "${name}" duplicates earlier declaration on line ${at}`);
      if (deps !== undefined) throw fail(lineNo, 'Tags may not specify dependencies');
      previous.tags.push(planned);
      tagLines.set(name, lineNo);
      sinceTag.clear();
      continue;
    }
    // A `-name` line asks sqitch to revert: a plan of that old syntax is not a deployment order.
    if (operator === '-') throw fail(lineNo, `"-${name}": revert lines in the plan are not supported`);
    const at = sinceTag.get(name);
    if (at !== undefined) throw fail(lineNo, `Change "${name}" duplicates earlier declaration on line ${at}`);
    const change: PlanChange = { ...planned, ...parseDependencies(deps, lineNo, fail), tags: [], reworkTags: [] };
    const duped = named.get(name);
    if (duped) {
      // sqitch: the tags of every change after the earlier instance, newest first, then its own.
      const after = changes.slice(changes.indexOf(duped) + 1).reverse();
      duped.reworkTags.push(...after.flatMap((c) => c.tags), ...duped.tags);
    }
    changes.push(change);
    named.set(name, change);
    sinceTag.set(name, lineNo);
  }
  return changes;
}

function parseDependencies(
  deps: string | undefined,
  lineNo: number,
  fail: (line: number, error: string) => MigrationSourceError,
): { requires: PlanDependency[]; conflicts: PlanDependency[] } {
  const requires: PlanDependency[] = [];
  const conflicts: PlanDependency[] = [];
  const seen = new Set<string>();
  for (const spec of deps === undefined ? [] : deps.split(/[ \t]+/).filter((s) => s !== '')) {
    const m = DEPENDENCY.exec(spec);
    const [, bang, project, id, change, changeTag, onlyTag] = m ?? [];
    if (!m || (!id && !change && !onlyTag)) throw fail(lineNo, `"${spec}" is not a valid dependency specification`);
    if (seen.has(spec)) throw fail(lineNo, `Duplicate dependency "${spec}"`);
    seen.add(spec);
    const dep: PlanDependency = {
      conflicts: bang === '!',
      project: project ?? null,
      change: change ?? null,
      tag: changeTag ?? onlyTag ?? null,
      id: id ?? null,
    };
    (dep.conflicts ? conflicts : requires).push(dep);
  }
  return { requires, conflicts };
}

/** sqitch's Line BUILDARGS: the note trimmed, `\\`, `\n`, `\r` unescaped. */
function unescapeNote(note: string): string {
  return note.trim().replace(/\\[\\nr]/g, (e) => (e === '\\n' ? '\n' : e === '\\r' ? '\r' : '\\'));
}

/** Depend key_name: `change@tag`, `change`, `@tag` or the id. */
export function dependencyKey(dep: PlanDependency): string {
  const parts = `${dep.change ?? ''}${dep.tag !== null ? `@${dep.tag}` : ''}`;
  return parts !== '' ? parts : (dep.id ?? '');
}

/** Depend as_string: the key, prefixed with its project when another one's. */
export function dependencyString(dep: PlanDependency, project: string): string {
  const key = dependencyKey(dep);
  return dep.project === null || dep.project === project ? key : `${dep.project}:${key}`;
}

/**
 * sqitch's check_changes (a required change must come earlier in the plan; a change@tag must
 * be declared before that tag), plus what `sqitch deploy` refuses on a new database: a change
 * of another project (never deployed here), a conflict with a change deployed before it, a
 * conflict naming no change of the plan.
 */
function checkDependencies(plan: SqitchPlan, label: string): void {
  const fail = (c: PlanChange, error: string) => new MigrationSourceError(`${label} line ${c.line}: ${error}`);
  const position = new Map<string, number>();
  plan.changes.forEach((c, i) => {
    for (const dep of c.requires) {
      const key = dependencyKey(dep);
      if (dep.project !== null && dep.project !== plan.project) {
        throw fail(
          c,
          `change "${c.name}" requires "${dependencyString(dep, plan.project)}" of another project, which a new database does not hold`,
        );
      }
      if (dep.id !== null)
        throw fail(c, `change "${c.name}" requires change id ${dep.id}: only names are supported here`);
      if (resolveRequired(plan, dep, i) >= 0) continue;
      if (dep.change === c.name && dep.tag === null) throw fail(c, `Change "${c.name}" cannot require itself`);
      const later = plan.changes.findIndex((o, j) => j > i && o.name === (dep.change ?? ''));
      throw fail(
        c,
        later >= 0 && dep.tag === null
          ? `Change "${c.name}" planned ${later - i} change${later - i === 1 ? '' : 's'} before required change "${key}"`
          : `Unknown change "${key}" required by change "${c.name}"`,
      );
    }
    for (const dep of c.conflicts) {
      if (dep.project !== null && dep.project !== plan.project) continue;
      const name = dep.change;
      if (name !== null && position.has(name)) {
        throw fail(
          c,
          `change "${c.name}" conflicts with "${dependencyKey(dep)}", deployed before it: sqitch refuses to deploy it`,
        );
      }
      if (name !== null && !plan.changes.some((o) => o.name === name)) {
        throw fail(c, `Unable to find change "${dependencyKey(dep)}" in plan (a conflict of change "${c.name}")`);
      }
    }
    position.set(c.name, i);
  });
}

/** A line's planner as sqitch formats it. */
function planner(p: Planned): string {
  return `${p.plannerName} <${p.plannerEmail}>`;
}

function sha1Object(kind: 'change' | 'tag', info: string): string {
  const content = Buffer.from(info, 'utf8');
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${kind} ${content.length}\0`, 'utf8'), content]))
    .digest('hex');
}

/** URI->canonical for the URIs plans hold (scheme and host lower-cased, default port dropped). */
function canonicalUri(uri: string): string {
  if (!/^https?:\/\//i.test(uri)) return uri;
  try {
    return new URL(uri).href;
  } catch {
    return uri;
  }
}

/** App::Sqitch::Plan::Change `info` and `id`: SHA-1 of "change <length>\0<info>". */
export function changeId(plan: SqitchPlan, change: PlanChange, parentId: string | null): string {
  const requires = change.requires.map((d) => dependencyString(d, plan.project));
  const conflicts = change.conflicts.map((d) => dependencyString(d, plan.project));
  const info = [
    `project ${plan.project}`,
    ...(plan.uri ? [`uri ${canonicalUri(plan.uri)}`] : []),
    `change ${change.name}`,
    ...(parentId !== null ? [`parent ${parentId}`] : []),
    `planner ${planner(change)}`,
    `date ${change.timestamp}`,
    ...(requires.length > 0 ? [`requires\n  + ${requires.join('\n  + ')}`] : []),
    ...(conflicts.length > 0 ? [`conflicts\n  - ${conflicts.join('\n  - ')}`] : []),
    ...(change.note ? ['', change.note] : []),
  ].join('\n');
  return sha1Object('change', info);
}

/** App::Sqitch::Plan::Tag `info` and `id`: SHA-1 of "tag <length>\0<info>". */
export function tagId(plan: SqitchPlan, tag: PlanTag, changeIdOfTag: string): string {
  const info = [
    `project ${plan.project}`,
    ...(plan.uri ? [`uri ${canonicalUri(plan.uri)}`] : []),
    `tag @${tag.name}`,
    `change ${changeIdOfTag}`,
    `planner ${planner(tag)}`,
    `date ${tag.timestamp}`,
    ...(tag.note ? ['', tag.note] : []),
  ].join('\n');
  return sha1Object('tag', info);
}

/**
 * The change a required dependency resolves to when `change` (at `index`) deploys: the latest
 * earlier instance of the name, or for `name@tag` the instance declared before that tag, or the
 * change a `@tag` is on.
 */
export function resolveRequired(plan: SqitchPlan, dep: PlanDependency, index: number): number {
  const earlier = plan.changes.slice(0, index);
  const tagged = (tag: string) => earlier.findIndex((c) => c.tags.some((t) => t.name === tag));
  const limit = dep.tag !== null ? tagged(dep.tag) : index - 1;
  if (dep.change === null) return limit;
  for (let j = limit; j >= 0; j--) if (plan.changes[j]?.name === dep.change) return j;
  return -1;
}
