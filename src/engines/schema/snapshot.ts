/**
 * Schema snapshots read from the server's catalogs, and a readable difference between two.
 *
 * The rollback cycle snapshots the schema before the new migrations, after they ran up, after
 * they ran down (must equal "before") and after they ran up again (must equal "after the first
 * up"). A snapshot is plain data: objects keyed by `${kind} ${qualified name}`, each with a flat
 * set of properties that describe its definition (never its data, size, statistics, counters,
 * creation time or OID), so two snapshots of the same schema are deep-equal.
 *
 * The catalog readers are the engines' own (postgres/schema.ts, mysql/schema.ts); this file is pure.
 */

/** Runs one query of our own on the migration session; placeholders are the dialect's. */
export type QueryFn = <T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<T[]>;

export type PropertyValue = string | number | boolean | null | string[];

export interface SchemaObject {
  kind: string;
  name: string;
  properties: Record<string, PropertyValue>;
  /**
   * Key of the object this one belongs to (a column's, index's, constraint's or trigger's table;
   * an owned sequence's table), so that a readable diff can fold the parts of a table that was
   * added or removed as a whole into one line. Not compared.
   */
  parent?: string;
}

/** Objects keyed by `${kind} ${qualified name}`, e.g. "column public.users.email", "index public.users_email_key". */
export interface SchemaSnapshot {
  objects: Record<string, SchemaObject>;
}

export interface SchemaDifference {
  key: string;
  kind: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  /**
   * changed: one entry per differing property, e.g. ['type: character varying(255) → text',
   * 'nullable: false → true']; added / removed: a short description of the object, e.g.
   * ['character varying(255)', 'not null'].
   */
  details: string[];
  /** Key of the owning object (see SchemaObject.parent), when it has one. */
  parent?: string;
}

/** The order kinds are listed in a diff: containers first, then what hangs off them. */
const KIND_ORDER = [
  'schema',
  'extension',
  'enum',
  'domain',
  'composite type',
  'range type',
  'sequence',
  'table',
  'column',
  'constraint',
  'index',
  'view',
  'materialized view',
  'function',
  'procedure',
  'aggregate',
  'window function',
  'trigger',
  'policy',
  'rule',
  'statistics',
  'event',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameValue(a: PropertyValue | undefined, b: PropertyValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => x === b[i]);
  }
  return (a ?? null) === (b ?? null);
}

const CONTEXT_CHARS = 24;
/** Longest value shown whole on a "~" line; longer ones show the stretch that differs. */
const MAX_VALUE_CHARS = 100;
/** Longest description part on a "+" or "-" line. */
const MAX_SUMMARY_CHARS = 160;

/** Whitespace collapsed, so that a multi-line definition reads on one line. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function clip(s: string, max: number = MAX_VALUE_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function formatValue(v: PropertyValue | undefined): string {
  if (v === null || v === undefined) return 'none';
  if (Array.isArray(v)) return `[${v.map((x) => oneLine(x)).join(', ')}]`;
  if (typeof v === 'string') {
    const s = oneLine(v);
    return s === '' ? "''" : s;
  }
  return String(v);
}

/**
 * "old → new"; when both are long, only the stretch that differs with a little context, so a
 * changed function body or view definition still fits on one line.
 */
function describeChange(a: PropertyValue | undefined, b: PropertyValue | undefined): string {
  const x = formatValue(a);
  const y = formatValue(b);
  if (x.length <= MAX_VALUE_CHARS && y.length <= MAX_VALUE_CHARS) return `${x} → ${y}`;
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  // The context starts and ends at a space where there is one, so as not to cut a word in two.
  let from = Math.max(0, start - CONTEXT_CHARS);
  if (from > 0) {
    const space = x.slice(from, start).indexOf(' ');
    if (space !== -1) from += space + 1;
  }
  const window = (s: string, end: number): string => {
    let to = Math.min(s.length, end + CONTEXT_CHARS);
    if (to < s.length) {
      const space = s.slice(end, to).lastIndexOf(' ');
      if (space !== -1) to = end + space;
    }
    const middle = s.slice(start, end);
    const shownMiddle = middle.length > MAX_VALUE_CHARS ? `${middle.slice(0, MAX_VALUE_CHARS - 1)}…` : middle;
    let shown = `${s.slice(from, start)}${shownMiddle}${s.slice(end, to)}`;
    if (from > 0) shown = `…${shown.trimStart()}`;
    if (to < s.length) shown = `${shown.trimEnd()}…`;
    return shown;
  };
  return `${window(x, endX)} → ${window(y, endY)}`;
}

/** A short description of an object for "+" and "-" lines. */
export function describeObject(obj: SchemaObject): string[] {
  const p = obj.properties;
  const str = (k: string): string | null => {
    const v = p[k];
    return v === undefined || v === null || v === '' ? null : formatValue(v);
  };
  const out: string[] = [];
  const push = (s: string | null, prefix = ''): void => {
    if (s !== null) out.push(clip(prefix + s, MAX_SUMMARY_CHARS));
  };
  switch (obj.kind) {
    case 'column':
      push(str('type'));
      if (p['nullable'] === false) out.push('not null');
      push(str('default'), 'default ');
      push(str('identity'), 'identity ');
      push(str('generated'), 'generated ');
      push(str('extra'));
      push(str('collation'), 'collate ');
      break;
    case 'table': {
      if (p['kind'] !== 'table') push(str('kind'));
      if (p['persistence'] === 'unlogged') out.push('unlogged');
      push(str('partition key'), 'partition by ');
      const parents = p['inherits'];
      const bound = str('partition bound');
      if (bound !== null && Array.isArray(parents) && parents.length === 1)
        push(`partition of ${parents[0]!} ${bound}`);
      else {
        push(str('inherits'), 'inherits ');
        push(str('partition bound'));
      }
      push(str('partitioning'), 'partition by ');
      break;
    }
    case 'enum':
      push(str('labels'));
      break;
    case 'domain':
    case 'range type':
      push(str('type'));
      if (p['nullable'] === false) out.push('not null');
      break;
    case 'composite type':
      push(str('attributes'));
      break;
    case 'sequence':
      push(str('type'));
      push(str('owned by'), 'owned by ');
      push(str('definition'));
      break;
    case 'function':
    case 'procedure':
    case 'aggregate':
    case 'window function':
      push(str('returns'), 'returns ');
      push(str('language'));
      break;
    case 'extension':
      push(str('version'));
      break;
    case 'policy':
      push(str('command'));
      push(str('using'), 'using ');
      push(str('with check'), 'with check ');
      break;
    case 'event':
      push(str('type'));
      push(str('every'), 'every ');
      break;
    case 'schema':
      break;
    default:
      push(str('definition'));
  }
  return out;
}

/**
 * For columns present on both sides: a position difference is reported only when the relative
 * order of the columns that both sides have changed, and then only for the columns that moved
 * (those outside a longest common subsequence). Adding or dropping a column shifts the others'
 * positions without being a move.
 */
function movedColumns(expected: SchemaSnapshot, actual: SchemaSnapshot, common: string[]): Set<string> {
  const byTable = new Map<string, { key: string; e: number; a: number }[]>();
  for (const key of common) {
    const e = expected.objects[key]!;
    const a = actual.objects[key]!;
    if (e.kind !== 'column') continue;
    const pe = e.properties['position'];
    const pa = a.properties['position'];
    if (typeof pe !== 'number' || typeof pa !== 'number') continue;
    const table = String(e.properties['table'] ?? e.parent ?? '');
    const list = byTable.get(table) ?? [];
    list.push({ key, e: pe, a: pa });
    byTable.set(table, list);
  }
  const moved = new Set<string>();
  for (const list of byTable.values()) {
    const seqE = [...list].sort((x, y) => x.e - y.e).map((c) => c.key);
    const seqA = [...list].sort((x, y) => x.a - y.a).map((c) => c.key);
    if (seqE.every((k, i) => k === seqA[i])) continue;
    const keep = lcs(seqE, seqA);
    for (const k of seqE) if (!keep.has(k)) moved.add(k);
  }
  return moved;
}

function lcs(a: string[], b: string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const out = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.add(a[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return out;
}

function compareDifferences(x: SchemaDifference, y: SchemaDifference): number {
  return kindRank(x.kind) - kindRank(y.kind) || compareStrings(x.name, y.name) || compareStrings(x.key, y.key);
}

/**
 * What differs between two snapshots, from the point of view of `expected`: objects only in
 * `actual` are "added", objects only in `expected` "removed". Ordered by kind (tables before
 * columns before indexes ...), then by name.
 */
export function diffSchemas(expected: SchemaSnapshot, actual: SchemaSnapshot): SchemaDifference[] {
  const diffs: SchemaDifference[] = [];
  const common: string[] = [];
  const withParent = (d: SchemaDifference, obj: SchemaObject): SchemaDifference =>
    obj.parent !== undefined ? { ...d, parent: obj.parent } : d;
  for (const [key, e] of Object.entries(expected.objects)) {
    const a = actual.objects[key];
    if (a === undefined) {
      diffs.push(withParent({ key, kind: e.kind, name: e.name, change: 'removed', details: describeObject(e) }, e));
    } else {
      common.push(key);
    }
  }
  for (const [key, a] of Object.entries(actual.objects)) {
    if (!(key in expected.objects)) {
      diffs.push(withParent({ key, kind: a.kind, name: a.name, change: 'added', details: describeObject(a) }, a));
    }
  }
  const moved = movedColumns(expected, actual, common);
  for (const key of common) {
    const e = expected.objects[key]!;
    const a = actual.objects[key]!;
    const names = [...Object.keys(e.properties)];
    for (const k of Object.keys(a.properties)) if (!names.includes(k)) names.push(k);
    const details: string[] = [];
    for (const name of names) {
      const x = e.properties[name];
      const y = a.properties[name];
      if (sameValue(x, y)) continue;
      if (e.kind === 'column' && name === 'position' && !moved.has(key)) continue;
      details.push(`${name}: ${describeChange(x, y)}`);
    }
    if (details.length > 0) diffs.push(withParent({ key, kind: e.kind, name: e.name, change: 'changed', details }, a));
  }
  return diffs.sort(compareDifferences);
}

function plural(kind: string, n: number): string {
  if (n === 1) return `1 ${kind}`;
  if (kind === 'index') return `${n} indexes`;
  if (kind.endsWith('y') && !kind.endsWith('ey')) return `${n} ${kind.slice(0, -1)}ies`;
  if (kind.endsWith('s')) return `${n} ${kind}`;
  return `${n} ${kind}s`;
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

/**
 * A readable diff, one line per difference:
 *   - column public.users.email (character varying(255), not null)
 *   ~ index public.users_email_key: definition: … → …
 *   + table public.tmp (with 3 columns, 1 index)
 * The parts of a table that was added or removed as a whole are folded into the table's line.
 * At most `limit` lines, then "… and N more".
 */
export function formatSchemaDiff(diffs: SchemaDifference[], limit: number = 50): string {
  const whole = new Map<string, SchemaDifference['change']>();
  for (const d of diffs) if (d.change !== 'changed') whole.set(d.key, d.change);
  const folded = new Map<string, Map<string, number>>();
  const shown: SchemaDifference[] = [];
  for (const d of diffs) {
    if (d.parent !== undefined && d.change !== 'changed' && whole.get(d.parent) === d.change) {
      const counts = folded.get(d.parent) ?? new Map<string, number>();
      counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
      folded.set(d.parent, counts);
    } else {
      shown.push(d);
    }
  }
  const lines = shown.map((d) => {
    const head = `${MARK[d.change]} ${d.kind} ${d.name}`;
    if (d.change === 'changed') return `${head}: ${d.details.join('; ')}`;
    const parts = [...d.details];
    const counts = folded.get(d.key);
    if (counts !== undefined) {
      const kinds = [...counts.keys()].sort((x, y) => kindRank(x) - kindRank(y) || compareStrings(x, y));
      parts.push(`with ${kinds.map((k) => plural(k, counts.get(k)!)).join(', ')}`);
    }
    return parts.length > 0 ? `${head} (${parts.join(', ')})` : head;
  });
  const max = Math.max(0, Math.floor(limit));
  if (lines.length <= max) return lines.join('\n');
  return [...lines.slice(0, max), `… and ${lines.length - max} more`].join('\n');
}

/** Adds an object under its key; a duplicate key gets " #2", " #3" ... so that nothing is lost. */
export function addObject(snapshot: SchemaSnapshot, obj: SchemaObject): void {
  let name = obj.name;
  for (let n = 2; `${obj.kind} ${name}` in snapshot.objects; n++) name = `${obj.name} #${n}`;
  snapshot.objects[`${obj.kind} ${name}`] = name === obj.name ? obj : { ...obj, name };
}

export function objectKey(kind: string, name: string): string {
  return `${kind} ${name}`;
}

/** The same snapshot with its objects in a stable order (by kind, then name), for readable JSON. */
export function sortSnapshot(snapshot: SchemaSnapshot): SchemaSnapshot {
  const keys = Object.keys(snapshot.objects).sort((x, y) => {
    const a = snapshot.objects[x]!;
    const b = snapshot.objects[y]!;
    return kindRank(a.kind) - kindRank(b.kind) || compareStrings(a.name, b.name) || compareStrings(x, y);
  });
  const objects: Record<string, SchemaObject> = {};
  for (const k of keys) objects[k] = snapshot.objects[k]!;
  return { objects };
}
