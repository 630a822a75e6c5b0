import { createRequire as __mtCreateRequire } from 'node:module';
import { fileURLToPath as __mtFileURLToPath } from 'node:url';
import { dirname as __mtDirname } from 'node:path';
const require = __mtCreateRequire(import.meta.url);
const __mtFilename = __mtFileURLToPath(import.meta.url);
const __mtDirnameValue = __mtDirname(__mtFilename);
import {
  external_exports
} from "./chunk-CWJRMRZT.js";

// src/migrations/types.ts
var FORMAT_NAMES = [
  "flyway",
  "golang-migrate",
  "dbmate",
  "pop",
  "goose",
  "sqlx",
  "prisma",
  "drizzle",
  "atlas",
  "liquibase",
  "sqitch",
  "plain"
];

// src/config/units.ts
var DURATION_UNITS = { ms: 1, s: 1e3, m: 6e4, min: 6e4, h: 36e5 };
var BYTE_UNITS = {
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e3 ** 2,
  mib: 1024 ** 2,
  gb: 1e3 ** 3,
  gib: 1024 ** 3
};
function parseDuration(text2) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)\s*$/i.exec(text2);
  if (!m) return null;
  return Number(m[1]) * DURATION_UNITS[m[2].toLowerCase()];
}
function parseBytes(text2) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)\s*$/i.exec(text2);
  if (!m) return null;
  return Math.round(Number(m[1]) * BYTE_UNITS[m[2].toLowerCase()]);
}
function withUnits(parse, what, examples) {
  return external_exports.union([external_exports.number().nonnegative(), external_exports.string()]).transform((v, ctx) => {
    if (typeof v === "number") return v;
    const n = parse(v);
    if (n === null) {
      ctx.addIssue({ code: "custom", message: `"${v}" is not a ${what}; expected e.g. ${examples}` });
      return external_exports.NEVER;
    }
    return n;
  });
}
var durationMs = withUnits(parseDuration, "duration", "100ms, 1.5s, 3m, 2h");
var byteCount = withUnits(parseBytes, "size", "512kB, 10MiB, 1GB");

// src/config/values.ts
var seconds = external_exports.union([
  external_exports.number(),
  external_exports.string().trim().regex(/^\d+(\.\d+)?s?$/, "expected a number of seconds, e.g. 30")
]).transform((v) => typeof v === "number" ? v : Number(v.replace(/s$/, ""))).pipe(external_exports.number().positive("expected a positive number of seconds").max(86400, "at most 86400 seconds"));
var statementSeconds = seconds.pipe(external_exports.number().min(1e-3, "at least 0.001 seconds (1 ms)"));
var bool = external_exports.union([external_exports.boolean(), external_exports.enum(["true", "false"]).transform((v) => v === "true")]);
var count = external_exports.union([external_exports.number(), external_exports.string().trim().regex(/^\d+$/, "expected a whole number").transform(Number)]).pipe(external_exports.number().int().nonnegative());
var inputSwitch = external_exports.enum(["true", "True", "TRUE", "false", "False", "FALSE"]).transform((v) => v.toLowerCase() === "true");
var positiveInt = external_exports.string().regex(/^[1-9]\d*$/, "expected a positive whole number").transform(Number);
var FORMAT_CHOICES = ["auto", ...FORMAT_NAMES];
var FAIL_ON = ["error", "warning", "never"];
var ROLLBACK_MODES = ["batch", "per-migration", "off"];
var PROBE_MODES = ["on", "off"];
var BOOKKEEPING_MODES = ["on", "off"];
var tableName = external_exports.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}(\.[A-Za-z_][A-Za-z0-9_$]{0,62})?$/, {
  message: "expected a table name: letters, digits, _ and $ (not first), optionally schema.table"
});
var SEED_AFTER = ["none", "base"];
var ACTION_MODES = ["run", "comment"];
var SEVERITIES = ["error", "warning", "notice"];
var limitMap = (value) => external_exports.record(external_exports.string().min(1), value).default({});
var countLimit = external_exports.number().int().nonnegative().nullable();
var ThresholdsSchema = external_exports.object({
  duration: external_exports.object({
    regular: durationMs.nullable().default(18e4),
    postDeploy: durationMs.nullable().default(6e5),
    perMigration: limitMap(durationMs)
  }).strict().prefault({}),
  queryDuration: external_exports.object({ default: durationMs.nullable().default(100), concurrentIndex: durationMs.nullable().default(3e5) }).strict().prefault({}),
  rowsRead: external_exports.object({ default: countLimit.default(null), perMigration: limitMap(countLimit) }).strict().prefault({}),
  rowsChanged: external_exports.object({ default: countLimit.default(null), perMigration: limitMap(countLimit) }).strict().prefault({}),
  sizeDelta: external_exports.object({ default: byteCount.nullable().default(null), perMigration: limitMap(byteCount.nullable()) }).strict().prefault({}),
  // GitLab's lock_timeout culture: a lock that stops traffic on a live table for over 5 s is an outage.
  lockHeld: external_exports.object({ default: durationMs.nullable().default(5e3), perMigration: limitMap(durationMs.nullable()) }).strict().prefault({}),
  /** Longest time the probe found reads or writes of a table blocked (issue 12). */
  blockedTraffic: external_exports.object({ default: durationMs.nullable().default(1e3), perMigration: limitMap(durationMs.nullable()) }).strict().prefault({})
}).strict().prefault({});
var SeveritySchema = external_exports.object({
  duration: external_exports.enum(SEVERITIES).default("warning"),
  queryDuration: external_exports.enum(SEVERITIES).default("warning"),
  rowsRead: external_exports.enum(SEVERITIES).default("error"),
  rowsChanged: external_exports.enum(SEVERITIES).default("error"),
  sizeDelta: external_exports.enum(SEVERITIES).default("warning"),
  lockHeld: external_exports.enum(SEVERITIES).default("warning"),
  // Advice, not a measurement: the migration may run under a tool that sets one (GitLab's with_lock_retries).
  lockTimeout: external_exports.enum(SEVERITIES).default("notice"),
  rewrite: external_exports.enum(SEVERITIES).default("warning"),
  statementsAfterLock: external_exports.enum(SEVERITIES).default("warning"),
  blockedTraffic: external_exports.enum(SEVERITIES).default("warning"),
  serverWarning: external_exports.enum(SEVERITIES).default("warning")
}).strict().prefault({});
var FillSchema = external_exports.object({
  rows: count.default(0),
  tables: external_exports.record(external_exports.string().min(1), count).default({}),
  seed: count.default(1)
}).strict();
var FILL_DEFAULTS = FillSchema.parse({});
var histogramBuckets = external_exports.array(external_exports.number().positive()).min(1).refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]), "bucket bounds must ascend");

// src/config/settings.ts
var oneOf = (choices) => choices.join(" | ");
var text = external_exports.string().trim().min(1).optional();
var SETTINGS = {
  databaseUrl: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "URL",
    schema: text,
    help: "postgres://... or mysql://... (MariaDB detected from the server); omitted: an embedded PostgreSQL in a temporary directory",
    inputHelp: "postgres://user:password@host:port/db or mysql://user:password@host:port/db; its password is masked in the log. Empty starts an embedded PostgreSQL (CLI only; in the action use a service container)."
  },
  postgresVersions: {
    scope: "entry",
    cli: ["run"],
    value: "N,N",
    schema: external_exports.string().optional(),
    help: "e.g. 14,16,18: an embedded PostgreSQL of each major (downloaded once), run concurrently, reports merged; not with --database-url"
  },
  migrations: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "DIR",
    schema: text,
    help: "the migrations directory",
    defaultText: "first of db/migrations, migrations, sql/migrations"
  },
  format: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "F",
    schema: external_exports.enum(FORMAT_CHOICES).default("auto"),
    help: oneOf(FORMAT_CHOICES)
  },
  bookkeeping: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "MODE",
    schema: external_exports.enum(BOOKKEEPING_MODES).default("on"),
    help: `keep the format's tool's own table (schema_migrations, flyway_schema_history, \u2026) as the tool does: ${oneOf(BOOKKEEPING_MODES)}`
  },
  migrationsTable: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "NAME",
    schema: tableName.optional(),
    help: "the tool's bookkeeping table where the tool lets it be renamed (golang-migrate x-migrations-table, Flyway table, \u2026)",
    defaultText: "the tool's own default"
  },
  command: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "CMD",
    schema: text,
    help: "the team's own migrate command (npx knex migrate:latest, \u2026), run through a recording proxy and measured migration by migration"
  },
  downCommand: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "CMD",
    schema: text,
    help: "with --command: the command that rolls the new migrations back (npx knex migrate:rollback --all, \u2026); then --command runs again, each schema compared"
  },
  baseCommand: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "CMD",
    schema: text,
    help: "with --command: applies the base branch's migrations first (recorded as base, not judged), e.g. the same command on the base checkout"
  },
  workingDirectory: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "DIR",
    schema: text,
    help: "with --command: the directory the commands run in",
    defaultText: "the current directory"
  },
  commandEnv: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "NAME",
    list: true,
    schema: external_exports.array(external_exports.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name")).default([]),
    help: "with --command: more variables that receive the proxy's database URL (besides DATABASE_URL); repeatable",
    inputHelp: "with command: more variables that receive the proxy's database URL, one a line"
  },
  commandTimeout: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "SEC",
    schema: seconds.nullable().default(null),
    help: "with --command: seconds the command may run before it is stopped (its whole process group)",
    defaultText: "none"
  },
  changelog: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "FILE",
    schema: text,
    help: "Liquibase: the master changelog whose order the formatted SQL files run in"
  },
  reportDir: {
    scope: "run",
    cli: ["run", "render"],
    input: true,
    value: "DIR",
    schema: external_exports.string().trim().min(1).default("migration-test-report"),
    help: "holds report.json, comment.md, summary.md, logs/"
  },
  config: {
    scope: "entry",
    cli: ["run"],
    input: true,
    value: "FILE",
    schema: external_exports.string().optional(),
    help: "a JSON or YAML config file; flags win over the file",
    inputHelp: "a JSON or YAML config file; inputs win over the file"
  },
  label: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "NAME",
    schema: external_exports.string().trim().min(1).max(100).default("main"),
    help: "database label in the report and the comment"
  },
  connectTimeout: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "SEC",
    schema: seconds.default(60),
    help: "seconds to wait for the database server to answer"
  },
  statementTimeout: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "SEC",
    schema: statementSeconds.nullable().default(null),
    help: "seconds one statement may run"
  },
  allowExisting: {
    scope: "run",
    cli: ["run"],
    input: true,
    schema: bool.default(false),
    help: "run against a database that already holds tables"
  },
  failOn: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "LEVEL",
    schema: external_exports.enum(FAIL_ON).default("error"),
    help: `the findings that fail the run: ${oneOf(FAIL_ON)}`
  },
  json: {
    scope: "run",
    cli: ["run"],
    schema: bool.default(false),
    help: "also print report.json to stdout"
  },
  baseRef: {
    scope: "run",
    cli: ["run"],
    value: "REF",
    schema: text,
    help: "migrations added since the merge base with REF are new, the rest base"
  },
  newFrom: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "VERSION",
    schema: text,
    help: "without a base ref: migrations from VERSION on are new (else all are)",
    inputHelp: "without a pull request: migrations from this version on are new (else all are)"
  },
  rollback: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "MODE",
    schema: external_exports.enum(ROLLBACK_MODES).default("batch"),
    help: `new migrations down and up again: ${oneOf(ROLLBACK_MODES)}`
  },
  probe: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "MODE",
    schema: external_exports.enum(PROBE_MODES).default("on"),
    help: `measure blocked traffic while each new migration runs (a probe connection tries reads and writes on the tables it touches): ${oneOf(PROBE_MODES)}`
  },
  requireDown: {
    scope: "run",
    cli: ["run"],
    input: true,
    schema: bool.default(false),
    help: "a new migration without a down is a warning, not a notice"
  },
  seed: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "FILE",
    list: true,
    schema: external_exports.array(external_exports.string().trim().min(1)).default([]),
    help: "SQL dump (.sql or .sql.gz) loaded before the base migrations; repeatable",
    inputHelp: "SQL dumps (.sql or .sql.gz), one a line, loaded before the base migrations"
  },
  seedAfter: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "WHEN",
    schema: external_exports.enum(SEED_AFTER).default("none"),
    help: "none: the seeds load before the base migrations; base: after them"
  },
  seedCommand: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "CMD",
    schema: text,
    help: "a command that loads data (pg_restore, mysql < dump.sql, a script), with DATABASE_URL and PG*/MYSQL_* set"
  },
  fillRows: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "N",
    schema: count.optional(),
    help: "fill every table with N synthetic rows after the base migrations; wins over fill.rows"
  },
  fillSeed: {
    scope: "run",
    cli: ["run"],
    input: true,
    value: "N",
    schema: count.optional(),
    help: "seed of the synthetic data; wins over fill.seed",
    defaultText: String(FILL_DEFAULTS.seed)
  },
  thresholds: {
    scope: "run",
    schema: ThresholdsSchema,
    help: "limits for duration, queryDuration, rowsRead, rowsChanged, sizeDelta, lockHeld (how long a lock that blocks reads or writes may be held) and blockedTraffic, with per-migration overrides (GitLab's defaults, below)"
  },
  severity: {
    scope: "run",
    schema: SeveritySchema,
    help: "the severity of the finding each threshold makes (defaults below)"
  },
  postDeploy: {
    scope: "run",
    schema: external_exports.array(external_exports.string().min(1)).default([]),
    help: "globs of the post-deploy migrations, matched against their file paths"
  },
  fill: {
    scope: "run",
    schema: FillSchema.optional(),
    help: "synthetic rows after the base migrations: { rows, tables: { <table>: rows }, seed }"
  },
  histogramBucketsMs: {
    scope: "run",
    schema: histogramBuckets.optional(),
    help: "upper bounds of the statement-runtime histogram, in milliseconds",
    defaultText: "GitLab's [10, 100, 1000, 300000]"
  },
  commentKey: {
    scope: "entry",
    cli: ["render"],
    input: true,
    value: "KEY",
    schema: external_exports.string().max(200, "at most 200 characters").optional(),
    help: "the sticky comment's key, in its hidden marker; main when not given",
    inputHelp: "which sticky comment this job owns (default: made of the workflow, the job and the matrix values)"
  },
  runUrl: {
    scope: "entry",
    cli: ["render"],
    value: "URL",
    schema: external_exports.string().optional(),
    help: "the workflow run, linked from the comment"
  },
  artifactUrl: {
    scope: "entry",
    cli: ["render"],
    value: "URL",
    schema: external_exports.string().optional(),
    help: "the report artifact, linked from the comment"
  },
  githubToken: {
    scope: "entry",
    input: true,
    schema: external_exports.string().optional(),
    inputDefault: "${{ github.token }}",
    help: "token for the pull-request comment and artifact downloads (needs pull-requests write); masked"
  },
  comment: {
    scope: "entry",
    input: true,
    schema: inputSwitch.default(true),
    help: "keep a sticky comment on the pull request up to date"
  },
  matrix: {
    scope: "entry",
    input: true,
    schema: external_exports.string().optional(),
    help: "in a matrix job, pass ${{ toJSON(matrix) }} so each job keeps its own comment (or set comment-key, or a distinct label)"
  },
  requireLabel: {
    scope: "entry",
    input: true,
    schema: external_exports.string().optional(),
    help: "skip with a notice unless the pull request carries this label (e.g. database)"
  },
  prNumber: {
    scope: "entry",
    input: true,
    schema: positiveInt.optional(),
    help: "the pull request to comment on when started by workflow_dispatch"
  },
  failOnPublishError: {
    scope: "entry",
    input: true,
    schema: inputSwitch.default(false),
    help: "fail the step when the comment or the artifact cannot be published (by default a warning: the step keeps the result of the migrations)"
  },
  uploadArtifact: {
    scope: "entry",
    input: true,
    schema: inputSwitch.default(true),
    help: "upload the report directory as an artifact"
  },
  artifactName: {
    scope: "entry",
    input: true,
    schema: external_exports.string().regex(/^[^"<>|*?:\r\n\\/]+$/, 'an artifact name cannot hold " < > | * ? : \\ / or newlines').optional(),
    help: "name of the report artifact; with mode comment, the artifact to publish (default: every migration-test-* artifact of the run)",
    defaultText: "migration-test-<matrix values, label, or engine and version>"
  },
  artifactPattern: {
    scope: "entry",
    input: true,
    schema: external_exports.string().regex(/^[^"<>|?:\r\n\\/]+$/, 'an artifact pattern cannot hold " < > | ? : \\ / or newlines').default("migration-test-*"),
    help: "with mode comment, the artifacts of the run to publish, `*` matching any characters; several reports found are published as one merged comment"
  },
  mode: {
    scope: "entry",
    input: true,
    schema: external_exports.enum(ACTION_MODES).default("run"),
    help: `${oneOf(ACTION_MODES)}: comment publishes an existing report and runs nothing (the fork-safe workflow_run pattern)`
  },
  runId: {
    scope: "entry",
    input: true,
    schema: positiveInt.optional(),
    help: "with mode comment, the workflow run whose artifacts hold the reports (default: the workflow_run event's run; in a plain job with no report of its own, the current run, e.g. a final job that `needs:` a matrix)"
  },
  help: {
    scope: "entry",
    cli: ["run", "render"],
    short: "h",
    schema: external_exports.boolean().optional(),
    help: "print this help"
  }
};
function kebab(key) {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
function settingList() {
  return Object.entries(SETTINGS);
}
function runKeys() {
  return settingList().filter(([, s]) => s.scope === "run").map(([k]) => k);
}
function runShape() {
  return Object.fromEntries(runKeys().map((k) => [k, SETTINGS[k].schema]));
}
function choicesOf(schema) {
  let s = schema;
  while (s instanceof external_exports.ZodDefault || s instanceof external_exports.ZodOptional || s instanceof external_exports.ZodNullable || s instanceof external_exports.ZodPrefault)
    s = s.unwrap();
  return s instanceof external_exports.ZodEnum ? s.options : null;
}
function defaultOf(spec) {
  const parsed = spec.schema.safeParse(void 0);
  return parsed.success ? parsed.data : void 0;
}
function defaultLabel(spec) {
  if (spec.defaultText !== void 0) return spec.defaultText;
  const value = defaultOf(spec);
  if (value === null) return "none";
  if (typeof value === "string" || typeof value === "number") return String(value);
  return null;
}

export {
  FORMAT_NAMES,
  inputSwitch,
  ThresholdsSchema,
  FILL_DEFAULTS,
  SETTINGS,
  kebab,
  settingList,
  runShape,
  choicesOf,
  defaultLabel
};
