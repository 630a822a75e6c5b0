/**
 * Fills one table: decides how every column gets its values (random, distinct, from a parent
 * table, NULL, or left to the server), then runs INSERT … SELECT in chunks inside one
 * transaction. Anything the server refuses rolls the table back and becomes a notice.
 */
import { performance } from 'node:perf_hooks';
import { analyzeCheck, type Restriction } from './checks.js';
import { combine, resolveSpace, saltOf, type Space } from './columns.js';
import type { ColumnGen, FillDialect } from './dialect.js';
import type { CheckInfo, ColumnInfo, FillNotice, ForeignKeyInfo, TableInfo } from './types.js';

export interface FillContext {
  d: FillDialect;
  seed: number;
  tables: Map<string, TableInfo>;
  notices: FillNotice[];
}

export interface TableJob {
  table: TableInfo;
  rows: number;
  /** Foreign keys to fill NULL (cycle breaking). */
  nullForeignKeys: Set<string>;
}

export interface TableOutcome {
  table: string;
  rows: number;
  rowsAfter: number;
  ms: number;
}

/** The table cannot be filled; the reason goes to the notices. */
class SkipTable extends Error {
  constructor(
    readonly column: string | null,
    reason: string,
  ) {
    super(reason);
  }
}

interface FkUnit {
  fk: ForeignKeyInfo;
  /** Child columns this unit sets, and the parent columns they take (parallel). */
  columns: string[];
  refColumns: string[];
  how: 'dense' | 'table' | 'grouped';
  /** grouped: child columns another foreign key sets, and the parent columns they match. */
  groupColumns: string[];
  groupRefs: string[];
  size: bigint;
  min: bigint;
  temp: string | null;
  alias: string;
  salt: number;
  nullable: boolean;
  /** Digit index in the composite-key enumeration, or null for a random parent. */
  digit: number | null;
}

type Mode =
  | { m: 'omit' }
  | { m: 'null' }
  | { m: 'random' }
  | { m: 'unique'; base: bigint }
  | { m: 'digit'; digit: number }
  | { m: 'fk'; unit: FkUnit; pos: number }
  | { m: 'self-pending'; fk: ForeignKeyInfo }
  | { m: 'self'; fk: ForeignKeyInfo; pos: number; nullable: boolean }
  | { m: 'self-update'; fk: ForeignKeyInfo }
  | { m: 'after'; of: string; strict: boolean };

interface Col {
  info: ColumnInfo;
  notNull: boolean;
  space: Space | null;
  gen: ColumnGen | null;
  mode: Mode;
  salt: number;
  restriction: Restriction | undefined;
}

interface Digit {
  size: bigint;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export async function fillTable(ctx: FillContext, job: TableJob, tempPrefix: string): Promise<TableOutcome> {
  const t0 = performance.now();
  const { d } = ctx;
  const t = job.table;
  const temps: string[] = [];
  const countRows = async (): Promise<number> => {
    const r = await d.engine.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM ${d.tableSql(t)}`);
    return Number(r[0]?.c ?? 0);
  };
  const existing = await countRows();
  const outcome = (rowsAfter: number): TableOutcome => ({
    table: t.display,
    rows: Math.max(0, rowsAfter - existing),
    rowsAfter,
    ms: performance.now() - t0,
  });
  try {
    const plan = await planTable(ctx, job, existing, tempPrefix, temps);
    if (plan.count > 0) await runInserts(ctx, t, plan, existing);
    const after = await countRows();
    const missing = plan.count - (after - existing);
    if (missing > 0) {
      const why = [
        ...plan.groupedFks.map((g) => `for some values of (${g.columns.join(', ')}) ${g.parent} has no matching row (foreign key ${g.name})`),
        ...(plan.ignoreConflicts ? ['some generated keys collided with rows that were already there'] : []),
      ];
      ctx.notices.push({ table: t.display, column: null, reason: `${after - existing} rows filled instead of ${plan.count}: ${why.join('; ') || 'rows were dropped'}` });
    }
    return outcome(after);
  } catch (err) {
    // Whatever stops this table (the server refusing a catalog query included) is its notice;
    // the other tables still get their rows.
    const column = err instanceof SkipTable ? err.column : null;
    const reason = err instanceof SkipTable ? err.message : `not filled: ${d.describeError(err).message}`;
    ctx.notices.push({ table: t.display, column, reason });
    return outcome(await countRows());
  } finally {
    for (const name of temps) await d.dropTemp(name).catch(() => undefined);
  }
}

interface TablePlan {
  count: number;
  columns: string[];
  exprs: string[];
  joins: string[];
  ignoreConflicts: boolean;
  ordered: boolean;
  /** Self-referencing FKs on server-assigned keys: set after the insert. */
  selfUpdates: { fk: ForeignKeyInfo; keyColumn: string; maxBefore: string | null; salt: number }[];
  /** For error messages. */
  checksByName: Map<string, CheckInfo>;
  /** Foreign keys picked within groups (rows whose group has no parent row are left out). */
  groupedFks: { name: string; columns: string[]; parent: string }[];
  nSql: string;
  rowSource: (first: number, last: number) => { from: string; n: string };
  selectFor: (from: string) => string;
}

async function planTable(ctx: FillContext, job: TableJob, existing: number, tempPrefix: string, temps: string[]): Promise<TablePlan> {
  const { d, seed } = ctx;
  const t = job.table;
  const notice = (column: string | null, reason: string): void => {
    ctx.notices.push({ table: t.display, column, reason });
  };
  const colNames = t.columns.map((c) => c.name);
  const start = existing;
  const probe = d.rowSource(1, 1);
  const n = probe.n;

  // --- CHECK constraints: what they ask of each column ---------------------------------------
  const restrictionsByCol = new Map<string, Restriction[]>();
  const checksOfCol = new Map<string, string[]>();
  const checksByName = new Map<string, CheckInfo>();
  for (const ch of t.checks) {
    checksByName.set(ch.name, ch);
    const a = analyzeCheck(ch.expr, colNames, d.name);
    for (const [col, r] of a.restrictions) {
      restrictionsByCol.set(col, [...(restrictionsByCol.get(col) ?? []), r]);
      checksOfCol.set(col, [...(checksOfCol.get(col) ?? []), ch.name]);
    }
  }

  // --- columns --------------------------------------------------------------------------------
  const cols = new Map<string, Col>();
  for (const info of t.columns) {
    const salt = saltOf(seed, t.display, info.name);
    const col: Col = { info, notNull: info.notNull, space: null, gen: null, mode: { m: 'random' }, salt, restriction: undefined };
    cols.set(info.name, col);
    if (info.generated || info.serverAssigned) {
      col.mode = { m: 'omit' };
      continue;
    }
    if (info.kind.kind === 'unknown') {
      if (info.hasDefault) {
        col.mode = { m: 'omit' };
        notice(info.name, `${info.kind.reason} (${info.typeLabel}): left to its default`);
      } else if (!info.notNull) {
        col.mode = { m: 'null' };
        notice(info.name, `${info.kind.reason} (${info.typeLabel}): left NULL`);
      } else {
        throw new SkipTable(info.name, `not filled: column ${info.name} has a type the fill cannot generate (${info.kind.reason}) and is NOT NULL without a default`);
      }
      continue;
    }
    const domainRestrictions: (Restriction | undefined)[] = [];
    const names = [...(checksOfCol.get(info.name) ?? [])];
    for (const ch of info.domainChecks) {
      checksByName.set(ch.name, { ...ch, columns: [info.name] });
      const a = analyzeCheck(ch.expr, ['VALUE'], d.name);
      const r = a.restrictions.get('VALUE');
      if (r) {
        domainRestrictions.push(r);
        names.push(ch.name);
      }
    }
    const restriction = combine([...(restrictionsByCol.get(info.name) ?? []), ...domainRestrictions]);
    col.restriction = restriction;
    if (restriction?.notNull) col.notNull = true;
    const space = resolveSpace(info.kind, restriction, d);
    if (space.s === 'impossible') {
      throw new SkipTable(info.name, `not filled: CHECK constraint ${names.join(', ')} cannot be satisfied for column ${info.name} (${space.reason})`);
    }
    col.space = space;
    try {
      col.gen = d.gen(info, space, salt);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (!info.notNull) {
        col.mode = { m: 'null' };
        notice(info.name, `${reason} (${info.typeLabel}): left NULL`);
      } else if (info.hasDefault) {
        col.mode = { m: 'omit' };
        notice(info.name, `${reason} (${info.typeLabel}): left to its default`);
      } else {
        throw new SkipTable(info.name, `not filled: column ${info.name}: ${reason}`);
      }
    }
  }
  const col = (name: string): Col => {
    const c = cols.get(name);
    if (!c) throw new SkipTable(name, `not filled: column ${name} is not in the catalog`);
    return c;
  };

  // --- foreign keys ---------------------------------------------------------------------------
  const units: FkUnit[] = [];
  const fks = [...t.foreignKeys].sort((a, b) => b.columns.length - a.columns.length || cmpStr(a.name, b.name));
  for (const fk of fks) {
    const parentKey = fk.refTable;
    const parent = ctx.tables.get(parentKey);
    const parentDisplay = parent?.display ?? parentKey;
    const free = fk.columns.filter((c) => {
      const m = col(c).mode.m;
      return m === 'random';
    });
    if (free.length === 0) continue;
    const nullable = fk.columns.every((c) => !col(c).notNull);
    if (job.nullForeignKeys.has(fk.name)) {
      for (const c of free) col(c).mode = { m: 'null' };
      notice(free[0]!, `foreign key ${fk.name} to ${parentDisplay} left NULL: it closes a cycle of foreign keys`);
      continue;
    }
    if (parentKey === t.key) {
      for (const c of free) col(c).mode = { m: 'self-pending', fk };
      continue;
    }
    const refOf = (c: string): string => fk.refColumns[fk.columns.indexOf(c)]!;
    const [schema, name] = splitKey(parentKey, parent);
    const parentRef = { schema, name };
    // Columns another foreign key already sets (tenant_id of (tenant_id, user_id)): pick among
    // the parent rows that match them.
    const owned = fk.columns.filter((c) => !free.includes(c));
    const grouped = owned.length > 0 && owned.every((c) => col(c).mode.m === 'fk');
    const unit: FkUnit = {
      fk,
      columns: free,
      refColumns: free.map(refOf),
      groupColumns: grouped ? owned : [],
      groupRefs: grouped ? owned.map(refOf) : [],
      how: grouped ? 'grouped' : 'table',
      size: 0n,
      min: 0n,
      temp: null,
      alias: `f${units.length}`,
      salt: saltOf(seed, t.display, `fk:${fk.name}`),
      nullable,
      digit: null,
    };
    // A single integer key without gaps: the parent's keys are min .. min + count - 1.
    const parentCol = parent?.columns.find((c) => c.name === unit.refColumns[0]);
    if (!grouped && unit.columns.length === 1 && (parentCol === undefined || parentCol.kind.kind === 'int')) {
      const rc = d.ident(unit.refColumns[0]!);
      const unique = parent?.uniques.some((u) => u.columns.length === 1 && u.columns[0] === unit.refColumns[0]) ?? false;
      const r = await d.engine.query<Record<string, unknown>>(
        `SELECT MIN(${rc}) AS mn, MAX(${rc}) AS mx, COUNT(${unique ? '' : 'DISTINCT '}${rc}) AS cnt FROM ${d.tableSql(parentRef)}`,
      );
      const mn = r[0]?.mn;
      const mx = r[0]?.mx;
      const cnt = BigInt(String(r[0]?.cnt ?? '0'));
      if (cnt === 0n) unit.size = 0n;
      else if (isIntText(mn) && isIntText(mx) && BigInt(String(mx)) - BigInt(String(mn)) + 1n === cnt) {
        unit.how = 'dense';
        unit.min = BigInt(String(mn));
        unit.size = cnt;
      }
    }
    if (unit.how === 'table') {
      const temp = `${tempPrefix}_fk${units.length}`;
      temps.push(temp);
      unit.temp = temp;
      unit.size = BigInt(await d.createRankTable(temp, parentRef, unit.refColumns));
    } else if (unit.how === 'grouped') {
      const temp = `${tempPrefix}_fk${units.length}`;
      temps.push(temp, `${temp}_n`);
      unit.temp = temp;
      unit.size = BigInt(await d.createGroupedRankTable(temp, parentRef, unit.groupRefs, unit.refColumns));
    }
    if (unit.size === 0n) {
      if (nullable) {
        for (const c of free) col(c).mode = { m: 'null' };
        notice(free[0]!, `foreign key ${fk.name}: ${parentDisplay} has no rows, left NULL`);
        continue;
      }
      throw new SkipTable(free[0]!, `not filled: foreign key ${fk.name} needs rows in ${parentDisplay}, which has none`);
    }
    units.push(unit);
    free.forEach((c) => {
      col(c).mode = { m: 'fk', unit, pos: unit.columns.indexOf(c) };
    });
  }

  // --- unique keys ----------------------------------------------------------------------------
  const digits: Digit[] = [];
  let enumerationUsed = false;
  const uniques = [...t.uniques].sort((a, b) => Number(b.primary) - Number(a.primary) || a.columns.length - b.columns.length || cmpStr(a.name, b.name));
  for (const key of uniques) {
    const kc = key.columns.map((c) => cols.get(c)).filter((c): c is Col => c !== undefined);
    if (kc.length !== key.columns.length) continue;
    if (kc.some((c) => c.info.serverAssigned || c.mode.m === 'unique' || c.mode.m === 'null')) continue;
    if (kc.some((c) => c.mode.m === 'omit')) continue; // generated or defaulted: nothing to steer
    const candidates = kc
      .filter((c) => c.mode.m === 'random' && c.gen?.unique)
      .sort((a, b) => {
        const ca = a.gen!.capacity;
        const cb = b.gen!.capacity;
        if (ca === null && cb === null) return 0;
        if (ca === null) return -1;
        if (cb === null) return 1;
        return ca > cb ? -1 : ca < cb ? 1 : 0;
      });
    const best = candidates[0];
    const enumerable = kc.every((c) => (c.mode.m === 'fk' && c.mode.unit.digit === null && c.mode.unit.how !== 'grouped') || (c.mode.m === 'random' && c.gen?.domain));
    const enumCapacity = enumerable
      ? kc.reduce((acc, c) => acc * (c.mode.m === 'fk' ? c.mode.unit.size : c.gen!.domain!.size), 1n)
      : 0n;
    const wanted = BigInt(start + job.rows);
    const bestCap = best ? best.gen!.capacity : 0n;
    if (best && (bestCap === null || bestCap >= wanted || !enumerable || enumerationUsed || enumCapacity <= bestCap)) {
      best.mode = { m: 'unique', base: 0n };
      continue;
    }
    if (enumerable && !enumerationUsed) {
      enumerationUsed = true;
      const seen = new Set<FkUnit>();
      for (const c of kc) {
        if (c.mode.m === 'fk') {
          if (seen.has(c.mode.unit)) continue;
          seen.add(c.mode.unit);
          c.mode.unit.digit = digits.length;
          digits.push({ size: c.mode.unit.size });
        } else {
          c.mode = { m: 'digit', digit: digits.length };
          digits.push({ size: c.gen!.domain!.size });
        }
      }
    }
    // Otherwise: nothing to steer; the server decides (and a collision skips the table).
  }

  // --- self-referencing foreign keys ----------------------------------------------------------
  const selfUpdates: TablePlan['selfUpdates'] = [];
  const selfFks = new Set<ForeignKeyInfo>();
  for (const c of cols.values()) if (c.mode.m === 'self-pending') selfFks.add(c.mode.fk);
  for (const fk of selfFks) {
    const mine = fk.columns.filter((c) => col(c).mode.m === 'self-pending');
    const nullable = fk.columns.every((c) => !col(c).notNull);
    const refs = mine.map((c) => col(fk.refColumns[fk.columns.indexOf(c)]!));
    if (refs.every((r) => r.mode.m === 'unique' && r.gen?.unique)) {
      mine.forEach((c, pos) => {
        col(c).mode = { m: 'self', fk, pos, nullable };
      });
      continue;
    }
    const ref0 = refs[0]!;
    if (refs.length === 1 && ref0.info.serverAssigned && ref0.info.kind.kind === 'int' && nullable) {
      const r = await d.engine.query<Record<string, unknown>>(`SELECT MAX(${d.ident(ref0.info.name)}) AS mx FROM ${d.tableSql(t)}`);
      const mx = r[0]?.mx;
      selfUpdates.push({ fk, keyColumn: ref0.info.name, maxBefore: isIntText(mx) ? String(mx) : null, salt: saltOf(seed, t.display, `self:${fk.name}`) });
      for (const c of mine) col(c).mode = { m: 'self-update', fk };
      continue;
    }
    if (existing > 0) {
      const temp = `${tempPrefix}_fk${units.length}`;
      temps.push(temp);
      const unit: FkUnit = {
        fk,
        columns: mine,
        refColumns: mine.map((c) => fk.refColumns[fk.columns.indexOf(c)]!),
        groupColumns: [],
        groupRefs: [],
        how: 'table',
        size: 0n,
        min: 0n,
        temp,
        alias: `f${units.length}`,
        salt: saltOf(seed, t.display, `fk:${fk.name}`),
        nullable,
        digit: null,
      };
      unit.size = BigInt(await d.createRankTable(temp, t, unit.refColumns));
      if (unit.size > 0n) {
        units.push(unit);
        mine.forEach((c, pos) => {
          col(c).mode = { m: 'fk', unit, pos };
        });
        continue;
      }
    }
    if (nullable) {
      for (const c of mine) col(c).mode = { m: 'null' };
      notice(mine[0]!, `self-referencing foreign key ${fk.name}: the keys it references are not generated by the fill, left NULL`);
      continue;
    }
    throw new SkipTable(
      mine[0]!,
      `not filled: self-referencing foreign key ${fk.name} is NOT NULL and references ${fk.refColumns.join(', ')}, whose values the fill cannot know before inserting (the first row would have nothing to reference)`,
    );
  }

  // --- how many rows fit ----------------------------------------------------------------------
  let count = BigInt(job.rows);
  const limit = (cap: bigint, column: string, why: string): void => {
    if (cap < count) {
      count = cap < 0n ? 0n : cap;
      notice(column, `${why}: ${count} rows filled instead of ${job.rows}`);
    }
  };
  for (const c of cols.values()) {
    if (c.mode.m !== 'unique' || !c.gen) continue;
    let base = 0n;
    if (existing > 0) {
      if (c.gen.idxOf) {
        const r = await d.engine.query<Record<string, unknown>>(`SELECT MAX(${c.gen.idxOf(d.ident(c.info.name))}) AS mx FROM ${d.tableSql(t)}`);
        const mx = r[0]?.mx;
        if (mx !== null && mx !== undefined && Number.isFinite(Number(mx))) base = BigInt(Math.max(0, Math.floor(Number(mx)) + 1));
      } else {
        base = BigInt(existing);
      }
    }
    c.mode.base = base;
    if (c.gen.capacity !== null) limit(c.gen.capacity - base, c.info.name, `column ${c.info.name} must be unique and its type or CHECK allows only ${c.gen.capacity} distinct values`);
  }
  const enumSize = digits.reduce((acc, x) => acc * x.size, 1n);
  if (digits.length > 0) {
    const keyCols = [...cols.values()].filter((c) => c.mode.m === 'digit' || (c.mode.m === 'fk' && c.mode.unit.digit !== null)).map((c) => c.info.name);
    limit(enumSize - BigInt(start), keyCols[0] ?? '', `the unique key (${keyCols.join(', ')}) has only ${enumSize} distinct combinations of parent rows and values`);
  }
  if (count <= 0n) throw new SkipTable(null, 'not filled: no distinct key values are left for new rows');

  // --- CHECK (a < b): b = a + a positive step ---------------------------------------------------
  for (const a of cols.values()) {
    for (const lt of a.restriction?.lessThan ?? []) {
      const b = cols.get(lt.column);
      if (!b || b.mode.m !== 'random' || !a.space || !b.space || a.space.s !== 'units' || b.space.s !== 'units') continue;
      if (a.space.kind.kind !== b.space.kind.kind || !a.gen?.plusUnits) continue;
      if (a.mode.m === 'omit' || a.mode.m === 'null' || a.mode.m === 'after') continue;
      b.mode = { m: 'after', of: a.info.name, strict: lt.strict };
    }
  }

  // --- SQL expressions ------------------------------------------------------------------------
  // The enumeration of a composite key: row number -> mixed-radix digits, scrambled by a
  // multiplier coprime with the number of combinations so that neighbours differ everywhere.
  let mixed = `(${n} - 1)`;
  if (digits.length > 0) {
    for (const mult of [1_000_003n, 999_983n, 104_729n, 7_919n, 613n, 101n, 13n]) {
      if (gcd(mult, enumSize) === 1n && enumSize * mult < 2n ** 62n) {
        mixed = `(((${n} - 1) * ${mult}) % ${enumSize})`;
        break;
      }
    }
  }
  const radix: bigint[] = [];
  digits.reduce((acc, x) => {
    radix.push(acc);
    return acc * x.size;
  }, 1n);
  const digitExpr = (i: number): string => `(${d.idiv(mixed, String(radix[i]!))} % ${digits[i]!.size})`;
  const idxExpr = (base: bigint, rowN: string): string => `(${base} + (${rowN} - ${start + 1}))`;
  const nullWrap = (c: Col, salt: number, v: string): string =>
    `(CASE WHEN ${d.hash(n, salt ^ 0x5bd1e995)} % 10 = 0 THEN ${d.nullOf(c.info)} ELSE ${v} END)`;

  const unitKey = (u: FkUnit): string =>
    u.how === 'grouped' ? d.randDyn(n, u.salt, `${u.alias}n.cnt`) : u.digit !== null ? digitExpr(u.digit) : d.rand(n, u.salt, u.size);
  /** A foreign-key column's value as the parent has it (no NULLs, no cast). */
  const rawFk = (c: Col): string => {
    const m = c.mode as Extract<Mode, { m: 'fk' }>;
    return m.unit.how === 'dense' ? `(${m.unit.min} + ${unitKey(m.unit)})` : `${m.unit.alias}.c${m.pos}`;
  };
  const joins: string[] = [];
  for (const u of units) {
    if (![...cols.values()].some((c) => c.mode.m === 'fk' && c.mode.unit === u)) continue;
    if (u.how === 'table') joins.push(`JOIN ${u.temp} ${u.alias} ON ${u.alias}.k = ${unitKey(u)}`);
    if (u.how === 'grouped') {
      const match = (alias: string): string => u.groupColumns.map((gc, i) => `${alias}.g${i} = ${rawFk(col(gc))}`).join(' AND ');
      joins.push(`JOIN ${u.temp}_n ${u.alias}n ON ${match(`${u.alias}n`)}`);
      joins.push(`JOIN ${u.temp} ${u.alias} ON ${match(u.alias)} AND ${u.alias}.k = ${unitKey(u)}`);
    }
  }

  const valueOf = (c: Col, depth = 0): string => {
    const m = c.mode;
    switch (m.m) {
      case 'omit':
        throw new Error('omitted column has no value');
      case 'null':
      case 'self-update':
        return d.nullOf(c.info);
      case 'random': {
        const v = d.cast(c.info, c.gen!.random(n));
        return c.notNull ? v : nullWrap(c, c.salt, v);
      }
      case 'unique':
        return d.cast(c.info, c.gen!.unique!(idxExpr(m.base, n)));
      case 'digit':
        return d.cast(c.info, c.gen!.domain!.at(digitExpr(m.digit)));
      case 'fk': {
        const u = m.unit;
        const v = d.cast(c.info, rawFk(c));
        return u.nullable && u.digit === null ? nullWrap(c, u.salt, v) : v;
      }
      case 'self': {
        const ref = col(m.fk.refColumns[m.fk.columns.indexOf(c.info.name)]!);
        const refMode = ref.mode as { m: 'unique'; base: bigint };
        const salt = saltOf(seed, t.display, `self:${m.fk.name}`);
        const first = start + 1;
        if (m.nullable) {
          // Roots: the first new row and about one row in ten; others point at an earlier new row.
          const j = `(${first} + ${d.randDyn(n, salt, `GREATEST(${n} - ${first}, 1)`)})`;
          const v = d.cast(c.info, ref.gen!.unique!(idxExpr(refMode.base, j)));
          return `(CASE WHEN ${n} = ${first} OR ${d.hash(n, salt ^ 0x5bd1e995)} % 10 = 0 THEN ${d.nullOf(c.info)} ELSE ${v} END)`;
        }
        // NOT NULL: the first new row references itself, every other one an earlier new row.
        const j = `(${first} + ${d.randDyn(n, salt, `GREATEST(${n} - ${first}, 1)`)})`;
        return d.cast(c.info, ref.gen!.unique!(idxExpr(refMode.base, j)));
      }
      case 'after': {
        const a = col(m.of);
        const b = c;
        const bs = b.space as Extract<Space, { s: 'units' }>;
        const step = (bs.hi - bs.lo) / 10n > 0n ? (bs.hi - bs.lo) / 10n : 1n;
        const delta = `(${m.strict ? 1 : 0} + ${d.rand(n, b.salt ^ 0x27d4eb2f, step)})`;
        const aValue = depth > 5 ? d.cast(a.info, a.gen!.random(n)) : valueOf(a, depth + 1);
        const own = d.cast(b.info, b.gen!.random(n));
        const v = `COALESCE(${d.cast(b.info, a.gen!.plusUnits!(aValue, delta))}, ${own})`;
        return b.notNull ? v : nullWrap(b, b.salt, v);
      }
      case 'self-pending':
        throw new Error('unresolved self-reference');
    }
  };

  const columns: string[] = [];
  const exprs: string[] = [];
  for (const c of cols.values()) {
    if (c.mode.m === 'omit') continue;
    columns.push(c.info.name);
    exprs.push(valueOf(c));
  }
  const hasSelf = [...cols.values()].some((c) => c.mode.m === 'self');
  if (columns.length === 0) {
    throw new SkipTable(null, 'not filled: every column is generated or numbered by the server, and INSERT … SELECT needs at least one column to write');
  }
  return {
    count: Number(count),
    columns,
    exprs,
    joins,
    ignoreConflicts: existing > 0,
    // Rows in row-number order where it matters: references to earlier rows of the same
    // statement (MySQL checks them row by row), and server-numbered keys after a join (so the
    // same row gets the same number every time).
    ordered: hasSelf || (joins.length > 0 && t.columns.some((c) => c.serverAssigned)),
    selfUpdates,
    checksByName,
    groupedFks: units
      .filter((u) => u.how === 'grouped')
      .map((u) => ({ name: u.fk.name, columns: u.groupColumns, parent: ctx.tables.get(u.fk.refTable)?.display ?? u.fk.refTable })),
    nSql: n,
    rowSource: (first, last) => d.rowSource(first, last),
    selectFor: (from) => `SELECT ${exprs.join(', ')} FROM ${from}${joins.length ? ` ${joins.join(' ')}` : ''}`,
  };
}

async function runInserts(ctx: FillContext, t: TableInfo, plan: TablePlan, existing: number): Promise<void> {
  const { d } = ctx;
  const first = existing + 1;
  const last = existing + plan.count;
  await d.engine.begin();
  try {
    for (let a = first; a <= last; a += d.chunkRows) {
      const b = Math.min(last, a + d.chunkRows - 1);
      const src = plan.rowSource(a, b);
      const sql = d.insertSql(t, plan.columns, plan.selectFor(src.from), { ignoreConflicts: plan.ignoreConflicts, ordered: plan.ordered, n: src.n });
      await d.engine.query(sql);
    }
    await d.engine.commit();
  } catch (err) {
    await d.engine.rollback().catch(() => undefined);
    throw new SkipTable(...explain(ctx, t, plan, err));
  }
  for (const su of plan.selfUpdates) {
    await selfUpdate(ctx, t, su).catch((err: unknown) => {
      const e = d.describeError(err);
      ctx.notices.push({ table: t.display, column: su.fk.columns[0] ?? null, reason: `self-referencing foreign key ${su.fk.name} left NULL: ${e.message}` });
    });
  }
}

/** Points each new row of a server-numbered table at an earlier new row (about one in ten stays a root). */
async function selfUpdate(ctx: FillContext, t: TableInfo, su: TablePlan['selfUpdates'][number]): Promise<void> {
  const { d } = ctx;
  const a = `_mt_fill_self_a`;
  const b = `_mt_fill_self_b`;
  try {
    const key = d.ident(su.keyColumn);
    const where = su.maxBefore !== null ? `${key} > ${su.maxBefore}` : undefined;
    await d.createRankTable(a, t, [su.keyColumn], where);
    await d.copyRankTable(a, b);
    const fkCol = d.ident(su.fk.columns[0]!);
    const target = `${b}.k = ${d.randDyn('sa.k', su.salt, 'sa.k')}`;
    const cond = `sa.k > 0 AND ${d.hash('sa.k', su.salt ^ 0x5bd1e995)} % 10 <> 0`;
    await d.engine.begin();
    try {
      if (d.name === 'postgres') {
        await d.engine.query(
          `UPDATE ${d.tableSql(t)} AS x SET ${fkCol} = ${b}.c0 FROM ${a} AS sa JOIN ${b} ON ${target} WHERE x.${key} = sa.c0 AND ${cond}`,
        );
      } else {
        await d.engine.query(`UPDATE ${d.tableSql(t)} AS x JOIN ${a} AS sa ON x.${key} = sa.c0 JOIN ${b} ON ${target} SET x.${fkCol} = ${b}.c0 WHERE ${cond}`);
      }
      await d.engine.commit();
    } catch (err) {
      await d.engine.rollback().catch(() => undefined);
      throw err;
    }
  } finally {
    await d.dropTemp(a).catch(() => undefined);
    await d.dropTemp(b).catch(() => undefined);
  }
}

function explain(ctx: FillContext, t: TableInfo, plan: TablePlan, err: unknown): [string | null, string] {
  const e = ctx.d.describeError(err);
  const name = e.constraint;
  switch (e.kind) {
    case 'check': {
      const ch = name ? (plan.checksByName.get(name) ?? [...plan.checksByName.values()].find((c) => c.name.toLowerCase() === name.toLowerCase())) : undefined;
      const column = ch && ch.columns.length === 1 ? ch.columns[0]! : null;
      const what = ch ? `CHECK constraint ${ch.name} (${ch.expr.replace(/^CHECK\s*/i, '')})` : `a CHECK constraint${name ? ` (${name})` : ''}`;
      return [column, `not filled: ${what} rejected the generated values, and the fill cannot satisfy it: ${e.message}`];
    }
    case 'foreign key': {
      const fk = t.foreignKeys.find((f) => f.name === name);
      return [fk?.columns[0] ?? null, `not filled: foreign key ${name ?? ''} rejected the generated values: ${e.message}`];
    }
    case 'unique': {
      const u = t.uniques.find((x) => x.name === name);
      return [u && u.columns.length === 1 ? u.columns[0]! : null, `not filled: unique key ${name ?? ''} rejected duplicate values: ${e.message}`];
    }
    case 'exclusion':
      return [null, `not filled: exclusion constraint ${name ?? ''} rejected the generated values: ${e.message}`];
    case 'not null':
      return [null, `not filled: ${e.message}`];
    case 'other':
      return [null, `not filled: the server refused the generated rows: ${e.message}`];
  }
}

function isIntText(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'bigint') || (typeof v === 'string' && /^-?\d+$/.test(v));
}

function splitKey(key: string, parent: TableInfo | undefined): [string, string] {
  if (parent) return [parent.schema, parent.name];
  const dot = key.indexOf('.');
  return dot < 0 ? ['', key] : [key.slice(0, dot), key.slice(dot + 1)];
}
