/**
 * PostgreSQL schema snapshot from the system catalogs: a dozen set-based queries, whatever the
 * number of tables.
 *
 * Covers the user schemas (not pg_catalog, information_schema, pg_toast*, pg_temp*), and in them
 * no object that belongs to an extension (pg_depend deptype 'e'). Names are qualified with the
 * schema; objects are identified by name (and argument types for functions), never by OID.
 */
import {
  addObject,
  objectKey,
  sortSnapshot,
  type PropertyValue,
  type QueryFn,
  type SchemaObject,
  type SchemaSnapshot,
} from '../schema/snapshot.js';

/** Schemas of the system, and of other sessions' temporary objects. */
const NAMESPACE_FILTER = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')`;

/** Not a member of an extension. */
function notInExtension(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
}

/** Extensions the tool itself may create (query statistics), so not the migrations' doing. */
const IGNORED_EXTENSIONS = ['pg_stat_statements'];

const RELKIND: Record<string, string> = {
  r: 'table',
  p: 'partitioned table',
  f: 'foreign table',
  v: 'view',
  m: 'materialized view',
};

function relationKind(relkind: string): string {
  return relkind === 'v' ? 'view' : relkind === 'm' ? 'materialized view' : 'table';
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

function textArray(v: unknown): string[] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => String(x));
  // An array the driver did not parse: '{a,b}'.
  const s = String(v);
  if (s === '{}') return [];
  return s.replace(/^\{|\}$/g, '').split(',');
}

function bool(v: unknown): boolean {
  return v === true || v === 't' || v === 'true';
}

type Row = Record<string, unknown>;

const VOLATILITY: Record<string, string> = { i: 'immutable', s: 'stable', v: 'volatile' };
const PARALLEL: Record<string, string> = { s: 'safe', r: 'restricted', u: 'unsafe' };
const PROKIND: Record<string, string> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window function' };
const IDENTITY: Record<string, string> = { a: 'always', d: 'by default' };
const CONTYPE: Record<string, string> = {
  p: 'primary key',
  u: 'unique',
  c: 'check',
  f: 'foreign key',
  x: 'exclusion',
  t: 'trigger',
};
const TRIGGER_ENABLED: Record<string, string> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' };
const REPLICA_IDENTITY: Record<string, string> = { d: 'default', n: 'nothing', f: 'full', i: 'index' };
const POLICY_COMMAND: Record<string, string> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

/**
 * Session settings that change how the catalog functions render names and constants
 * (pg_get_viewdef, format_type, pg_get_expr ...): names are qualified with their schema unless
 * the search_path makes them visible, dates and timestamps follow DateStyle and TimeZone. A
 * migration may change any of them for the session (pg_dump output sets search_path to ''), so
 * they are pinned while the snapshot is read, and put back afterwards.
 */
const PINNED_SETTINGS: [string, string][] = [
  ['search_path', 'public'],
  ['DateStyle', 'ISO, MDY'],
  ['IntervalStyle', 'postgres'],
  ['TimeZone', 'UTC'],
  ['extra_float_digits', '1'],
];

export async function readPostgresSchema(query: QueryFn): Promise<SchemaSnapshot> {
  const names = PINNED_SETTINGS.map(([name]) => name);
  const [saved] = await query<Record<string, string>>(
    `SELECT ${names.map((_, i) => `current_setting($${i + 1}) AS s${i}`).join(', ')}`,
    names,
  );
  const set = (values: string[]): Promise<unknown> =>
    query(
      `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, false)`).join(', ')}`,
      names.flatMap((n, i) => [n, values[i]!]),
    );
  await set(PINNED_SETTINGS.map(([, value]) => value));
  const restore = (): Promise<unknown> => set(names.map((_, i) => String(saved?.[`s${i}`] ?? '')));
  let snapshot: SchemaSnapshot;
  try {
    snapshot = await readPinned(query);
  } catch (err) {
    await restore().catch(() => undefined);
    throw err;
  }
  await restore();
  return snapshot;
}

/** What every catalog reader gets: the session, the snapshot it adds to, the server's version number. */
interface Catalog {
  query: QueryFn;
  snapshot: SchemaSnapshot;
  version: number;
}

/**
 * One reader per kind of catalog object, in this order: the snapshot names a duplicate by the
 * order it was added in, and domains and composite types take their constraints and attributes
 * from the constraint and column readers.
 */
async function readPinned(query: QueryFn): Promise<SchemaSnapshot> {
  const [versionRow] = await query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  const catalog: Catalog = { query, snapshot: { objects: {} }, version: Number(versionRow?.v ?? 0) };
  await readSchemas(catalog);
  await readExtensions(catalog);
  await readRelations(catalog);
  const compositeAttributes = await readColumns(catalog);
  await readIndexes(catalog);
  const domainConstraints = await readConstraints(catalog);
  await readTypes(catalog, compositeAttributes, domainConstraints);
  await readSequences(catalog);
  await readFunctions(catalog);
  await readTriggers(catalog);
  await readPolicies(catalog);
  await readRules(catalog);
  await readStatistics(catalog);
  return sortSnapshot(catalog.snapshot);
}

async function readSchemas({ query, snapshot }: Catalog): Promise<void> {
  const schemas = await query<Row>(
    `SELECT n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment
       FROM pg_namespace n WHERE ${NAMESPACE_FILTER}`,
  );
  for (const r of schemas) {
    addObject(snapshot, { kind: 'schema', name: String(r['name']), properties: { comment: text(r['comment']) } });
  }
}

/** Extensions: name, version and schema; not their members. */
async function readExtensions({ query, snapshot }: Catalog): Promise<void> {
  const extensions = await query<Row>(
    `SELECT x.extname AS name, x.extversion AS version, n.nspname AS schema
       FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
      WHERE x.extname <> ALL ($1::text[])`,
    [IGNORED_EXTENSIONS],
  );
  for (const r of extensions) {
    addObject(snapshot, {
      kind: 'extension',
      name: String(r['name']),
      properties: { version: text(r['version']), schema: text(r['schema']) },
    });
  }
}

/** Tables, views, materialized views. */
async function readRelations({ query, snapshot, version }: Catalog): Promise<void> {
  const relations = await query<Row>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS relkind, c.relpersistence AS persistence,
            c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
            c.relreplident AS replica_identity, c.reloptions::text[] AS options,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
            CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
            (SELECT array_agg(pn.nspname || '.' || pc.relname ORDER BY i.inhseqno)::text[]
               FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
               JOIN pg_namespace pn ON pn.oid = pc.relnamespace
              WHERE i.inhrelid = c.oid) AS parents,
            CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition,
            ${version >= 120000 ? `(SELECT am.amname FROM pg_am am WHERE am.oid = c.relam)` : 'NULL::name'} AS access_method,
            obj_description(c.oid, 'pg_class') AS comment
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND ${NAMESPACE_FILTER} AND ${notInExtension('pg_class', 'c.oid')}`,
  );
  for (const r of relations) {
    const relkind = String(r['relkind']);
    const name = `${String(r['schema'])}.${String(r['name'])}`;
    const properties = relkind === 'v' || relkind === 'm' ? viewProperties(r, relkind) : tableProperties(r, relkind);
    properties['comment'] = text(r['comment']);
    addObject(snapshot, { kind: relationKind(relkind), name, properties });
  }
}

function viewProperties(r: Row, relkind: string): Record<string, PropertyValue> {
  const properties: Record<string, PropertyValue> = {};
  properties['definition'] = text(r['definition'])?.replace(/;\s*$/, '') ?? null;
  properties['options'] = textArray(r['options']);
  if (relkind === 'm') properties['access method'] = text(r['access_method']);
  return properties;
}

function tableProperties(r: Row, relkind: string): Record<string, PropertyValue> {
  const properties: Record<string, PropertyValue> = {};
  properties['kind'] = RELKIND[relkind] ?? relkind;
  properties['persistence'] =
    r['persistence'] === 'u' ? 'unlogged' : r['persistence'] === 't' ? 'temporary' : 'permanent';
  properties['partition key'] = text(r['partition_key']);
  properties['partition bound'] = text(r['partition_bound']);
  properties['inherits'] = textArray(r['parents']);
  properties['options'] = textArray(r['options']);
  properties['access method'] = text(r['access_method']);
  properties['row level security'] = bool(r['force_row_security'])
    ? 'forced'
    : bool(r['row_security'])
      ? 'enabled'
      : 'disabled';
  properties['replica identity'] = REPLICA_IDENTITY[String(r['replica_identity'])] ?? text(r['replica_identity']);
  return properties;
}

/**
 * Columns of tables, and attributes of composite types; returns the latter ("name type
 * [COLLATE c]" by type) for the composite types' own entries.
 */
async function readColumns({ query, snapshot, version }: Catalog): Promise<Map<string, string[]>> {
  const columns = await query<Row>(
    `SELECT n.nspname AS schema, c.relname AS relname, c.relkind AS relkind, a.attname AS name,
            row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS position,
            format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity AS identity,
            ${version >= 120000 ? 'a.attgenerated' : `''::"char"`} AS generated,
            CASE WHEN a.attcollation <> t.typcollation THEN
              (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                 FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation)
            END AS collation,
            col_description(a.attrelid, a.attnum) AS comment
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'c')
        AND ${NAMESPACE_FILTER} AND ${notInExtension('pg_class', 'c.oid')}
      ORDER BY n.nspname, c.relname, a.attnum`,
  );
  const compositeAttributes = new Map<string, string[]>();
  for (const r of columns) {
    const table = `${String(r['schema'])}.${String(r['relname'])}`;
    if (r['relkind'] === 'c') {
      const list = compositeAttributes.get(table) ?? [];
      const collation = text(r['collation']);
      list.push(`${String(r['name'])} ${String(r['type'])}${collation !== null ? ` COLLATE ${collation}` : ''}`);
      compositeAttributes.set(table, list);
      continue;
    }
    addObject(snapshot, {
      kind: 'column',
      name: `${table}.${String(r['name'])}`,
      parent: objectKey('table', table),
      properties: columnProperties(r, table),
    });
  }
  return compositeAttributes;
}

function columnProperties(r: Row, table: string): Record<string, PropertyValue> {
  const generated = text(r['generated']);
  const isGenerated = generated !== null && generated !== '';
  const expr = text(r['default_expr']);
  return {
    table,
    position: Number(r['position']),
    type: String(r['type']),
    nullable: !bool(r['not_null']),
    default: isGenerated ? null : expr,
    identity: IDENTITY[String(r['identity'])] ?? null,
    generated: isGenerated ? `always as (${expr ?? ''}) stored` : null,
    collation: text(r['collation']),
    comment: text(r['comment']),
  };
}

/**
 * Indexes, except those that implement a primary key, unique or exclusion constraint (the
 * constraint stands for them).
 */
async function readIndexes({ query, snapshot }: Catalog): Promise<void> {
  const indexes = await query<Row>(
    `SELECT n.nspname AS schema, ic.relname AS name, tn.nspname AS table_schema, tc.relname AS table_name,
            tc.relkind AS table_kind, pg_get_indexdef(i.indexrelid) AS definition,
            i.indisunique AS is_unique, i.indisvalid AS is_valid, obj_description(ic.oid, 'pg_class') AS comment
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = ic.relnamespace
       JOIN pg_class tc ON tc.oid = i.indrelid
       JOIN pg_namespace tn ON tn.oid = tc.relnamespace
      WHERE ${NAMESPACE_FILTER} AND ${notInExtension('pg_class', 'tc.oid')}
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                         WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))`,
  );
  for (const r of indexes) {
    const table = `${String(r['table_schema'])}.${String(r['table_name'])}`;
    addObject(snapshot, {
      kind: 'index',
      name: `${String(r['schema'])}.${String(r['name'])}`,
      parent: objectKey(relationKind(String(r['table_kind'])), table),
      properties: {
        table,
        definition: text(r['definition']),
        unique: bool(r['is_unique']),
        valid: bool(r['is_valid']),
        comment: text(r['comment']),
      },
    });
  }
}

/**
 * Constraints of tables (not-null ones, which PostgreSQL 18 keeps here, are the columns'
 * nullability) and of domains; returns the latter ("name: definition" by domain) for the
 * domains' own entries.
 */
async function readConstraints({ query, snapshot }: Catalog): Promise<Map<string, string[]>> {
  const constraints = await query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table_name, t.typname AS domain_name, k.conname AS name,
            k.contype AS type, pg_get_constraintdef(k.oid) AS definition,
            obj_description(k.oid, 'pg_constraint') AS comment
       FROM pg_constraint k
       LEFT JOIN pg_class c ON c.oid = k.conrelid AND k.conrelid <> 0
       LEFT JOIN pg_type t ON t.oid = k.contypid AND k.contypid <> 0
       JOIN pg_namespace n ON n.oid = COALESCE(c.relnamespace, t.typnamespace)
      WHERE k.contype <> 'n' AND (c.oid IS NOT NULL OR t.oid IS NOT NULL)
        AND ${NAMESPACE_FILTER}
        AND ${notInExtension('pg_class', 'COALESCE(c.oid, 0)')} AND ${notInExtension('pg_type', 'COALESCE(t.oid, 0)')}
      ORDER BY n.nspname, k.conname`,
  );
  const domainConstraints = new Map<string, string[]>();
  for (const r of constraints) {
    const definition = text(r['definition']) ?? '';
    if (r['table_name'] === null || r['table_name'] === undefined) {
      const domain = `${String(r['schema'])}.${String(r['domain_name'])}`;
      const list = domainConstraints.get(domain) ?? [];
      list.push(`${String(r['name'])}: ${definition}`);
      domainConstraints.set(domain, list);
      continue;
    }
    const table = `${String(r['schema'])}.${String(r['table_name'])}`;
    addObject(snapshot, {
      kind: 'constraint',
      name: `${table}.${String(r['name'])}`,
      parent: objectKey('table', table),
      properties: {
        table,
        type: CONTYPE[String(r['type'])] ?? String(r['type']),
        definition,
        comment: text(r['comment']),
      },
    });
  }
  return domainConstraints;
}

/** Enums, domains, composite and range types. */
async function readTypes(
  { query, snapshot }: Catalog,
  compositeAttributes: Map<string, string[]>,
  domainConstraints: Map<string, string[]>,
): Promise<void> {
  const types = await query<Row>(
    `SELECT n.nspname AS schema, t.typname AS name, t.typtype AS typtype,
            CASE WHEN t.typtype = 'e' THEN
              (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)::text[]
            END AS labels,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
            CASE WHEN t.typtype = 'r' THEN
              (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid)
            END AS subtype,
            t.typnotnull AS not_null, t.typdefault AS default_expr,
            CASE WHEN t.typtype = 'd' AND t.typcollation <> COALESCE(bt.typcollation, 0) THEN
              (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                 FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation)
            END AS collation,
            obj_description(t.oid, 'pg_type') AS comment
       FROM pg_type t
       JOIN pg_namespace n ON n.oid = t.typnamespace
       LEFT JOIN pg_type bt ON bt.oid = t.typbasetype AND t.typtype = 'd'
      WHERE (t.typtype IN ('e', 'd', 'r')
             OR (t.typtype = 'c' AND EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
        AND ${NAMESPACE_FILTER} AND ${notInExtension('pg_type', 't.oid')}`,
  );
  for (const r of types) {
    const name = `${String(r['schema'])}.${String(r['name'])}`;
    addObject(snapshot, typeObject(r, name, compositeAttributes, domainConstraints));
  }
}

function typeObject(
  r: Row,
  name: string,
  compositeAttributes: Map<string, string[]>,
  domainConstraints: Map<string, string[]>,
): SchemaObject {
  const comment = text(r['comment']);
  switch (r['typtype']) {
    case 'e':
      return { kind: 'enum', name, properties: { labels: textArray(r['labels']) ?? [], comment } };
    case 'd':
      return {
        kind: 'domain',
        name,
        properties: {
          type: text(r['base_type']),
          nullable: !bool(r['not_null']),
          default: text(r['default_expr']),
          collation: text(r['collation']),
          constraints: domainConstraints.get(name) ?? [],
          comment,
        },
      };
    case 'r':
      return { kind: 'range type', name, properties: { type: text(r['subtype']), comment } };
    default:
      return {
        kind: 'composite type',
        name,
        properties: { attributes: compositeAttributes.get(name) ?? [], comment },
      };
  }
}

/** Sequences: their definition, not their current value. */
async function readSequences({ query, snapshot }: Catalog): Promise<void> {
  const sequences = await query<Row>(
    `SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
            s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
            s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle, c.relpersistence AS persistence,
            (SELECT dn.nspname || '.' || dc.relname || '.' || da.attname
               FROM pg_depend d
               JOIN pg_class dc ON dc.oid = d.refobjid
               JOIN pg_namespace dn ON dn.oid = dc.relnamespace
               JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
              LIMIT 1) AS owned_by,
            obj_description(c.oid, 'pg_class') AS comment
       FROM pg_sequence s
       JOIN pg_class c ON c.oid = s.seqrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${NAMESPACE_FILTER} AND ${notInExtension('pg_class', 'c.oid')}`,
  );
  for (const r of sequences) {
    const ownedBy = text(r['owned_by']);
    const ownerTable = ownedBy === null ? null : ownedBy.slice(0, ownedBy.lastIndexOf('.'));
    addObject(snapshot, {
      kind: 'sequence',
      name: `${String(r['schema'])}.${String(r['name'])}`,
      ...(ownerTable !== null ? { parent: objectKey('table', ownerTable) } : {}),
      properties: {
        type: text(r['type']),
        start: text(r['start']),
        increment: text(r['increment']),
        min: text(r['min']),
        max: text(r['max']),
        cache: text(r['cache']),
        cycle: bool(r['cycle']),
        persistence: r['persistence'] === 'u' ? 'unlogged' : 'permanent',
        'owned by': ownedBy,
        comment: text(r['comment']),
      },
    });
  }
}

/** Functions, procedures, aggregates. */
async function readFunctions({ query, snapshot, version }: Catalog): Promise<void> {
  const functions = await query<Row>(
    `SELECT n.nspname AS schema, p.proname AS name, p.prokind AS kind,
            pg_get_function_identity_arguments(p.oid) AS identity_args,
            pg_get_function_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result,
            l.lanname AS language, p.provolatile AS volatility, p.proisstrict AS strict,
            p.prosecdef AS security_definer, p.proleakproof AS leakproof, p.proparallel AS parallel,
            p.proconfig::text[] AS config,
            ${version >= 140000 ? `CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END` : 'p.prosrc'} AS body,
            obj_description(p.oid, 'pg_proc') AS comment
       FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
       JOIN pg_language l ON l.oid = p.prolang
      WHERE ${NAMESPACE_FILTER} AND ${notInExtension('pg_proc', 'p.oid')}`,
  );
  for (const r of functions) {
    const kind = PROKIND[String(r['kind'])] ?? 'function';
    addObject(snapshot, {
      kind,
      name: `${String(r['schema'])}.${String(r['name'])}(${String(r['identity_args'] ?? '')})`,
      properties: functionProperties(r, kind),
    });
  }
}

function functionProperties(r: Row, kind: string): Record<string, PropertyValue> {
  const properties: Record<string, PropertyValue> = {
    arguments: text(r['args']),
    returns: text(r['result']),
    language: text(r['language']),
  };
  if (kind !== 'procedure') {
    properties['volatility'] = VOLATILITY[String(r['volatility'])] ?? text(r['volatility']);
    properties['strict'] = bool(r['strict']);
    properties['leakproof'] = bool(r['leakproof']);
    properties['parallel'] = PARALLEL[String(r['parallel'])] ?? text(r['parallel']);
  }
  properties['security definer'] = bool(r['security_definer']);
  properties['config'] = textArray(r['config']);
  properties['body'] = kind === 'aggregate' ? null : text(r['body']);
  properties['comment'] = text(r['comment']);
  return properties;
}

/** Triggers (not the internal ones that implement foreign keys). */
async function readTriggers({ query, snapshot }: Catalog): Promise<void> {
  const triggers = await query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table_name, c.relkind AS table_kind, t.tgname AS name,
            t.tgtype AS tgtype, t.tgenabled AS enabled, pg_get_triggerdef(t.oid) AS definition,
            obj_description(t.oid, 'pg_trigger') AS comment
       FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND ${NAMESPACE_FILTER} AND ${notInExtension('pg_class', 'c.oid')}`,
  );
  for (const r of triggers) {
    const table = `${String(r['schema'])}.${String(r['table_name'])}`;
    const tgtype = Number(r['tgtype']);
    const events = [
      [4, 'INSERT'],
      [16, 'UPDATE'],
      [8, 'DELETE'],
      [32, 'TRUNCATE'],
    ]
      .filter(([bit]) => (tgtype & (bit as number)) !== 0)
      .map(([, name]) => name as string);
    addObject(snapshot, {
      kind: 'trigger',
      name: `${table}.${String(r['name'])}`,
      parent: objectKey(relationKind(String(r['table_kind'])), table),
      properties: {
        table,
        timing: tgtype & 2 ? 'BEFORE' : tgtype & 64 ? 'INSTEAD OF' : 'AFTER',
        events: events.join(' OR '),
        level: tgtype & 1 ? 'ROW' : 'STATEMENT',
        enabled: TRIGGER_ENABLED[String(r['enabled'])] ?? text(r['enabled']),
        definition: text(r['definition']),
        comment: text(r['comment']),
      },
    });
  }
}

/** Row-level security policies. */
async function readPolicies({ query, snapshot }: Catalog): Promise<void> {
  const policies = await query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table_name, p.polname AS name, p.polcmd AS command,
            p.polpermissive AS permissive,
            ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r.oid)::text END
                    FROM unnest(p.polroles) AS r(oid) ORDER BY 1) AS roles,
            pg_get_expr(p.polqual, p.polrelid) AS using_expr, pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
       FROM pg_policy p
       JOIN pg_class c ON c.oid = p.polrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${NAMESPACE_FILTER} AND ${notInExtension('pg_class', 'c.oid')}`,
  );
  for (const r of policies) {
    const table = `${String(r['schema'])}.${String(r['table_name'])}`;
    addObject(snapshot, {
      kind: 'policy',
      name: `${table}.${String(r['name'])}`,
      parent: objectKey('table', table),
      properties: {
        table,
        command: POLICY_COMMAND[String(r['command'])] ?? text(r['command']),
        permissive: bool(r['permissive']),
        roles: textArray(r['roles']),
        using: text(r['using_expr']),
        'with check': text(r['check_expr']),
      },
    });
  }
}

/** Rules, other than views' own. */
async function readRules({ query, snapshot }: Catalog): Promise<void> {
  const rules = await query<Row>(
    `SELECT n.nspname AS schema, c.relname AS table_name, c.relkind AS table_kind, w.rulename AS name,
            pg_get_ruledef(w.oid) AS definition, w.ev_enabled AS enabled
       FROM pg_rewrite w
       JOIN pg_class c ON c.oid = w.ev_class
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE w.rulename <> '_RETURN' AND ${NAMESPACE_FILTER} AND ${notInExtension('pg_class', 'c.oid')}`,
  );
  for (const r of rules) {
    const table = `${String(r['schema'])}.${String(r['table_name'])}`;
    addObject(snapshot, {
      kind: 'rule',
      name: `${table}.${String(r['name'])}`,
      parent: objectKey(relationKind(String(r['table_kind'])), table),
      properties: {
        table,
        definition: text(r['definition']),
        enabled: TRIGGER_ENABLED[String(r['enabled'])] ?? text(r['enabled']),
      },
    });
  }
}

/** Extended statistics. */
async function readStatistics({ query, snapshot }: Catalog): Promise<void> {
  const statistics = await query<Row>(
    `SELECT n.nspname AS schema, s.stxname AS name, tn.nspname AS table_schema, c.relname AS table_name,
            c.relkind AS table_kind, pg_get_statisticsobjdef(s.oid) AS definition
       FROM pg_statistic_ext s
       JOIN pg_namespace n ON n.oid = s.stxnamespace
       JOIN pg_class c ON c.oid = s.stxrelid
       JOIN pg_namespace tn ON tn.oid = c.relnamespace
      WHERE ${NAMESPACE_FILTER} AND ${notInExtension('pg_statistic_ext', 's.oid')}`,
  );
  for (const r of statistics) {
    const table = `${String(r['table_schema'])}.${String(r['table_name'])}`;
    addObject(snapshot, {
      kind: 'statistics',
      name: `${String(r['schema'])}.${String(r['name'])}`,
      parent: objectKey(relationKind(String(r['table_kind'])), table),
      properties: { table, definition: text(r['definition']) },
    });
  }
}
