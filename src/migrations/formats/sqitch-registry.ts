/**
 * Sqitch's registry (lib/App/Sqitch/Engine/pg.sql and mysql.sql, registry release 1.1, as
 * sqitch 1.3.1 creates it; the writes of App::Sqitch::Role::DBIEngine log_deploy_change,
 * _log_event and pg.pm log_revert_change). Comments on tables and columns are left out.
 *
 * PostgreSQL: the schema `sqitch` (sqitch's --registry; here --migrations-table).
 * MySQL/MariaDB: sqitch keeps its registry in a database of its own (`sqitch`); a test user is
 * often not allowed to create databases, and test databases on one server would share it, so
 * the same tables are created in the tested database with the registry name as prefix
 * (`sqitch_changes`, …), without sqitch's checkit() function and dependency triggers.
 */
import { z } from 'zod';
import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../bookkeeping.js';
import type { Dialect, Migration } from '../types.js';
import { UsageError } from '../../util/errors.js';
import { quoteIdent } from './quote.js';

const Planned = z.object({
  note: z.string(),
  plannedAt: z.string(),
  plannerName: z.string(),
  plannerEmail: z.string(),
});

const ChangeRecord = Planned.extend({
  changeId: z.string(),
  scriptHash: z.string(),
  change: z.string(),
  project: z.string(),
  uri: z.string().nullable(),
  committerName: z.string(),
  committerEmail: z.string(),
  requires: z.array(z.string()),
  conflicts: z.array(z.string()),
  dependencies: z.array(
    z.object({ type: z.enum(['require', 'conflict']), dependency: z.string(), dependencyId: z.string().nullable() }),
  ),
  tags: z.array(Planned.extend({ tagId: z.string(), tag: z.string() })),
});
export type SqitchChangeRecord = z.infer<typeof ChangeRecord>;

/** What a migration carries for the registry, in Migration.extra. */
export function registryExtra(record: SqitchChangeRecord): Record<string, string> {
  return { sqitch: JSON.stringify(record) };
}

function recordOf(m: Migration): SqitchChangeRecord {
  const raw = m.extra?.['sqitch'];
  if (raw === undefined) throw new Error(`migration ${m.id} is not a sqitch change`);
  return ChangeRecord.parse(JSON.parse(raw));
}

const REGISTRY_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,40}$/;

export function sqitchBookkeeping(registry = 'sqitch'): Bookkeeping {
  if (!REGISTRY_NAME.test(registry)) {
    throw new UsageError(
      `--migrations-table ${registry}: sqitch's registry name (its --registry) must be letters, digits, _ or $, starting with a letter or _`,
    );
  }
  const names = ['releases', 'projects', 'changes', 'tags', 'dependencies', 'events'];
  return {
    // Tables of both layouts: the recorder matches names, and only one of them exists on a server.
    tables: [...names.map((t) => `${registry}.${t}`), ...names.map((t) => `${registry}_${t}`)],
    summary: `${registry}.{releases,projects,changes,tags,dependencies,events} (MySQL: ${registry}_* tables in the database)`,
    setup: (dialect) => (dialect === 'postgres' ? pgRegistry(registry) : mysqlRegistry(registry)),
    before: (e) => (e.direction === 'up' ? register(e, new Sql(registry, e.dialect)) : []),
    record: (e) =>
      e.direction === 'up' ? deployed(e, new Sql(registry, e.dialect)) : reverted(e, new Sql(registry, e.dialect)),
    recordInTransaction: false,
  };
}

/** Names and values as one dialect writes them. */
class Sql {
  private n = 0;
  constructor(
    private readonly registry: string,
    readonly dialect: Dialect,
  ) {}
  table(name: string): string {
    return this.dialect === 'postgres'
      ? `${quoteIdent(this.registry, 'postgres')}.${name}`
      : quoteIdent(`${this.registry}_${name}`, 'mysql');
  }
  /** The next placeholder; start() resets the count for a new statement. */
  p(cast = ''): string {
    return this.dialect === 'postgres' ? `$${++this.n}${cast}` : '?';
  }
  start(): this {
    this.n = 0;
    return this;
  }
  get now(): string {
    return this.dialect === 'postgres' ? 'clock_timestamp()' : 'utc_timestamp(6)';
  }
  get change(): string {
    return this.dialect === 'postgres' ? 'change' : '`change`';
  }
  /** sqitch binds planned_at as an ISO string: UTC on PostgreSQL, a UTC DATETIME on MySQL. */
  time(iso: string): string {
    return this.dialect === 'postgres' ? iso : iso.replace('T', ' ').replace(/Z$/, '');
  }
  /** events.tags/requires/conflicts: text[] on PostgreSQL; on MySQL tags space-joined, the others comma-joined. */
  list(items: readonly string[], kind: 'tags' | 'deps'): { sql: string; value: string } {
    if (this.dialect === 'postgres') {
      return { sql: `ARRAY(SELECT json_array_elements_text(${this.p('::json')}))`, value: JSON.stringify(items) };
    }
    return { sql: this.p(), value: items.join(kind === 'tags' ? ' ' : ',') };
  }
}

/** Registry release and project, written once (sqitch registers them before its first change). */
function register(e: BookkeepingEvent, s: Sql): BookkeepingWrite[] {
  const r = recordOf(e.migration);
  const pg = s.dialect === 'postgres';
  const release: BookkeepingWrite = {
    sql: `INSERT INTO ${s.start().table('releases')} (version, installed_at, installer_name, installer_email) SELECT 1.1, ${s.now}, ${s.p('::text')}, ${s.p('::text')} FROM ${pg ? '(SELECT 1) AS one' : 'DUAL'} WHERE NOT EXISTS (SELECT 1 FROM ${s.table('releases')})`,
    params: [r.committerName, r.committerEmail],
  };
  const project: BookkeepingWrite = {
    sql: `INSERT INTO ${s.start().table('projects')} (project, uri, created_at, creator_name, creator_email) SELECT ${s.p('::text')}, ${s.p('::text')}, ${s.now}, ${s.p('::text')}, ${s.p('::text')} FROM ${pg ? '(SELECT 1) AS one' : 'DUAL'} WHERE NOT EXISTS (SELECT 1 FROM ${s.table('projects')} WHERE project = ${s.p('::text')})`,
    params: [r.project, r.uri, r.committerName, r.committerEmail, r.project],
  };
  return [release, project];
}

function deployed(e: BookkeepingEvent, s: Sql): BookkeepingWrite[] {
  const r = recordOf(e.migration);
  const writes: BookkeepingWrite[] = [
    {
      sql: `INSERT INTO ${s.start().table('changes')} (change_id, script_hash, ${s.change}, project, note, committer_name, committer_email, planned_at, planner_name, planner_email, committed_at) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(() => s.p()).join(', ')}, ${s.now})`,
      params: [
        r.changeId,
        r.scriptHash,
        r.change,
        r.project,
        r.note,
        r.committerName,
        r.committerEmail,
        s.time(r.plannedAt),
        r.plannerName,
        r.plannerEmail,
      ],
    },
  ];
  if (r.dependencies.length > 0) {
    s.start();
    const rows = r.dependencies.map(() => `(${s.p()}, ${s.p()}, ${s.p()}, ${s.p()})`);
    writes.push({
      sql: `INSERT INTO ${s.table('dependencies')} (change_id, type, dependency, dependency_id) VALUES ${rows.join(', ')}`,
      params: r.dependencies.flatMap((d) => [r.changeId, d.type, d.dependency, d.dependencyId]),
    });
  }
  if (r.tags.length > 0) {
    s.start();
    const rows = r.tags.map(() => `(${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(() => s.p()).join(', ')}, ${s.now})`);
    writes.push({
      sql: `INSERT INTO ${s.table('tags')} (tag_id, tag, project, change_id, note, committer_name, committer_email, planned_at, planner_name, planner_email, committed_at) VALUES ${rows.join(', ')}`,
      params: r.tags.flatMap((t) => [
        t.tagId,
        t.tag,
        r.project,
        r.changeId,
        t.note,
        r.committerName,
        r.committerEmail,
        s.time(t.plannedAt),
        t.plannerName,
        t.plannerEmail,
      ]),
    });
  }
  return [...writes, event('deploy', r, s)];
}

/** pg.pm log_revert_change: the change's tags, dependencies and row deleted, a 'revert' event. */
function reverted(e: BookkeepingEvent, s: Sql): BookkeepingWrite[] {
  const r = recordOf(e.migration);
  const del = (table: string): BookkeepingWrite => ({
    sql: `DELETE FROM ${s.start().table(table)} WHERE change_id = ${s.p()}`,
    params: [r.changeId],
  });
  return [del('tags'), del('dependencies'), del('changes'), event('revert', r, s)];
}

function event(kind: 'deploy' | 'revert', r: SqitchChangeRecord, s: Sql): BookkeepingWrite {
  s.start();
  const head = [s.p(), s.p(), s.p(), s.p(), s.p()];
  const tags = s.list(
    r.tags.map((t) => t.tag),
    'tags',
  );
  const requires = s.list(r.requires, 'deps');
  const conflicts = s.list(r.conflicts, 'deps');
  const tail = [s.p(), s.p(), s.p(), s.p(), s.p()];
  return {
    sql: `INSERT INTO ${s.table('events')} (event, change_id, ${s.change}, project, note, tags, requires, conflicts, committer_name, committer_email, planned_at, planner_name, planner_email, committed_at) VALUES (${[...head, tags.sql, requires.sql, conflicts.sql, ...tail].join(', ')}, ${s.now})`,
    params: [
      kind,
      r.changeId,
      r.change,
      r.project,
      r.note,
      tags.value,
      requires.value,
      conflicts.value,
      r.committerName,
      r.committerEmail,
      s.time(r.plannedAt),
      r.plannerName,
      r.plannerEmail,
    ],
  };
}

function pgRegistry(registry: string): string[] {
  const t = (name: string) => `${quoteIdent(registry, 'postgres')}.${name}`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(registry, 'postgres')}`,
    `CREATE TABLE IF NOT EXISTS ${t('releases')} (
    version         REAL        PRIMARY KEY,
    installed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    installer_name  TEXT        NOT NULL,
    installer_email TEXT        NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${t('projects')} (
    project         TEXT        PRIMARY KEY,
    uri             TEXT            NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    creator_name    TEXT        NOT NULL,
    creator_email   TEXT        NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${t('changes')} (
    change_id       TEXT        PRIMARY KEY,
    script_hash     TEXT            NULL,
    change          TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES ${t('projects')}(project) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    UNIQUE(project, script_hash)
)`,
    `CREATE TABLE IF NOT EXISTS ${t('tags')} (
    tag_id          TEXT        PRIMARY KEY,
    tag             TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES ${t('projects')}(project) ON UPDATE CASCADE,
    change_id       TEXT        NOT NULL REFERENCES ${t('changes')}(change_id) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    UNIQUE(project, tag)
)`,
    `CREATE TABLE IF NOT EXISTS ${t('dependencies')} (
    change_id       TEXT        NOT NULL REFERENCES ${t('changes')}(change_id) ON UPDATE CASCADE ON DELETE CASCADE,
    type            TEXT        NOT NULL,
    dependency      TEXT        NOT NULL,
    dependency_id   TEXT            NULL REFERENCES ${t('changes')}(change_id) ON UPDATE CASCADE CONSTRAINT dependencies_check CHECK (
            (type = 'require'  AND dependency_id IS NOT NULL)
         OR (type = 'conflict' AND dependency_id IS NULL)
    ),
    PRIMARY KEY (change_id, dependency)
)`,
    `CREATE TABLE IF NOT EXISTS ${t('events')} (
    event           TEXT        NOT NULL CONSTRAINT events_event_check CHECK (event IN ('deploy', 'revert', 'fail', 'merge')),
    change_id       TEXT        NOT NULL,
    change          TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES ${t('projects')}(project) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    requires        TEXT[]      NOT NULL DEFAULT '{}',
    conflicts       TEXT[]      NOT NULL DEFAULT '{}',
    tags            TEXT[]      NOT NULL DEFAULT '{}',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    PRIMARY KEY (change_id, committed_at)
)`,
  ];
}

function mysqlRegistry(registry: string): string[] {
  const t = (name: string) => quoteIdent(`${registry}_${name}`, 'mysql');
  const opts = `ENGINE InnoDB, CHARACTER SET 'utf8'`;
  const planned = `committed_at    DATETIME(6)  NOT NULL,
    committer_name  VARCHAR(255) NOT NULL,
    committer_email VARCHAR(255) NOT NULL,
    planned_at      DATETIME(6)  NOT NULL,
    planner_name    VARCHAR(255) NOT NULL,
    planner_email   VARCHAR(255) NOT NULL`;
  return [
    `CREATE TABLE IF NOT EXISTS ${t('releases')} (
    version         FLOAT(4, 1)   PRIMARY KEY,
    installed_at    DATETIME(6)   NOT NULL,
    installer_name  VARCHAR(255)  NOT NULL,
    installer_email VARCHAR(255)  NOT NULL
) ${opts}`,
    `CREATE TABLE IF NOT EXISTS ${t('projects')} (
    project         VARCHAR(255) PRIMARY KEY,
    uri             VARCHAR(255) NULL UNIQUE,
    created_at      DATETIME(6)  NOT NULL,
    creator_name    VARCHAR(255) NOT NULL,
    creator_email   VARCHAR(255) NOT NULL
) ${opts}`,
    `CREATE TABLE IF NOT EXISTS ${t('changes')} (
    change_id       VARCHAR(40)  PRIMARY KEY,
    script_hash     VARCHAR(40)      NULL,
    \`change\`        VARCHAR(255) NOT NULL,
    project         VARCHAR(255) NOT NULL REFERENCES ${t('projects')}(project) ON UPDATE CASCADE,
    note            TEXT         NOT NULL,
    ${planned},
    UNIQUE(project, script_hash)
) ${opts}`,
    `CREATE TABLE IF NOT EXISTS ${t('tags')} (
    tag_id          VARCHAR(40)  PRIMARY KEY,
    tag             VARCHAR(255) NOT NULL,
    project         VARCHAR(255) NOT NULL REFERENCES ${t('projects')}(project) ON UPDATE CASCADE,
    change_id       VARCHAR(40)  NOT NULL REFERENCES ${t('changes')}(change_id) ON UPDATE CASCADE,
    note            VARCHAR(255) NOT NULL,
    ${planned},
    UNIQUE(project, tag)
) ${opts}`,
    `CREATE TABLE IF NOT EXISTS ${t('dependencies')} (
    change_id       VARCHAR(40)  NOT NULL REFERENCES ${t('changes')}(change_id) ON UPDATE CASCADE ON DELETE CASCADE,
    type            VARCHAR(8)   NOT NULL,
    dependency      VARCHAR(255) NOT NULL,
    dependency_id   VARCHAR(40)      NULL REFERENCES ${t('changes')}(change_id) ON UPDATE CASCADE,
    PRIMARY KEY (change_id, dependency)
) ${opts}`,
    `CREATE TABLE IF NOT EXISTS ${t('events')} (
    event           ENUM ('deploy', 'fail', 'merge', 'revert') NOT NULL,
    change_id       VARCHAR(40)  NOT NULL,
    \`change\`        VARCHAR(255) NOT NULL,
    project         VARCHAR(255) NOT NULL REFERENCES ${t('projects')}(project) ON UPDATE CASCADE,
    note            TEXT         NOT NULL,
    requires        TEXT         NOT NULL,
    conflicts       TEXT         NOT NULL,
    tags            TEXT         NOT NULL,
    ${planned},
    PRIMARY KEY (change_id, committed_at)
) ${opts}`,
  ];
}
