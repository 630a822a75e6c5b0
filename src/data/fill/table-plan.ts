/**
 * How one table gets its values, decided column by column before any row is written: what the
 * CHECKs allow, which columns take parent keys, which column of each unique key is made
 * distinct, how self-references are resolved, and how many rows fit. table-values.ts turns the
 * decisions into SQL; table.ts runs it.
 */
import { analyzeCheck, type Restriction } from './checks.js';
import { combine, resolveSpace, saltOf, type Space } from './columns.js';
import type { ColumnGen } from './dialect.js';
import type { FillContext, TableJob } from './table.js';
import { ValueSql } from './table-values.js';
import type { CheckInfo, ColumnInfo, ForeignKeyInfo, TableInfo, UniqueInfo } from './types.js';

/** The table cannot be filled; the reason goes to the notices. */
export class SkipTable extends Error {
  constructor(
    readonly column: string | null,
    reason: string,
  ) {
    super(reason);
  }
}

export interface FkUnit {
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

export type Mode =
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

export interface Col {
  info: ColumnInfo;
  notNull: boolean;
  space: Space | null;
  gen: ColumnGen | null;
  mode: Mode;
  salt: number;
  restriction: Restriction | undefined;
}

export interface Digit {
  size: bigint;
}

export interface SelfUpdate {
  fk: ForeignKeyInfo;
  keyColumn: string;
  maxBefore: string | null;
  salt: number;
}

export interface TablePlan {
  count: number;
  columns: string[];
  exprs: string[];
  joins: string[];
  ignoreConflicts: boolean;
  ordered: boolean;
  /** Self-referencing FKs on server-assigned keys: set after the insert. */
  selfUpdates: SelfUpdate[];
  /** For error messages. */
  checksByName: Map<string, CheckInfo>;
  /** Foreign keys picked within groups (rows whose group has no parent row are left out). */
  groupedFks: { name: string; columns: string[]; parent: string }[];
  nSql: string;
  rowSource: (first: number, last: number) => { from: string; n: string };
  selectFor: (from: string) => string;
}

/** What the table's own CHECKs ask of each column, and which CHECKs ask it. */
interface TableChecks {
  restrictionsByCol: Map<string, Restriction[]>;
  checksOfCol: Map<string, string[]>;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function planTable(
  ctx: FillContext,
  job: TableJob,
  existing: number,
  tempPrefix: string,
  temps: string[],
): Promise<TablePlan> {
  return new TablePlanner(ctx, job, existing, tempPrefix, temps).plan();
}

/**
 * One table's plan, built in steps that each settle one kind of column. The order matters:
 * foreign keys claim their columns first, unique keys steer what is left, self-references
 * need to know which keys are unique, and the row count depends on all of them.
 */
class TablePlanner {
  private readonly t: TableInfo;
  private readonly cols = new Map<string, Col>();
  private readonly units: FkUnit[] = [];
  private readonly digits: Digit[] = [];
  private readonly checksByName = new Map<string, CheckInfo>();
  private enumerationUsed = false;

  constructor(
    private readonly ctx: FillContext,
    private readonly job: TableJob,
    private readonly existing: number,
    private readonly tempPrefix: string,
    private readonly temps: string[],
  ) {
    this.t = job.table;
  }

  async plan(): Promise<TablePlan> {
    const n = this.ctx.d.rowSource(1, 1).n;
    const checks = this.readTableChecks();
    for (const info of this.t.columns) this.planColumn(info, checks);
    // Wider foreign keys first: a composite key sets the columns it shares with narrower ones
    // (tenant_id), so the row's parents agree. Ties by name: the same plan on every run.
    const fks = [...this.t.foreignKeys].sort((a, b) => b.columns.length - a.columns.length || cmpStr(a.name, b.name));
    for (const fk of fks) await this.planForeignKey(fk);
    // The primary key first, then narrower keys: the fewer columns, the likelier one of them alone can be made distinct.
    const uniques = [...this.t.uniques].sort(
      (a, b) => Number(b.primary) - Number(a.primary) || a.columns.length - b.columns.length || cmpStr(a.name, b.name),
    );
    for (const key of uniques) this.planUniqueKey(key);
    const selfUpdates = await this.planSelfReferences();
    const count = await this.fitRowCount();
    this.chainLessThan();
    return this.buildPlan(n, count, selfUpdates);
  }

  private notice(column: string | null, reason: string): void {
    this.ctx.notices.push({ table: this.t.display, column, reason });
  }

  private col(name: string): Col {
    const c = this.cols.get(name);
    if (!c) throw new SkipTable(name, `not filled: column ${name} is not in the catalog`);
    return c;
  }

  private salt(purpose: string): number {
    return saltOf(this.ctx.seed, this.t.display, purpose);
  }

  // --- columns: type, CHECKs, generator ----------------------------------------------------------

  private readTableChecks(): TableChecks {
    const colNames = this.t.columns.map((c) => c.name);
    const restrictionsByCol = new Map<string, Restriction[]>();
    const checksOfCol = new Map<string, string[]>();
    for (const ch of this.t.checks) {
      this.checksByName.set(ch.name, ch);
      const a = analyzeCheck(ch.expr, colNames, this.ctx.d.name);
      for (const [col, r] of a.restrictions) {
        restrictionsByCol.set(col, [...(restrictionsByCol.get(col) ?? []), r]);
        checksOfCol.set(col, [...(checksOfCol.get(col) ?? []), ch.name]);
      }
    }
    return { restrictionsByCol, checksOfCol };
  }

  private planColumn(info: ColumnInfo, checks: TableChecks): void {
    const { d } = this.ctx;
    const salt = this.salt(info.name);
    const col: Col = {
      info,
      notNull: info.notNull,
      space: null,
      gen: null,
      mode: { m: 'random' },
      salt,
      restriction: undefined,
    };
    this.cols.set(info.name, col);
    if (info.generated || info.serverAssigned) {
      col.mode = { m: 'omit' };
      return;
    }
    if (info.kind.kind === 'unknown') {
      col.mode = this.unknownTypeMode(info, info.kind.reason);
      return;
    }
    const { restriction, names } = this.restrictionOf(info, checks);
    col.restriction = restriction;
    if (restriction?.notNull) col.notNull = true;
    const space = resolveSpace(info.kind, restriction, d);
    if (space.s === 'impossible') {
      throw new SkipTable(
        info.name,
        `not filled: CHECK constraint ${names.join(', ')} cannot be satisfied for column ${info.name} (${space.reason})`,
      );
    }
    col.space = space;
    try {
      col.gen = d.gen(info, space, salt);
    } catch (err) {
      col.mode = this.noGeneratorMode(info, err instanceof Error ? err.message : String(err));
    }
  }

  /** A type the fill does not know: its default if it has one, else NULL, else the table is skipped. */
  private unknownTypeMode(info: ColumnInfo, reason: string): Mode {
    if (info.hasDefault) {
      this.notice(info.name, `${reason} (${info.typeLabel}): left to its default`);
      return { m: 'omit' };
    }
    if (!info.notNull) {
      this.notice(info.name, `${reason} (${info.typeLabel}): left NULL`);
      return { m: 'null' };
    }
    throw new SkipTable(
      info.name,
      `not filled: column ${info.name} has a type the fill cannot generate (${reason}) and is NOT NULL without a default`,
    );
  }

  /** A known type whose generator gave up on this space: NULL first (it keeps the row's shape), then the default. */
  private noGeneratorMode(info: ColumnInfo, reason: string): Mode {
    if (!info.notNull) {
      this.notice(info.name, `${reason} (${info.typeLabel}): left NULL`);
      return { m: 'null' };
    }
    if (info.hasDefault) {
      this.notice(info.name, `${reason} (${info.typeLabel}): left to its default`);
      return { m: 'omit' };
    }
    throw new SkipTable(info.name, `not filled: column ${info.name}: ${reason}`);
  }

  /** The table's CHECKs on the column and its domain's CHECKs, merged; names are for the notice. */
  private restrictionOf(
    info: ColumnInfo,
    checks: TableChecks,
  ): { restriction: Restriction | undefined; names: string[] } {
    const domainRestrictions: (Restriction | undefined)[] = [];
    const names = [...(checks.checksOfCol.get(info.name) ?? [])];
    for (const ch of info.domainChecks) {
      this.checksByName.set(ch.name, { ...ch, columns: [info.name] });
      const r = analyzeCheck(ch.expr, ['VALUE'], this.ctx.d.name).restrictions.get('VALUE');
      if (r) {
        domainRestrictions.push(r);
        names.push(ch.name);
      }
    }
    return { restriction: combine([...(checks.restrictionsByCol.get(info.name) ?? []), ...domainRestrictions]), names };
  }

  // --- foreign keys ------------------------------------------------------------------------------

  private async planForeignKey(fk: ForeignKeyInfo): Promise<void> {
    const parentKey = fk.refTable;
    const parent = this.ctx.tables.get(parentKey);
    const parentDisplay = parent?.display ?? parentKey;
    const free = fk.columns.filter((c) => this.col(c).mode.m === 'random');
    if (free.length === 0) return;
    const nullable = fk.columns.every((c) => !this.col(c).notNull);
    if (this.job.nullForeignKeys.has(fk.name)) {
      for (const c of free) this.col(c).mode = { m: 'null' };
      this.notice(free[0]!, `foreign key ${fk.name} to ${parentDisplay} left NULL: it closes a cycle of foreign keys`);
      return;
    }
    if (parentKey === this.t.key) {
      // Resolved after the unique keys, which decide what an earlier row's key is.
      for (const c of free) this.col(c).mode = { m: 'self-pending', fk };
      return;
    }
    const refOf = (c: string): string => fk.refColumns[fk.columns.indexOf(c)]!;
    const [schema, name] = splitKey(parentKey, parent);
    const parentRef = { schema, name };
    // Columns another foreign key already sets (tenant_id of (tenant_id, user_id)): pick among
    // the parent rows that match them.
    const owned = fk.columns.filter((c) => !free.includes(c));
    const grouped = owned.length > 0 && owned.every((c) => this.col(c).mode.m === 'fk');
    const unit = this.newUnit(
      fk,
      free,
      free.map(refOf),
      nullable,
      grouped ? { columns: owned, refs: owned.map(refOf) } : null,
    );
    if (!grouped && unit.columns.length === 1) await this.tryDenseKey(unit, parent, parentRef);
    await this.rankParentKeys(unit, parentRef);
    if (unit.size === 0n) {
      if (nullable) {
        for (const c of free) this.col(c).mode = { m: 'null' };
        this.notice(free[0]!, `foreign key ${fk.name}: ${parentDisplay} has no rows, left NULL`);
        return;
      }
      throw new SkipTable(
        free[0]!,
        `not filled: foreign key ${fk.name} needs rows in ${parentDisplay}, which has none`,
      );
    }
    this.adoptUnit(unit);
  }

  private newUnit(
    fk: ForeignKeyInfo,
    columns: string[],
    refColumns: string[],
    nullable: boolean,
    group: { columns: string[]; refs: string[] } | null,
  ): FkUnit {
    return {
      fk,
      columns,
      refColumns,
      groupColumns: group ? group.columns : [],
      groupRefs: group ? group.refs : [],
      how: group ? 'grouped' : 'table',
      size: 0n,
      min: 0n,
      temp: null,
      alias: `f${this.units.length}`,
      salt: this.salt(`fk:${fk.name}`),
      nullable,
      digit: null,
    };
  }

  /** The unit's columns take its parent's values from now on. */
  private adoptUnit(unit: FkUnit): void {
    this.units.push(unit);
    unit.columns.forEach((c, pos) => {
      this.col(c).mode = { m: 'fk', unit, pos };
    });
  }

  /** A single integer key without gaps: the parent's keys are min .. min + count - 1, no rank table needed. */
  private async tryDenseKey(
    unit: FkUnit,
    parent: TableInfo | undefined,
    parentRef: Pick<TableInfo, 'schema' | 'name'>,
  ): Promise<void> {
    const { d } = this.ctx;
    const parentCol = parent?.columns.find((c) => c.name === unit.refColumns[0]);
    if (parentCol !== undefined && parentCol.kind.kind !== 'int') return;
    const rc = d.ident(unit.refColumns[0]!);
    const unique = parent?.uniques.some((u) => u.columns.length === 1 && u.columns[0] === unit.refColumns[0]) ?? false;
    const r = await d.engine.query<{ mn: unknown; mx: unknown; cnt: string | number | bigint | null }>(
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

  /** Other keys are numbered in a temporary table (per group, for a grouped unit) that rows join by number. */
  private async rankParentKeys(unit: FkUnit, parentRef: Pick<TableInfo, 'schema' | 'name'>): Promise<void> {
    const { d } = this.ctx;
    if (unit.how === 'table') {
      unit.temp = this.newTemp();
      unit.size = BigInt(await d.createRankTable(unit.temp, parentRef, unit.refColumns));
    } else if (unit.how === 'grouped') {
      unit.temp = this.newTemp();
      this.temps.push(`${unit.temp}_n`);
      unit.size = BigInt(await d.createGroupedRankTable(unit.temp, parentRef, unit.groupRefs, unit.refColumns));
    }
  }

  /** A temporary table name for the next unit, dropped when the table is done. */
  private newTemp(): string {
    const temp = `${this.tempPrefix}_fk${this.units.length}`;
    this.temps.push(temp);
    return temp;
  }

  // --- unique keys -------------------------------------------------------------------------------

  /**
   * One column of the key gets values injective in the row number. When no single column has
   * room for all rows but the key's columns are small domains and parent keys (a join table),
   * the rows enumerate distinct combinations instead (only one key per table can be enumerated).
   */
  private planUniqueKey(key: UniqueInfo): void {
    const kc = key.columns.map((c) => this.cols.get(c)).filter((c): c is Col => c !== undefined);
    if (kc.length !== key.columns.length) return;
    if (kc.some((c) => c.info.serverAssigned || c.mode.m === 'unique' || c.mode.m === 'null')) return;
    if (kc.some((c) => c.mode.m === 'omit')) return; // generated or defaulted: nothing to steer
    const best = widestUniqueColumn(kc);
    const enumerable = kc.every(
      (c) =>
        (c.mode.m === 'fk' && c.mode.unit.digit === null && c.mode.unit.how !== 'grouped') ||
        (c.mode.m === 'random' && c.gen?.domain),
    );
    const enumCapacity = enumerable
      ? kc.reduce((acc, c) => acc * (c.mode.m === 'fk' ? c.mode.unit.size : c.gen!.domain!.size), 1n)
      : 0n;
    const wanted = BigInt(this.existing + this.job.rows);
    const bestCap = best ? best.gen!.capacity : 0n;
    if (
      best &&
      (bestCap === null || bestCap >= wanted || !enumerable || this.enumerationUsed || enumCapacity <= bestCap)
    ) {
      best.mode = { m: 'unique', base: 0n };
      return;
    }
    if (enumerable && !this.enumerationUsed) this.enumerateKey(kc);
    // Otherwise: nothing to steer; the server decides (and a collision skips the table).
  }

  /** Makes each column of the key a digit of a mixed-radix row number (a parent key counts once). */
  private enumerateKey(kc: Col[]): void {
    this.enumerationUsed = true;
    const seen = new Set<FkUnit>();
    for (const c of kc) {
      if (c.mode.m === 'fk') {
        if (seen.has(c.mode.unit)) continue;
        seen.add(c.mode.unit);
        c.mode.unit.digit = this.digits.length;
        this.digits.push({ size: c.mode.unit.size });
      } else {
        c.mode = { m: 'digit', digit: this.digits.length };
        this.digits.push({ size: c.gen!.domain!.size });
      }
    }
  }

  // --- self-referencing foreign keys -------------------------------------------------------------

  private async planSelfReferences(): Promise<SelfUpdate[]> {
    const selfUpdates: SelfUpdate[] = [];
    const selfFks = new Set<ForeignKeyInfo>();
    for (const c of this.cols.values()) if (c.mode.m === 'self-pending') selfFks.add(c.mode.fk);
    for (const fk of selfFks) {
      const update = await this.planSelfReference(fk);
      if (update) selfUpdates.push(update);
    }
    return selfUpdates;
  }

  /**
   * Points at an earlier row of the same fill where the referenced key is generated; else, for
   * a server-numbered key, sets the reference after the insert (the SelfUpdate returned); else
   * picks among rows that were there before; else NULL or, when NOT NULL, the table is skipped.
   */
  private async planSelfReference(fk: ForeignKeyInfo): Promise<SelfUpdate | null> {
    const { d } = this.ctx;
    const mine = fk.columns.filter((c) => this.col(c).mode.m === 'self-pending');
    const nullable = fk.columns.every((c) => !this.col(c).notNull);
    const refs = mine.map((c) => this.col(fk.refColumns[fk.columns.indexOf(c)]!));
    if (refs.every((r) => r.mode.m === 'unique' && r.gen?.unique)) {
      mine.forEach((c, pos) => {
        this.col(c).mode = { m: 'self', fk, pos, nullable };
      });
      return null;
    }
    const ref0 = refs[0]!;
    if (refs.length === 1 && ref0.info.serverAssigned && ref0.info.kind.kind === 'int' && nullable) {
      const r = await d.engine.query<Record<string, unknown>>(
        `SELECT MAX(${d.ident(ref0.info.name)}) AS mx FROM ${d.tableSql(this.t)}`,
      );
      const mx = r[0]?.mx;
      for (const c of mine) this.col(c).mode = { m: 'self-update', fk };
      return {
        fk,
        keyColumn: ref0.info.name,
        maxBefore: isIntText(mx) ? String(mx) : null,
        salt: this.salt(`self:${fk.name}`),
      };
    }
    if (this.existing > 0 && (await this.referenceExistingRows(fk, mine, nullable))) return null;
    if (nullable) {
      for (const c of mine) this.col(c).mode = { m: 'null' };
      this.notice(
        mine[0]!,
        `self-referencing foreign key ${fk.name}: the keys it references are not generated by the fill, left NULL`,
      );
      return null;
    }
    throw new SkipTable(
      mine[0]!,
      `not filled: self-referencing foreign key ${fk.name} is NOT NULL and references ${fk.refColumns.join(', ')}, whose values the fill cannot know before inserting (the first row would have nothing to reference)`,
    );
  }

  /** Treats the table's own existing rows as the parent; false when it has none to point at. */
  private async referenceExistingRows(fk: ForeignKeyInfo, mine: string[], nullable: boolean): Promise<boolean> {
    const temp = this.newTemp();
    const unit = this.newUnit(
      fk,
      mine,
      mine.map((c) => fk.refColumns[fk.columns.indexOf(c)]!),
      nullable,
      null,
    );
    unit.temp = temp;
    unit.size = BigInt(await this.ctx.d.createRankTable(temp, this.t, unit.refColumns));
    if (unit.size === 0n) return false;
    this.adoptUnit(unit);
    return true;
  }

  // --- how many rows fit -------------------------------------------------------------------------

  /** The rows asked for, fewer where a unique column or an enumerated key runs out of values (with a notice). */
  private async fitRowCount(): Promise<bigint> {
    let count = BigInt(this.job.rows);
    const limit = (cap: bigint, column: string, why: string): void => {
      if (cap < count) {
        count = cap < 0n ? 0n : cap;
        this.notice(column, `${why}: ${count} rows filled instead of ${this.job.rows}`);
      }
    };
    for (const c of this.cols.values()) {
      if (c.mode.m !== 'unique' || !c.gen) continue;
      const base = await this.firstFreeIndex(c, c.gen);
      c.mode.base = base;
      if (c.gen.capacity !== null)
        limit(
          c.gen.capacity - base,
          c.info.name,
          `column ${c.info.name} must be unique and its type or CHECK allows only ${c.gen.capacity} distinct values`,
        );
    }
    if (this.digits.length > 0) {
      const enumSize = this.digits.reduce((acc, x) => acc * x.size, 1n);
      const keyCols = [...this.cols.values()]
        .filter((c) => c.mode.m === 'digit' || (c.mode.m === 'fk' && c.mode.unit.digit !== null))
        .map((c) => c.info.name);
      limit(
        enumSize - BigInt(this.existing),
        keyCols[0] ?? '',
        `the unique key (${keyCols.join(', ')}) has only ${enumSize} distinct combinations of parent rows and values`,
      );
    }
    if (count <= 0n) throw new SkipTable(null, 'not filled: no distinct key values are left for new rows');
    return count;
  }

  /** Where a unique column's values continue after the rows already there (0 for an empty table). */
  private async firstFreeIndex(c: Col, gen: ColumnGen): Promise<bigint> {
    if (this.existing === 0) return 0n;
    if (!gen.idxOf) return BigInt(this.existing);
    const { d } = this.ctx;
    const r = await d.engine.query<Record<string, unknown>>(
      `SELECT MAX(${gen.idxOf(d.ident(c.info.name))}) AS mx FROM ${d.tableSql(this.t)}`,
    );
    const mx = r[0]?.mx;
    if (mx !== null && mx !== undefined && Number.isFinite(Number(mx)))
      return BigInt(Math.max(0, Math.floor(Number(mx)) + 1));
    return 0n;
  }

  // --- CHECK (a < b): b = a + a positive step ----------------------------------------------------

  private chainLessThan(): void {
    for (const a of this.cols.values()) {
      for (const lt of a.restriction?.lessThan ?? []) {
        const b = this.cols.get(lt.column);
        if (!b || b.mode.m !== 'random' || !a.space || !b.space || a.space.s !== 'units' || b.space.s !== 'units')
          continue;
        if (a.space.kind.kind !== b.space.kind.kind || !a.gen?.plusUnits) continue;
        if (a.mode.m === 'omit' || a.mode.m === 'null' || a.mode.m === 'after') continue;
        b.mode = { m: 'after', of: a.info.name, strict: lt.strict };
      }
    }
  }

  // --- the plan ----------------------------------------------------------------------------------

  private buildPlan(n: string, count: bigint, selfUpdates: SelfUpdate[]): TablePlan {
    const { d } = this.ctx;
    const t = this.t;
    const values = new ValueSql(
      d,
      n,
      this.existing,
      this.digits,
      (name) => this.col(name),
      (fk) => this.salt(`self:${fk.name}`),
    );
    const cols = [...this.cols.values()];
    const joins = values.joins(this.units, cols);
    const columns: string[] = [];
    const exprs: string[] = [];
    for (const c of cols) {
      if (c.mode.m === 'omit') continue;
      columns.push(c.info.name);
      exprs.push(values.of(c));
    }
    const hasSelf = cols.some((c) => c.mode.m === 'self');
    if (columns.length === 0) {
      throw new SkipTable(
        null,
        'not filled: every column is generated or numbered by the server, and INSERT … SELECT needs at least one column to write',
      );
    }
    return {
      count: Number(count),
      columns,
      exprs,
      joins,
      ignoreConflicts: this.existing > 0,
      // Rows in row-number order where it matters: references to earlier rows of the same
      // statement (MySQL checks them row by row), and server-numbered keys after a join (so the
      // same row gets the same number every time).
      ordered: hasSelf || (joins.length > 0 && t.columns.some((c) => c.serverAssigned)),
      selfUpdates,
      checksByName: this.checksByName,
      groupedFks: this.units
        .filter((u) => u.how === 'grouped')
        .map((u) => ({
          name: u.fk.name,
          columns: u.groupColumns,
          parent: this.ctx.tables.get(u.fk.refTable)?.display ?? u.fk.refTable,
        })),
      nSql: n,
      rowSource: (first, last) => d.rowSource(first, last),
      selectFor: (from) => `SELECT ${exprs.join(', ')} FROM ${from}${joins.length ? ` ${joins.join(' ')}` : ''}`,
    };
  }
}

/** The key's column with the most distinct values (unlimited first); undefined when none can make distinct values. */
function widestUniqueColumn(kc: Col[]): Col | undefined {
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
  return candidates[0];
}

export function isIntText(v: unknown): boolean {
  return (
    (typeof v === 'number' && Number.isInteger(v)) ||
    typeof v === 'bigint' ||
    (typeof v === 'string' && /^-?\d+$/.test(v))
  );
}

function splitKey(key: string, parent: TableInfo | undefined): [string, string] {
  if (parent) return [parent.schema, parent.name];
  const dot = key.indexOf('.');
  return dot < 0 ? ['', key] : [key.slice(0, dot), key.slice(dot + 1)];
}
