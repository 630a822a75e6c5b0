/**
 * Every setting, declared once. The CLI's flags and --help, the action's inputs (action.yml and
 * their validation), the config file's keys and RunConfigSchema, and the README's tables are
 * all made from this table (npm run generate writes action.yml and the README sections).
 *
 * A setting's key is its config-file and RunConfig key; its flag and its action input share
 * one name, the key in kebab-case (`fillRows`: --fill-rows, input fill-rows).
 */
import { z } from 'zod';
import {
  ACTION_MODES,
  BOOKKEEPING_MODES,
  FAIL_ON,
  FILL_DEFAULTS,
  FORMAT_CHOICES,
  FillSchema,
  ROLLBACK_MODES,
  PROBE_MODES,
  SEED_AFTER,
  SeveritySchema,
  ThresholdsSchema,
  bool,
  count,
  histogramBuckets,
  inputSwitch,
  positiveInt,
  seconds,
  statementSeconds,
  tableName,
} from './values.js';

export type Command = 'run' | 'render';

export interface SettingSpec {
  /**
   * `run`: a setting of the run (a RunConfig key, also accepted in the config file).
   * `entry`: read by the entry point itself, never in the config file: cli.ts for a flag,
   * src/main.ts for an action input.
   */
  scope: 'run' | 'entry';
  /** The commands that take the flag --<kebab-key>; absent: no flag. */
  cli?: readonly Command[];
  /** An action input named <kebab-key>; absent: none. */
  input?: boolean;
  /** The value's placeholder in --help (`SEC`); absent: a switch (a boolean flag; an input of true or false). */
  value?: string;
  /** A repeatable flag; one value a line in the action input. */
  list?: boolean;
  short?: string;
  /**
   * For `run`: the value in RunConfig, with its default (flags and inputs hand over strings).
   * For `entry`: the value the input's string becomes (flags of entry settings are read as given).
   */
  schema: z.ZodType;
  /** One line: what it does, for --help, action.yml and the README. */
  help: string;
  /** Where the action's input needs other words than the flag. */
  inputHelp?: string;
  /** The default in words, where the schema holds none to show (it is worked out elsewhere). */
  defaultText?: string;
  /** action.yml's default when it is not the schema's (an expression the runner fills in). */
  inputDefault?: string;
}

/** Choices as --help shows them. */
const oneOf = (choices: readonly string[]) => choices.join(' | ');
const text = z.string().trim().min(1).optional();

export const SETTINGS = {
  databaseUrl: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'URL',
    schema: text,
    help: 'postgres://... or mysql://... (MariaDB detected from the server); omitted: an embedded PostgreSQL in a temporary directory',
    inputHelp:
      'postgres://user:password@host:port/db or mysql://user:password@host:port/db; its password is masked in the log. Empty starts an embedded PostgreSQL (CLI only; in the action use a service container).',
  },
  postgresVersions: {
    scope: 'entry',
    cli: ['run'],
    value: 'N,N',
    schema: z.string().optional(),
    help: 'e.g. 14,16,18: an embedded PostgreSQL of each major (downloaded once), run concurrently, reports merged; not with --database-url',
  },
  migrations: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'DIR',
    schema: text,
    help: 'the migrations directory',
    defaultText: 'first of db/migrations, migrations, sql/migrations',
  },
  format: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'F',
    schema: z.enum(FORMAT_CHOICES).default('auto'),
    help: oneOf(FORMAT_CHOICES),
  },
  bookkeeping: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'MODE',
    schema: z.enum(BOOKKEEPING_MODES).default('on'),
    help: `keep the format's tool's own table (schema_migrations, flyway_schema_history, …) as the tool does: ${oneOf(BOOKKEEPING_MODES)}`,
  },
  migrationsTable: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'NAME',
    schema: tableName.optional(),
    help: "the tool's bookkeeping table where the tool lets it be renamed (golang-migrate x-migrations-table, Flyway table, …)",
    defaultText: "the tool's own default",
  },
  command: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'CMD',
    schema: text,
    help: "the team's own migrate command (npx knex migrate:latest, …), run through a recording proxy and measured migration by migration",
  },
  downCommand: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'CMD',
    schema: text,
    help: 'with --command: the command that rolls the new migrations back (npx knex migrate:rollback --all, …); then --command runs again, each schema compared',
  },
  baseCommand: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'CMD',
    schema: text,
    help: "with --command: applies the base branch's migrations first (recorded as base, not judged), e.g. the same command on the base checkout",
  },
  workingDirectory: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'DIR',
    schema: text,
    help: 'with --command: the directory the commands run in',
    defaultText: 'the current directory',
  },
  commandEnv: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'NAME',
    list: true,
    schema: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')).default([]),
    help: "with --command: more variables that receive the proxy's database URL (besides DATABASE_URL); repeatable",
    inputHelp: "with command: more variables that receive the proxy's database URL, one a line",
  },
  commandTimeout: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'SEC',
    schema: seconds.nullable().default(null),
    help: 'with --command: seconds the command may run before it is stopped (its whole process group)',
    defaultText: 'none',
  },
  changelog: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'FILE',
    schema: text,
    help: 'Liquibase: the master changelog whose order the formatted SQL files run in',
  },
  reportDir: {
    scope: 'run',
    cli: ['run', 'render'],
    input: true,
    value: 'DIR',
    schema: z.string().trim().min(1).default('migration-test-report'),
    help: 'holds report.json, comment.md, summary.md, logs/',
  },
  config: {
    scope: 'entry',
    cli: ['run'],
    input: true,
    value: 'FILE',
    schema: z.string().optional(),
    help: 'a JSON or YAML config file; flags win over the file',
    inputHelp: 'a JSON or YAML config file; inputs win over the file',
  },
  label: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'NAME',
    schema: z.string().trim().min(1).max(100).default('main'),
    help: 'database label in the report and the comment',
  },
  connectTimeout: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'SEC',
    schema: seconds.default(60),
    help: 'seconds to wait for the database server to answer',
  },
  statementTimeout: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'SEC',
    schema: statementSeconds.nullable().default(null),
    help: 'seconds one statement may run',
  },
  allowExisting: {
    scope: 'run',
    cli: ['run'],
    input: true,
    schema: bool.default(false),
    help: 'run against a database that already holds tables',
  },
  failOn: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'LEVEL',
    schema: z.enum(FAIL_ON).default('error'),
    help: `the findings that fail the run: ${oneOf(FAIL_ON)}`,
  },
  json: {
    scope: 'run',
    cli: ['run'],
    schema: bool.default(false),
    help: 'also print report.json to stdout',
  },
  baseRef: {
    scope: 'run',
    cli: ['run'],
    value: 'REF',
    schema: text,
    help: 'migrations added since the merge base with REF are new, the rest base',
  },
  newFrom: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'VERSION',
    schema: text,
    help: 'without a base ref: migrations from VERSION on are new (else all are)',
    inputHelp: 'without a pull request: migrations from this version on are new (else all are)',
  },
  rollback: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'MODE',
    schema: z.enum(ROLLBACK_MODES).default('batch'),
    help: `new migrations down and up again: ${oneOf(ROLLBACK_MODES)}`,
  },
  probe: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'MODE',
    schema: z.enum(PROBE_MODES).default('on'),
    help: `measure blocked traffic while each new migration runs (a probe connection tries reads and writes on the tables it touches): ${oneOf(PROBE_MODES)}`,
  },
  requireDown: {
    scope: 'run',
    cli: ['run'],
    input: true,
    schema: bool.default(false),
    help: 'a new migration without a down is a warning, not a notice',
  },
  seed: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'FILE',
    list: true,
    schema: z.array(z.string().trim().min(1)).default([]),
    help: 'SQL dump (.sql or .sql.gz) loaded before the base migrations; repeatable',
    inputHelp: 'SQL dumps (.sql or .sql.gz), one a line, loaded before the base migrations',
  },
  seedAfter: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'WHEN',
    schema: z.enum(SEED_AFTER).default('none'),
    help: 'none: the seeds load before the base migrations; base: after them',
  },
  seedCommand: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'CMD',
    schema: text,
    help: 'a command that loads data (pg_restore, mysql < dump.sql, a script), with DATABASE_URL and PG*/MYSQL_* set',
  },
  fillRows: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'N',
    schema: count.optional(),
    help: 'fill every table with N synthetic rows after the base migrations; wins over fill.rows',
  },
  fillSeed: {
    scope: 'run',
    cli: ['run'],
    input: true,
    value: 'N',
    schema: count.optional(),
    help: 'seed of the synthetic data; wins over fill.seed',
    defaultText: String(FILL_DEFAULTS.seed),
  },
  thresholds: {
    scope: 'run',
    schema: ThresholdsSchema,
    help: "limits for duration, queryDuration, rowsRead, rowsChanged, sizeDelta, lockHeld (how long a lock that blocks reads or writes may be held) and blockedTraffic, with per-migration overrides (GitLab's defaults, below)",
  },
  severity: {
    scope: 'run',
    schema: SeveritySchema,
    help: 'the severity of the finding each threshold makes (defaults below)',
  },
  postDeploy: {
    scope: 'run',
    schema: z.array(z.string().min(1)).default([]),
    help: 'globs of the post-deploy migrations, matched against their file paths',
  },
  fill: {
    scope: 'run',
    schema: FillSchema.optional(),
    help: 'synthetic rows after the base migrations: { rows, tables: { <table>: rows }, seed }',
  },
  histogramBucketsMs: {
    scope: 'run',
    schema: histogramBuckets.optional(),
    help: 'upper bounds of the statement-runtime histogram, in milliseconds',
    defaultText: "GitLab's [10, 100, 1000, 300000]",
  },
  commentKey: {
    scope: 'entry',
    cli: ['render'],
    input: true,
    value: 'KEY',
    schema: z.string().max(200, 'at most 200 characters').optional(),
    help: "the sticky comment's key, in its hidden marker; main when not given",
    inputHelp: 'which sticky comment this job owns (default: made of the workflow, the job and the matrix values)',
  },
  runUrl: {
    scope: 'entry',
    cli: ['render'],
    value: 'URL',
    schema: z.string().optional(),
    help: 'the workflow run, linked from the comment',
  },
  artifactUrl: {
    scope: 'entry',
    cli: ['render'],
    value: 'URL',
    schema: z.string().optional(),
    help: 'the report artifact, linked from the comment',
  },
  githubToken: {
    scope: 'entry',
    input: true,
    schema: z.string().optional(),
    inputDefault: '${{ github.token }}',
    help: 'token for the pull-request comment and artifact downloads (needs pull-requests write); masked',
  },
  comment: {
    scope: 'entry',
    input: true,
    schema: inputSwitch.default(true),
    help: 'keep a sticky comment on the pull request up to date',
  },
  matrix: {
    scope: 'entry',
    input: true,
    schema: z.string().optional(),
    help: 'in a matrix job, pass ${{ toJSON(matrix) }} so each job keeps its own comment (or set comment-key, or a distinct label)',
  },
  requireLabel: {
    scope: 'entry',
    input: true,
    schema: z.string().optional(),
    help: 'skip with a notice unless the pull request carries this label (e.g. database)',
  },
  prNumber: {
    scope: 'entry',
    input: true,
    schema: positiveInt.optional(),
    help: 'the pull request to comment on when started by workflow_dispatch',
  },
  failOnPublishError: {
    scope: 'entry',
    input: true,
    schema: inputSwitch.default(false),
    help: 'fail the step when the comment or the artifact cannot be published (by default a warning: the step keeps the result of the migrations)',
  },
  uploadArtifact: {
    scope: 'entry',
    input: true,
    schema: inputSwitch.default(true),
    help: 'upload the report directory as an artifact',
  },
  artifactName: {
    scope: 'entry',
    input: true,
    schema: z
      .string()
      .regex(/^[^"<>|*?:\r\n\\/]+$/, 'an artifact name cannot hold " < > | * ? : \\ / or newlines')
      .optional(),
    help: 'name of the report artifact; with mode comment, the artifact to publish (default: every migration-test-* artifact of the run)',
    defaultText: 'migration-test-<matrix values, label, or engine and version>',
  },
  artifactPattern: {
    scope: 'entry',
    input: true,
    schema: z
      .string()
      .regex(/^[^"<>|?:\r\n\\/]+$/, 'an artifact pattern cannot hold " < > | ? : \\ / or newlines')
      .default('migration-test-*'),
    help: 'with mode comment, the artifacts of the run to publish, `*` matching any characters; several reports found are published as one merged comment',
  },
  mode: {
    scope: 'entry',
    input: true,
    schema: z.enum(ACTION_MODES).default('run'),
    help: `${oneOf(ACTION_MODES)}: comment publishes an existing report and runs nothing (the fork-safe workflow_run pattern)`,
  },
  runId: {
    scope: 'entry',
    input: true,
    schema: positiveInt.optional(),
    help: "with mode comment, the workflow run whose artifacts hold the reports (default: the workflow_run event's run; in a plain job with no report of its own, the current run, e.g. a final job that `needs:` a matrix)",
  },
  help: {
    scope: 'entry',
    cli: ['run', 'render'],
    short: 'h',
    schema: z.boolean().optional(),
    help: 'print this help',
  },
} as const satisfies Record<string, SettingSpec>;

export type Settings = typeof SETTINGS;
export type SettingKey = keyof Settings;

/** The settings of a run: RunConfig's keys. */
export type RunKey = { [K in SettingKey]: Settings[K]['scope'] extends 'run' ? K : never }[SettingKey];
/** The settings the action takes as inputs. */
export type InputKey = { [K in SettingKey]: Settings[K] extends { input: true } ? K : never }[SettingKey];

/** `fillRows` → `fill-rows`, as a type. */
export type Kebab<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `-${Lowercase<H>}`}${Kebab<T>}`
  : '';

/** The flag's and the input's name: the key in kebab-case. */
export function kebab<K extends string>(key: K): Kebab<K> {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) as Kebab<K>;
}

/** The table's rows, in its order. */
export function settingList(): [SettingKey, SettingSpec][] {
  return Object.entries(SETTINGS) as [SettingKey, SettingSpec][];
}

export function runKeys(): RunKey[] {
  return settingList()
    .filter(([, s]) => s.scope === 'run')
    .map(([k]) => k as RunKey);
}

/** The shape of RunConfigSchema: each run setting's schema under its key. */
export function runShape(): { [K in RunKey]: Settings[K]['schema'] } {
  return Object.fromEntries(runKeys().map((k) => [k, SETTINGS[k].schema])) as { [K in RunKey]: Settings[K]['schema'] };
}

/** The choices of an enum setting (through its default, optional or nullable wrapper), else null. */
export function choicesOf(schema: z.ZodType): readonly string[] | null {
  let s: z.ZodType = schema;
  while (
    s instanceof z.ZodDefault ||
    s instanceof z.ZodOptional ||
    s instanceof z.ZodNullable ||
    s instanceof z.ZodPrefault
  )
    s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodEnum ? (s.options as readonly string[]) : null;
}

/** What the schema gives when the setting is not set at all. */
export function defaultOf(spec: SettingSpec): unknown {
  const parsed = spec.schema.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

/** The default in words for --help and the README, or null when there is none to tell. */
export function defaultLabel(spec: SettingSpec): string | null {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const value = defaultOf(spec);
  if (value === null) return 'none';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return null;
}

/** The default action.yml declares: an expression, or the schema's own when it is a plain value. */
export function inputDefault(spec: SettingSpec): string | undefined {
  if (spec.inputDefault !== undefined) return spec.inputDefault;
  const value = defaultOf(spec);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}
