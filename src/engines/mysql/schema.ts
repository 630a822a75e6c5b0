/**
 * MySQL / MariaDB schema snapshot from information_schema, for the current database only:
 * a handful of set-based queries, whatever the number of tables.
 *
 * Names are not qualified with the database (a snapshot describes one database, and the test
 * databases of two runs have different names): "table users", "column users.email",
 * "index users.idx_email", "constraint orders.fk_orders_user", "trigger orders.orders_touch".
 *
 * PRIMARY KEY and UNIQUE constraints are reported as the indexes that they are on these servers
 * (index users.PRIMARY, unique: true); constraints are the foreign keys and the checks.
 * Constraints whose name the server generated (MySQL "t_chk_1" / "t_ibfk_1", MariaDB
 * "CONSTRAINT_1") are identified by their definition instead, so that renumbering after a
 * down + up cycle is not reported as drift.
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

type Row = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return String(v);
}

function nonEmpty(v: unknown): string | null {
  const s = text(v);
  return s === null || s === '' ? null : s;
}

function quoteIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * COLUMN_DEFAULT: MariaDB (10.2.7 on) quotes string literals and says NULL, unquoted, for a column
 * without a default (or DEFAULT NULL, the same thing); MySQL gives SQL NULL for those and string
 * literals unquoted, so there an unquoted NULL text is the string 'NULL'.
 */
function columnDefault(v: unknown, mariadb: boolean): string | null {
  const s = text(v);
  return mariadb && s === 'NULL' ? null : s;
}

/** information_schema columns that only some MySQL / MariaDB versions have. */
const OPTIONAL_COLUMNS = [
  'COLUMNS.GENERATION_EXPRESSION',
  'COLUMNS.SRS_ID',
  'STATISTICS.EXPRESSION',
  'STATISTICS.IS_VISIBLE',
  'STATISTICS.IGNORED',
  'TABLE_CONSTRAINTS.ENFORCED',
  'CHECK_CONSTRAINTS.CHECK_CLAUSE',
  'CHECK_CONSTRAINTS.TABLE_NAME',
  'VIEWS.ALGORITHM',
];

/** Which of OPTIONAL_COLUMNS this server has. */
async function informationSchemaColumns(query: QueryFn): Promise<Set<string>> {
  const tables = [...new Set(OPTIONAL_COLUMNS.map((c) => c.split('.')[0]!))];
  const rows = await query<Row>(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME IN (${tables.map(() => '?').join(', ')})`,
    tables,
  );
  if (rows.length > 0)
    return new Set(rows.map((r) => `${String(r['t']).toUpperCase()}.${String(r['c']).toUpperCase()}`));
  // A server that does not list its own views' columns: ask for each one.
  const found = new Set<string>();
  for (const column of OPTIONAL_COLUMNS) {
    const [table, name] = column.split('.') as [string, string];
    try {
      await query(`SELECT ${name} FROM information_schema.${table} LIMIT 0`);
      found.add(column);
    } catch {
      // Not on this server.
    }
  }
  return found;
}

/** `db`.`x` -> `x` for the current database, so that definitions do not carry its name. */
function stripDatabase(definition: string | null, database: string): string | null {
  if (definition === null) return null;
  return definition.split(`${quoteIdent(database)}.`).join('');
}

/** What every catalog reader gets. */
interface Catalog {
  query: QueryFn;
  snapshot: SchemaSnapshot;
  /** The current database, whose name definitions drop. */
  database: string;
  mariadb: boolean;
  /** Which of OPTIONAL_COLUMNS this server has. */
  has: Set<string>;
  /** Collation of each table: the readers of columns, indexes and constraints skip other names (views, sequences). */
  tableCollation: Map<string, string | null>;
}

/** `COLUMN AS alias` where the server has that optional column, else `NULL AS alias`. */
function optionalColumn(catalog: Catalog, table: string, column: string, alias: string): string {
  return catalog.has.has(`${table}.${column}`) ? `${column} AS ${alias}` : `NULL AS ${alias}`;
}

/**
 * One reader per kind of object, in this order: the snapshot names a duplicate by the order it
 * was added in, and the later readers know the tables by the first.
 */
export async function readMysqlSchema(query: QueryFn): Promise<SchemaSnapshot> {
  const catalog = await openCatalog(query);
  const { partitioned, sequences } = await readTables(catalog);
  await readPartitions(catalog, partitioned);
  await readSequences(catalog, sequences);
  await readColumns(catalog);
  await readIndexes(catalog);
  await readConstraints(catalog);
  await readViews(catalog);
  await readRoutines(catalog);
  await readTriggers(catalog);
  await readEvents(catalog);
  return sortSnapshot(catalog.snapshot);
}

async function openCatalog(query: QueryFn): Promise<Catalog> {
  const [dbRow] = await query<Row>('SELECT DATABASE() AS db, VERSION() AS version');
  const database = text(dbRow?.['db']);
  const mariadb = /mariadb/i.test(text(dbRow?.['version']) ?? '');
  if (database === null) throw new Error('readMysqlSchema: the session has no current database');
  const has = await informationSchemaColumns(query);
  return { query, snapshot: { objects: {} }, database, mariadb, has, tableCollation: new Map() };
}

/** Tables; returns the partitioned ones and the (MariaDB) sequences, which are read apart. */
async function readTables({
  query,
  snapshot,
  tableCollation,
}: Catalog): Promise<{ partitioned: string[]; sequences: string[] }> {
  const tables = await query<Row>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine, ROW_FORMAT AS row_format,
            TABLE_COLLATION AS collation_name, CREATE_OPTIONS AS options, TABLE_COMMENT AS comment
       FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE NOT IN ('VIEW', 'TEMPORARY', 'SYSTEM VIEW')
      ORDER BY TABLE_NAME`,
  );
  const partitioned: string[] = [];
  const sequences: string[] = [];
  for (const r of tables) {
    const name = String(r['name']);
    const type = String(r['type']);
    if (type === 'SEQUENCE') {
      sequences.push(name);
      continue;
    }
    const options = (nonEmpty(r['options']) ?? '').split(/\s+/).filter((o) => o !== '');
    if (options.includes('partitioned')) partitioned.push(name);
    tableCollation.set(name, text(r['collation_name']));
    addObject(snapshot, {
      kind: 'table',
      name,
      properties: {
        kind: type === 'SYSTEM VERSIONED' ? 'system versioned table' : 'table',
        engine: text(r['engine']),
        collation: text(r['collation_name']),
        'row format': text(r['row_format']),
        options: options.filter((o) => o !== 'partitioned').join(' ') || null,
        partitioning: null,
        partitions: null,
        comment: nonEmpty(r['comment']),
      },
    });
  }
  return { partitioned, sequences };
}

/** Partitioning, for the partitioned tables only (this view reads each table's statistics). */
async function readPartitions({ query, snapshot }: Catalog, partitioned: string[]): Promise<void> {
  if (partitioned.length === 0) return;
  const parts = await query<Row>(
    `SELECT TABLE_NAME AS table_name, PARTITION_NAME AS name, SUBPARTITION_NAME AS sub_name,
            PARTITION_METHOD AS method, PARTITION_EXPRESSION AS expr,
            SUBPARTITION_METHOD AS sub_method, SUBPARTITION_EXPRESSION AS sub_expr,
            PARTITION_DESCRIPTION AS description
       FROM information_schema.PARTITIONS
      WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL AND TABLE_NAME IN (${partitioned.map(() => '?').join(', ')})
      ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION`,
    partitioned,
  );
  for (const r of parts) {
    const table = snapshot.objects[objectKey('table', String(r['table_name']))];
    if (table === undefined) continue;
    const method = text(r['method']);
    const subMethod = text(r['sub_method']);
    table.properties['partitioning'] =
      `${method ?? ''} (${text(r['expr']) ?? ''})` +
      (subMethod !== null ? ` SUBPARTITION BY ${subMethod} (${text(r['sub_expr']) ?? ''})` : '');
    const list = Array.isArray(table.properties['partitions']) ? table.properties['partitions'] : [];
    const description = text(r['description']);
    const label = `${String(r['name'])}${r['sub_name'] !== null && r['sub_name'] !== undefined ? `.${String(r['sub_name'])}` : ''}`;
    list.push(description !== null ? `${label}: ${description}` : label);
    table.properties['partitions'] = list;
  }
}

/** Sequences (MariaDB): SHOW CREATE SEQUENCE describes one without its current value. */
async function readSequences({ query, snapshot, database }: Catalog, sequences: string[]): Promise<void> {
  for (const name of sequences) {
    const [row] = await query<Row>(`SHOW CREATE SEQUENCE ${quoteIdent(name)}`);
    const definition = row === undefined ? null : text(Object.values(row)[1]);
    addObject(snapshot, { kind: 'sequence', name, properties: { definition: stripDatabase(definition, database) } });
  }
}

async function readColumns(catalog: Catalog): Promise<void> {
  const { query, snapshot, tableCollation } = catalog;
  const columns = await query<Row>(
    `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, ORDINAL_POSITION AS position, COLUMN_TYPE AS type,
            IS_NULLABLE AS nullable, COLUMN_DEFAULT AS default_value, EXTRA AS extra, COLLATION_NAME AS collation_name,
            ${optionalColumn(catalog, 'COLUMNS', 'GENERATION_EXPRESSION', 'generation')}, ${optionalColumn(catalog, 'COLUMNS', 'SRS_ID', 'srs_id')},
            COLUMN_COMMENT AS comment
       FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE()
      ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  for (const r of columns) {
    const table = String(r['table_name']);
    // Views' columns follow from their definition; sequences' are the engine's.
    if (!tableCollation.has(table)) continue;
    addObject(snapshot, {
      kind: 'column',
      name: `${table}.${String(r['name'])}`,
      parent: objectKey('table', table),
      properties: columnProperties(r, table, catalog),
    });
  }
}

function columnProperties(r: Row, table: string, { mariadb, tableCollation }: Catalog): Record<string, PropertyValue> {
  const collation = text(r['collation_name']);
  const generation = nonEmpty(r['generation']);
  let extra = nonEmpty(r['extra']);
  let generated: string | null = null;
  if (generation !== null) {
    const storage = /STORED/i.test(extra ?? '') ? 'stored' : 'virtual';
    generated = `always as (${generation}) ${storage}`;
    extra = nonEmpty((extra ?? '').replace(/\b(VIRTUAL|STORED) GENERATED\b/i, '').trim());
  }
  const properties: Record<string, PropertyValue> = {
    table,
    position: Number(r['position']),
    type: String(r['type']),
    nullable: String(r['nullable']).toUpperCase() === 'YES',
    default: generation !== null ? null : columnDefault(r['default_value'], mariadb),
    extra,
    generated,
    collation: collation !== null && collation !== tableCollation.get(table) ? collation : null,
  };
  if (r['srs_id'] !== null && r['srs_id'] !== undefined) properties['srs id'] = text(r['srs_id']);
  properties['comment'] = nonEmpty(r['comment']);
  return properties;
}

/** One index, gathered from its rows in information_schema.STATISTICS (one per part). */
interface IndexAcc {
  table: string;
  name: string;
  parts: string[];
  unique: boolean;
  type: string | null;
  visible: boolean;
  comment: string | null;
}

/** Indexes (primary keys and unique constraints included). */
async function readIndexes(catalog: Catalog): Promise<void> {
  const indexRows = await catalog.query<Row>(
    `SELECT TABLE_NAME AS table_name, INDEX_NAME AS name, SEQ_IN_INDEX AS seq, COLUMN_NAME AS column_name,
            ${optionalColumn(catalog, 'STATISTICS', 'EXPRESSION', 'expression')}, COLLATION AS sort_order, SUB_PART AS sub_part,
            NON_UNIQUE AS non_unique, INDEX_TYPE AS type, INDEX_COMMENT AS comment,
            ${optionalColumn(catalog, 'STATISTICS', 'IS_VISIBLE', 'visible')}, ${optionalColumn(catalog, 'STATISTICS', 'IGNORED', 'ignored')}
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE()
      ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  );
  for (const acc of gatherIndexes(indexRows, catalog.tableCollation).values()) {
    addObject(catalog.snapshot, {
      kind: 'index',
      name: `${acc.table}.${acc.name}`,
      parent: objectKey('table', acc.table),
      properties: {
        table: acc.table,
        definition: indexDefinition(acc),
        unique: acc.unique,
        type: acc.type,
        visible: acc.visible,
        comment: acc.comment,
      },
    });
  }
}

function gatherIndexes(indexRows: Row[], tableCollation: Map<string, string | null>): Map<string, IndexAcc> {
  const indexes = new Map<string, IndexAcc>();
  for (const r of indexRows) {
    const table = String(r['table_name']);
    if (!tableCollation.has(table)) continue;
    const name = String(r['name']);
    const key = `${table}.${name}`;
    let acc = indexes.get(key);
    if (acc === undefined) {
      const ignored = String(r['ignored'] ?? '').toUpperCase() === 'YES';
      const invisible = String(r['visible'] ?? '').toUpperCase() === 'NO';
      acc = {
        table,
        name,
        parts: [],
        unique: Number(r['non_unique']) === 0,
        type: text(r['type']),
        visible: !(ignored || invisible),
        comment: nonEmpty(r['comment']),
      };
      indexes.set(key, acc);
    }
    acc.parts.push(indexPart(r));
  }
  return indexes;
}

function indexPart(r: Row): string {
  const column = text(r['column_name']);
  const expression = nonEmpty(r['expression']);
  let part = column !== null ? quoteIdent(column) : `(${expression ?? '?'})`;
  if (r['sub_part'] !== null && r['sub_part'] !== undefined) part += `(${String(r['sub_part'])})`;
  if (String(r['sort_order'] ?? '') === 'D') part += ' DESC';
  return part;
}

function indexDefinition(acc: IndexAcc): string {
  const cols = `(${acc.parts.join(', ')})`;
  let definition: string;
  if (acc.name === 'PRIMARY') definition = `PRIMARY KEY ${cols}`;
  else if (acc.type === 'FULLTEXT' || acc.type === 'SPATIAL')
    definition = `${acc.type} KEY ${quoteIdent(acc.name)} ${cols}`;
  else definition = `${acc.unique ? 'UNIQUE KEY' : 'KEY'} ${quoteIdent(acc.name)} ${cols}`;
  if (acc.type !== null && !['BTREE', 'FULLTEXT', 'SPATIAL'].includes(acc.type)) definition += ` USING ${acc.type}`;
  return definition;
}

/** What the foreign keys and checks are made of, keyed `${table}\u0000${name}` (checks without a table: by name). */
interface ConstraintParts {
  fkCols: Map<string, { cols: string[]; refCols: string[]; ref: string }>;
  rules: Map<string, Row>;
  clauses: Map<string, string | null>;
  /** Check names are unique per table on MariaDB (which says the table) and per database on MySQL. */
  checkHasTable: boolean;
}

/** Foreign keys and checks. */
async function readConstraints(catalog: Catalog): Promise<void> {
  const constraintRows = await catalog.query<Row>(
    `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CONSTRAINT_TYPE AS type,
            ${optionalColumn(catalog, 'TABLE_CONSTRAINTS', 'ENFORCED', 'enforced')}
       FROM information_schema.TABLE_CONSTRAINTS
      WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE IN ('FOREIGN KEY', 'CHECK')`,
  );
  const parts = await readConstraintParts(catalog);
  for (const r of constraintRows) {
    const table = String(r['table_name']);
    if (!catalog.tableCollation.has(table)) continue;
    addObject(catalog.snapshot, constraintObject(r, table, parts));
  }
}

async function readConstraintParts({ query, has, database }: Catalog): Promise<ConstraintParts> {
  const fkColumns = await query<Row>(
    `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, COLUMN_NAME AS column_name,
            REFERENCED_TABLE_SCHEMA AS ref_schema, REFERENCED_TABLE_NAME AS ref_table, REFERENCED_COLUMN_NAME AS ref_column
       FROM information_schema.KEY_COLUMN_USAGE
      WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
      ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`,
  );
  const fkRules = await query<Row>(
    `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, UPDATE_RULE AS on_update, DELETE_RULE AS on_delete,
            MATCH_OPTION AS match_option
       FROM information_schema.REFERENTIAL_CONSTRAINTS
      WHERE CONSTRAINT_SCHEMA = DATABASE()`,
  );
  const checkHasTable = has.has('CHECK_CONSTRAINTS.TABLE_NAME');
  const checks = has.has('CHECK_CONSTRAINTS.CHECK_CLAUSE')
    ? await query<Row>(
        `SELECT ${checkHasTable ? 'TABLE_NAME' : 'NULL'} AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
           FROM information_schema.CHECK_CONSTRAINTS
          WHERE CONSTRAINT_SCHEMA = DATABASE()`,
      )
    : [];
  const fkCols = new Map<string, { cols: string[]; refCols: string[]; ref: string }>();
  for (const r of fkColumns) {
    const key = `${String(r['table_name'])}\u0000${String(r['name'])}`;
    const refSchema = text(r['ref_schema']);
    const ref =
      (refSchema !== null && refSchema !== database ? `${quoteIdent(refSchema)}.` : '') +
      quoteIdent(String(r['ref_table']));
    const acc = fkCols.get(key) ?? { cols: [], refCols: [], ref };
    acc.cols.push(quoteIdent(String(r['column_name'])));
    acc.refCols.push(quoteIdent(String(r['ref_column'])));
    fkCols.set(key, acc);
  }
  const rules = new Map<string, Row>();
  for (const r of fkRules) rules.set(`${String(r['table_name'])}\u0000${String(r['name'])}`, r);
  const clauses = new Map<string, string | null>();
  for (const r of checks) {
    const name = String(r['name']);
    clauses.set(checkHasTable ? `${String(r['table_name'])}\u0000${name}` : name, text(r['clause']));
  }
  return { fkCols, rules, clauses, checkHasTable };
}

function constraintObject(
  r: Row,
  table: string,
  { fkCols, rules, clauses, checkHasTable }: ConstraintParts,
): SchemaObject {
  const name = String(r['name']);
  const type = String(r['type']);
  const key = `${table}\u0000${name}`;
  let definition: string;
  /** What identifies a constraint whose name the server made up. */
  let identity: string;
  let generatedName: boolean;
  if (type === 'FOREIGN KEY') {
    const fk = fkCols.get(key);
    const rule = rules.get(key);
    identity = `FOREIGN KEY (${fk?.cols.join(', ') ?? ''}) REFERENCES ${fk?.ref ?? '?'} (${fk?.refCols.join(', ') ?? ''})`;
    definition = `${identity} ON DELETE ${text(rule?.['on_delete']) ?? 'RESTRICT'} ON UPDATE ${text(rule?.['on_update']) ?? 'RESTRICT'}`;
    generatedName = name.startsWith(`${table}_ibfk_`) && /^\d+$/.test(name.slice(table.length + 6));
  } else {
    const clause = clauses.get(checkHasTable ? key : name) ?? null;
    identity = definition = `CHECK (${clause ?? '?'})`;
    generatedName =
      /^CONSTRAINT_\d+$/.test(name) || (name.startsWith(`${table}_chk_`) && /^\d+$/.test(name.slice(table.length + 5)));
  }
  if (String(r['enforced'] ?? '').toUpperCase() === 'NO') definition += ' NOT ENFORCED';
  const properties: Record<string, PropertyValue> = {
    table,
    type: type === 'FOREIGN KEY' ? 'foreign key' : 'check',
    definition,
  };
  if (!generatedName) properties['name'] = name;
  return {
    kind: 'constraint',
    name: generatedName ? `${table}.${identity}` : `${table}.${name}`,
    parent: objectKey('table', table),
    properties,
  };
}

async function readViews(catalog: Catalog): Promise<void> {
  const views = await catalog.query<Row>(
    `SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition, CHECK_OPTION AS check_option,
            SECURITY_TYPE AS security, ${optionalColumn(catalog, 'VIEWS', 'ALGORITHM', 'algorithm')}
       FROM information_schema.VIEWS
      WHERE TABLE_SCHEMA = DATABASE()`,
  );
  for (const r of views) {
    addObject(catalog.snapshot, {
      kind: 'view',
      name: String(r['name']),
      properties: {
        definition: stripDatabase(text(r['definition']), catalog.database),
        'check option': text(r['check_option']),
        security: text(r['security']),
        algorithm: text(r['algorithm']),
      },
    });
  }
}

/** Functions and procedures. */
async function readRoutines({ query, snapshot, database }: Catalog): Promise<void> {
  const routines = await query<Row>(
    `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type, SPECIFIC_NAME AS specific_name, DTD_IDENTIFIER AS return_type,
            ROUTINE_DEFINITION AS definition, IS_DETERMINISTIC AS is_deterministic, SQL_DATA_ACCESS AS data_access,
            SECURITY_TYPE AS security, SQL_MODE AS sql_mode, ROUTINE_COMMENT AS comment
       FROM information_schema.ROUTINES
      WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE IN ('FUNCTION', 'PROCEDURE')`,
  );
  if (routines.length === 0) return;
  const args = await readRoutineArguments(query);
  for (const r of routines) {
    const type = String(r['type']);
    const kind = type === 'FUNCTION' ? 'function' : 'procedure';
    addObject(snapshot, {
      kind,
      name: String(r['name']),
      properties: {
        arguments: (args.get(`${type}\u0000${String(r['specific_name'])}`) ?? []).join(', '),
        returns: kind === 'function' ? text(r['return_type']) : null,
        deterministic: String(r['is_deterministic']).toUpperCase() === 'YES',
        'data access': text(r['data_access']),
        security: text(r['security']),
        'sql mode': text(r['sql_mode']),
        body: stripDatabase(text(r['definition']), database),
        comment: nonEmpty(r['comment']),
      },
    });
  }
}

/** "[mode ]name type" of each routine's parameters, keyed `${routine type}\u0000${specific name}`. */
async function readRoutineArguments(query: QueryFn): Promise<Map<string, string[]>> {
  const params = await query<Row>(
    `SELECT SPECIFIC_NAME AS specific_name, ROUTINE_TYPE AS type, PARAMETER_MODE AS param_mode, PARAMETER_NAME AS name,
            DTD_IDENTIFIER AS data_type
       FROM information_schema.PARAMETERS
      WHERE SPECIFIC_SCHEMA = DATABASE() AND ORDINAL_POSITION > 0
      ORDER BY SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION`,
  );
  const args = new Map<string, string[]>();
  for (const p of params) {
    const key = `${String(p['type'])}\u0000${String(p['specific_name'])}`;
    const list = args.get(key) ?? [];
    const mode = text(p['param_mode']);
    list.push(`${mode !== null ? `${mode} ` : ''}${String(p['name'])} ${String(p['data_type'])}`);
    args.set(key, list);
  }
  return args;
}

async function readTriggers({ query, snapshot, database }: Catalog): Promise<void> {
  const triggers = await query<Row>(
    `SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS table_name, ACTION_TIMING AS timing,
            EVENT_MANIPULATION AS event_manipulation, ACTION_ORIENTATION AS orientation, ACTION_ORDER AS action_order,
            ACTION_STATEMENT AS statement, SQL_MODE AS sql_mode
       FROM information_schema.TRIGGERS
      WHERE TRIGGER_SCHEMA = DATABASE()`,
  );
  for (const r of triggers) {
    const table = String(r['table_name']);
    addObject(snapshot, {
      kind: 'trigger',
      name: `${table}.${String(r['name'])}`,
      parent: objectKey('table', table),
      properties: {
        table,
        timing: text(r['timing']),
        events: text(r['event_manipulation']),
        level: text(r['orientation']),
        order: r['action_order'] === null || r['action_order'] === undefined ? null : Number(r['action_order']),
        'sql mode': text(r['sql_mode']),
        definition: stripDatabase(text(r['statement']), database),
      },
    });
  }
}

/** Scheduled events (their schedule's times are not compared: a relative start is evaluated at creation). */
async function readEvents({ query, snapshot, database }: Catalog): Promise<void> {
  const events = await query<Row>(
    `SELECT EVENT_NAME AS name, EVENT_DEFINITION AS definition, EVENT_TYPE AS type, INTERVAL_VALUE AS interval_value,
            INTERVAL_FIELD AS interval_field, STATUS AS status, ON_COMPLETION AS on_completion, EVENT_COMMENT AS comment
       FROM information_schema.EVENTS
      WHERE EVENT_SCHEMA = DATABASE()`,
  );
  for (const r of events) {
    addObject(snapshot, {
      kind: 'event',
      name: String(r['name']),
      properties: {
        type: text(r['type']),
        every:
          r['interval_value'] === null
            ? null
            : `${text(r['interval_value']) ?? ''} ${text(r['interval_field']) ?? ''}`.trim(),
        status: text(r['status']),
        'on completion': text(r['on_completion']),
        definition: stripDatabase(text(r['definition']), database),
        comment: nonEmpty(r['comment']),
      },
    });
  }
}
