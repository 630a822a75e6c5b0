import {
  diffSchemas,
  formatSchemaDiff,
  sortSnapshot,
  type SchemaObject,
  type SchemaSnapshot,
} from '../src/engines/schema/snapshot.js';

function column(
  table: string,
  name: string,
  position: number,
  type: string,
  extra: Partial<SchemaObject['properties']> = {},
): SchemaObject {
  return {
    kind: 'column',
    name: `${table}.${name}`,
    parent: `table ${table}`,
    properties: { table, position, type, nullable: true, default: null, ...extra },
  };
}

function snap(...objects: SchemaObject[]): SchemaSnapshot {
  const out: SchemaSnapshot = { objects: {} };
  for (const o of objects) out.objects[`${o.kind} ${o.name}`] = o;
  return out;
}

const table = (name: string, props: SchemaObject['properties'] = { kind: 'table' }): SchemaObject => ({
  kind: 'table',
  name,
  properties: props,
});

test('equal snapshots have no differences, whatever the order of their keys', () => {
  const a = snap(
    table('public.users'),
    column('public.users', 'id', 1, 'integer'),
    column('public.users', 'email', 2, 'text'),
  );
  const b = snap(
    column('public.users', 'email', 2, 'text'),
    column('public.users', 'id', 1, 'integer'),
    table('public.users'),
  );
  expect(diffSchemas(a, b)).toEqual([]);
  expect(formatSchemaDiff([])).toBe('');
});

test('a removed column, an added column and a changed one, each readable on one line', () => {
  const expected = snap(
    table('public.users'),
    column('public.users', 'id', 1, 'integer', { nullable: false }),
    column('public.users', 'email', 2, 'character varying(255)', { nullable: false }),
    column('public.users', 'status', 3, 'text', { default: "'active'::text" }),
  );
  const actual = snap(
    table('public.users'),
    column('public.users', 'id', 1, 'integer', { nullable: false }),
    column('public.users', 'status', 2, 'text', { default: "'inactive'::text" }),
    column('public.users', 'nickname', 3, 'text'),
  );
  const diffs = diffSchemas(expected, actual);
  expect(diffs).toEqual([
    {
      key: 'column public.users.email',
      kind: 'column',
      name: 'public.users.email',
      change: 'removed',
      details: ['character varying(255)', 'not null'],
      parent: 'table public.users',
    },
    {
      key: 'column public.users.nickname',
      kind: 'column',
      name: 'public.users.nickname',
      change: 'added',
      details: ['text'],
      parent: 'table public.users',
    },
    {
      key: 'column public.users.status',
      kind: 'column',
      name: 'public.users.status',
      change: 'changed',
      // position 3 -> 2 is explained by the removed column: not a move.
      details: ["default: 'active'::text → 'inactive'::text"],
      parent: 'table public.users',
    },
  ]);
  expect(formatSchemaDiff(diffs).split('\n')).toEqual([
    '- column public.users.email (character varying(255), not null)',
    '+ column public.users.nickname (text)',
    "~ column public.users.status: default: 'active'::text → 'inactive'::text",
  ]);
});

test('a column that moved is reported once, not every column whose position shifted', () => {
  const expected = snap(
    table('t'),
    column('t', 'a', 1, 'int'),
    column('t', 'b', 2, 'int'),
    column('t', 'c', 3, 'int'),
    column('t', 'd', 4, 'int'),
  );
  // a dropped and re-added: now last.
  const actual = snap(
    table('t'),
    column('t', 'b', 1, 'int'),
    column('t', 'c', 2, 'int'),
    column('t', 'd', 3, 'int'),
    column('t', 'a', 4, 'int'),
  );
  expect(formatSchemaDiff(diffSchemas(expected, actual))).toBe('~ column t.a: position: 1 → 4');
});

test('the parts of a table added or removed as a whole fold into its line', () => {
  const expected = snap(table('public.users'));
  const tmp: SchemaObject[] = [
    table('public.tmp'),
    column('public.tmp', 'id', 1, 'integer'),
    column('public.tmp', 'v', 2, 'text'),
    {
      kind: 'index',
      name: 'public.tmp_v_idx',
      parent: 'table public.tmp',
      properties: { table: 'public.tmp', definition: 'CREATE INDEX tmp_v_idx ON public.tmp USING btree (v)' },
    },
    {
      kind: 'constraint',
      name: 'public.tmp.tmp_pkey',
      parent: 'table public.tmp',
      properties: { table: 'public.tmp', definition: 'PRIMARY KEY (id)' },
    },
    {
      kind: 'sequence',
      name: 'public.tmp_id_seq',
      parent: 'table public.tmp',
      properties: { type: 'integer', 'owned by': 'public.tmp.id' },
    },
  ];
  const actual = snap(table('public.users'), ...tmp);
  const diffs = diffSchemas(expected, actual);
  expect(diffs).toHaveLength(6);
  expect(diffs.every((d) => d.change === 'added')).toBe(true);
  expect(formatSchemaDiff(diffs)).toBe('+ table public.tmp (with 1 sequence, 2 columns, 1 constraint, 1 index)');
  // The other way round.
  expect(formatSchemaDiff(diffSchemas(actual, expected))).toBe(
    '- table public.tmp (with 1 sequence, 2 columns, 1 constraint, 1 index)',
  );
  // A column added to a table that stays is not folded.
  const more = snap(table('public.users'), column('public.users', 'x', 1, 'text'));
  expect(formatSchemaDiff(diffSchemas(expected, more))).toBe('+ column public.users.x (text)');
});

test('order: by kind (tables, columns, constraints, indexes, views, functions, triggers), then by name', () => {
  const expected = snap();
  const actual = snap(
    { kind: 'trigger', name: 'public.t.trg', properties: { definition: 'CREATE TRIGGER trg ...' } },
    { kind: 'function', name: 'public.f()', properties: { returns: 'integer', language: 'sql' } },
    { kind: 'view', name: 'public.v', properties: { definition: ' SELECT 1;' } },
    {
      kind: 'index',
      name: 'public.b_idx',
      properties: { definition: 'CREATE INDEX b_idx ON public.b USING btree (x)' },
    },
    {
      kind: 'index',
      name: 'public.a_idx',
      properties: { definition: 'CREATE INDEX a_idx ON public.a USING btree (x)' },
    },
    { kind: 'constraint', name: 'public.a.a_pkey', properties: { definition: 'PRIMARY KEY (id)' } },
    column('public.z', 'id', 1, 'integer'),
    table('public.z'),
    { kind: 'enum', name: 'public.mood', properties: { labels: ['happy', 'sad'] } },
    { kind: 'schema', name: 'app', properties: {} },
  );
  const lines = formatSchemaDiff(diffSchemas(expected, actual)).split('\n');
  expect(lines).toEqual([
    '+ schema app',
    '+ enum public.mood ([happy, sad])',
    '+ table public.z (with 1 column)',
    '+ constraint public.a.a_pkey (PRIMARY KEY (id))',
    '+ index public.a_idx (CREATE INDEX a_idx ON public.a USING btree (x))',
    '+ index public.b_idx (CREATE INDEX b_idx ON public.b USING btree (x))',
    '+ view public.v (SELECT 1;)',
    '+ function public.f() (returns integer, sql)',
    '+ trigger public.t.trg (CREATE TRIGGER trg ...)',
  ]);
  // Deterministic: the same whatever the insertion order.
  const reversed = snap(...Object.values(actual.objects).reverse());
  expect(diffSchemas(expected, reversed)).toEqual(diffSchemas(expected, actual));
});

test('values: arrays, booleans, nulls, empty strings, whitespace', () => {
  const e = snap({
    kind: 'enum',
    name: 'public.mood',
    properties: { labels: ['happy', 'sad'], comment: null, unique: false, note: '' },
  });
  const a = snap({
    kind: 'enum',
    name: 'public.mood',
    properties: { labels: ['happy', 'sad', 'meh'], comment: 'feelings', unique: true, note: 'x\n  y' },
  });
  expect(diffSchemas(e, a)[0]!.details).toEqual([
    'labels: [happy, sad] → [happy, sad, meh]',
    'comment: none → feelings',
    'unique: false → true',
    "note: '' → x y",
  ]);
  // A property that only one side has counts as a difference; null and absent are the same.
  const b = snap({
    kind: 'enum',
    name: 'public.mood',
    properties: { labels: ['happy', 'sad'], unique: false, note: '', extra: 1 },
  });
  expect(diffSchemas(e, b)[0]!.details).toEqual(['extra: none → 1']);
});

test('a long definition shows only the stretch that differs', () => {
  const body = (x: string): string =>
    `BEGIN\n  UPDATE accounts SET balance = balance - amount WHERE id = source;\n  UPDATE accounts SET balance = balance + ${x} WHERE id = target;\n  INSERT INTO transfers (source, target, amount) VALUES (source, target, amount);\nEND`;
  const e = snap({
    kind: 'function',
    name: 'public.transfer(integer, integer, numeric)',
    properties: { body: body('amount') },
  });
  const a = snap({
    kind: 'function',
    name: 'public.transfer(integer, integer, numeric)',
    properties: { body: body('amount * 2') },
  });
  const line = formatSchemaDiff(diffSchemas(e, a));
  expect(line).toBe(
    '~ function public.transfer(integer, integer, numeric): body: …= balance + amount WHERE id = target;…' +
      ' → …= balance + amount * 2 WHERE id = target;…',
  );
  expect(line.length).toBeLessThan(250);
});

test('at most `limit` lines, then how many more', () => {
  const objects = Array.from({ length: 30 }, (_, i) => table(`public.t${String(i).padStart(2, '0')}`));
  const diffs = diffSchemas(snap(), snap(...objects));
  const text = formatSchemaDiff(diffs, 5);
  expect(text.split('\n')).toEqual([
    '+ table public.t00',
    '+ table public.t01',
    '+ table public.t02',
    '+ table public.t03',
    '+ table public.t04',
    '… and 25 more',
  ]);
  expect(formatSchemaDiff(diffs).split('\n')).toHaveLength(30);
  expect(formatSchemaDiff(diffs, 0)).toBe('… and 30 more');
});

test('sortSnapshot orders objects by kind then name and keeps them equal', () => {
  const s = snap(column('t', 'b', 2, 'int'), table('t'), column('t', 'a', 1, 'int'));
  const sorted = sortSnapshot(s);
  expect(Object.keys(sorted.objects)).toEqual(['table t', 'column t.a', 'column t.b']);
  expect(sorted).toEqual(s);
});
