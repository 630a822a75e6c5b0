import fs from 'node:fs';
import { parseActionInputs, runFlagsFromInputs } from '../src/config/action-inputs.js';
import { actionInput } from '../src/config/issues.js';
import { readConfigFile, resolveRunConfig } from '../src/config/load.js';
import { parseDatabaseTarget } from '../src/engines/target.js';
import { reportJsonSchemaText } from '../src/report/json-schema.js';
import { buildReport, exitCodeFor } from '../src/report/build.js';
import { formatBytes, formatDuration } from '../src/report/format.js';
import { writeTree } from './helpers/tree.js';

describe('run settings', () => {
  test('defaults', () => {
    const defaults = resolveRunConfig({});
    expect(defaults.thresholds).toEqual({
      duration: { regular: 180_000, postDeploy: 600_000, perMigration: {} },
      queryDuration: { default: 100, concurrentIndex: 300_000 },
      rowsRead: { default: null, perMigration: {} },
      rowsChanged: { default: null, perMigration: {} },
      sizeDelta: { default: null, perMigration: {} },
      lockHeld: { default: 5000, perMigration: {} },
      blockedTraffic: { default: 1000, perMigration: {} },
    });
    expect(defaults.severity).toEqual({
      duration: 'warning',
      queryDuration: 'warning',
      rowsRead: 'error',
      rowsChanged: 'error',
      sizeDelta: 'warning',
      lockHeld: 'warning',
      lockTimeout: 'notice',
      rewrite: 'warning',
      statementsAfterLock: 'warning',
      blockedTraffic: 'warning',
      serverWarning: 'warning',
    });
    expect(defaults).toMatchObject({
      rollback: 'batch',
      requireDown: false,
      postDeploy: [],
      seed: [],
      seedAfter: 'none',
      format: 'auto',
      reportDir: 'migration-test-report',
      label: 'main',
      connectTimeout: 60,
      statementTimeout: null,
      allowExisting: false,
      failOn: 'error',
      json: false,
    });
  });
  test('thresholds: durations and sizes with units, per-migration overrides, errors name the key path', () => {
    const c = resolveRunConfig(
      {},
      {
        thresholds: {
          duration: { regular: '2m', perMigration: { '20240101_backfill': '20m' } },
          queryDuration: { default: '250ms' },
          sizeDelta: { default: '10MiB' },
        },
        severity: { duration: 'error' },
        postDeploy: ['db/post_migrate/**'],
      },
    );
    expect(c.thresholds.duration).toEqual({
      regular: 120_000,
      postDeploy: 600_000,
      perMigration: { '20240101_backfill': 1_200_000 },
    });
    expect(c.thresholds.queryDuration.default).toBe(250);
    expect(c.thresholds.sizeDelta.default).toBe(10 * 1024 * 1024);
    expect(c.severity.duration).toBe('error');
    expect(() => resolveRunConfig({}, { thresholds: { duration: { regular: 'soon' } } })).toThrow(
      'invalid settings: thresholds.duration.regular: "soon" is not a duration; expected e.g. 100ms, 1.5s, 3m, 2h',
    );
    expect(() => resolveRunConfig({}, { severity: { duration: 'fatal' } })).toThrow(
      /severity\.duration: invalid value; allowed: error, warning, notice/,
    );
    expect(() => resolveRunConfig({}, { thresholds: { durations: {} } })).toThrow(
      /thresholds: unknown key "durations"/,
    );
  });
  test('flags win over the file; strings from flags become numbers', () => {
    const c = resolveRunConfig(
      { connectTimeout: '5', label: undefined },
      { connectTimeout: 30, label: 'pg16', statementTimeout: '2s' },
    );
    expect(c).toMatchObject({ connectTimeout: 5, label: 'pg16', statementTimeout: 2 });
  });
  test('errors name the flag and the allowed values', () => {
    expect(() => resolveRunConfig({ failOn: 'x' })).toThrow(
      'invalid settings: --fail-on: invalid value; allowed: error, warning, never',
    );
    expect(() => resolveRunConfig({ statementTimeout: '-1' })).toThrow(
      /--statement-timeout: expected a number of seconds/,
    );
  });
  test('the fill: flags win over the file, resolved once; null when nothing is filled', () => {
    expect(resolveRunConfig({}).fill).toBeNull();
    expect(resolveRunConfig({ fillSeed: '9' }).fill).toBeNull();
    expect(resolveRunConfig({ fillRows: '5' }).fill).toEqual({ rows: 5, tables: {}, seed: 1 });
    expect(
      resolveRunConfig({ fillRows: '5', fillSeed: '9' }, { fill: { rows: 100, tables: { a: 2 }, seed: 3 } }).fill,
    ).toEqual({ rows: 5, tables: { a: 2 }, seed: 9 });
    expect(resolveRunConfig({}, { fill: { tables: { a: 2 }, seed: 3 } }).fill).toEqual({
      rows: 0,
      tables: { a: 2 },
      seed: 3,
    });
    expect(resolveRunConfig({}, { fill: { rows: 0, tables: { a: 0 } } }).fill).toBeNull();
    expect(resolveRunConfig({ fillRows: '0' }, { fill: { rows: 100 } }).fill).toBeNull();
    expect(() => resolveRunConfig({ fillRows: 'many' })).toThrow(/--fill-rows/);
  });
  test('action inputs become run settings; choices and switches are checked as inputs', () => {
    const given: Record<string, string> = {
      seed: ' a.sql \n\n b.sql.gz ',
      'fill-rows': '10',
      'allow-existing': 'true',
      rollback: 'off',
      'github-token': 't',
    };
    const inputs = parseActionInputs((name) => given[name] ?? '');
    expect(inputs).toMatchObject({
      seed: ['a.sql', 'b.sql.gz'],
      'fill-rows': '10',
      'allow-existing': true,
      rollback: 'off',
      comment: true,
      mode: 'run',
    });
    const flags = runFlagsFromInputs(inputs);
    expect(Object.keys(flags)).not.toContain('githubToken');
    expect(resolveRunConfig(flags, {}, actionInput)).toMatchObject({
      seed: ['a.sql', 'b.sql.gz'],
      fill: { rows: 10, seed: 1 },
      allowExisting: true,
      rollback: 'off',
    });
    expect(() =>
      resolveRunConfig(
        runFlagsFromInputs(parseActionInputs((n) => (n === 'connect-timeout' ? 'soon' : ''))),
        {},
        actionInput,
      ),
    ).toThrow('invalid settings: input "connect-timeout": expected a number of seconds, e.g. 30');
    expect(() => parseActionInputs((n) => (n === 'seed-after' ? 'later' : ''))).toThrow(
      'invalid inputs: input "seed-after": invalid value; allowed: none, base',
    );
  });
  test('config files: YAML and JSON, errors name the key path', async () => {
    const dir = await writeTree({
      'ok.yml': 'format: dbmate\nhistogramBucketsMs: [5, 50]\n',
      'bad.json': '{"histogramBucketsMs": [50, 5], "label": 3}',
      'broken.yml': 'format: [\n',
    });
    expect(await readConfigFile(`${dir}/ok.yml`)).toEqual({ format: 'dbmate', histogramBucketsMs: [5, 50] });
    await expect(readConfigFile(`${dir}/bad.json`)).rejects.toThrow(
      /config file bad.json: label: expected string; histogramBucketsMs: bucket bounds must ascend/,
    );
    fs.writeFileSync(`${dir}/two.yml`, 'failOn: sometimes\ncolour: blue\n');
    // The file is named once, however many keys are wrong.
    await expect(readConfigFile(`${dir}/two.yml`)).rejects.toThrow(
      /^config file two\.yml: failOn: invalid value; allowed: error, warning, never; unknown key "colour"$/,
    );
    await expect(readConfigFile(`${dir}/broken.yml`)).rejects.toThrow(/not valid YAML/);
  });
});

describe('database URLs', () => {
  test('parsed with defaults; errors never echo the URL', () => {
    expect(parseDatabaseTarget('postgresql://u:p%40ss@db:6543/app?sslmode=require')).toEqual({
      engine: 'postgres',
      url: 'postgresql://u:p%40ss@db:6543/app?sslmode=require',
      host: 'db',
      port: 6543,
      user: 'u',
      password: 'p@ss',
      database: 'app',
      socketPath: null,
      tls: { mode: 'require', ca: null, cert: null, key: null, source: 'sslmode=require' },
      params: { sslmode: 'require' },
    });
    expect(parseDatabaseTarget('mariadb://127.0.0.1/app')).toMatchObject({ engine: 'mysql', port: 3306, user: 'root' });
    expect(() => parseDatabaseTarget('mysql://root:hunter2@host')).toThrow(/no database name/);
    try {
      parseDatabaseTarget('oracle://u:hunter2@host/db');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });
});

test('the committed JSON Schema is the one the zod model generates', () => {
  expect(fs.readFileSync('schema/report.schema.json', 'utf8')).toBe(reportJsonSchemaText());
});

describe('report', () => {
  const base = {
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    database: { engine: 'postgres' as const, serverVersion: '16.1', label: 'main' },
    source: { dir: 'db/migrations', format: 'flyway' },
    migrations: [],
  };
  test('status and exit codes under --fail-on', () => {
    const warning = buildReport({
      ...base,
      findings: [{ severity: 'warning', rule: 'x', migration: null, message: 'm' }],
    });
    expect(warning.status).toBe('warning');
    expect(exitCodeFor(warning, 'error')).toBe(0);
    expect(exitCodeFor(warning, 'warning')).toBe(1);
    const failed = buildReport({
      ...base,
      findings: [{ severity: 'error', rule: 'x', migration: null, message: 'm' }],
    });
    expect(exitCodeFor(failed, 'error')).toBe(1);
    expect(exitCodeFor(failed, 'never')).toBe(0);
    expect(buildReport({ ...base, findings: [] }).status).toBe('passed');
  });
});

test('units', () => {
  expect(formatDuration(0.123)).toBe('0.12 ms');
  expect(formatDuration(12.34)).toBe('12 ms');
  expect(formatDuration(1234)).toBe('1.23 s');
  expect(formatDuration(125_000)).toBe('2 min 5 s');
  expect(formatDuration(119_600)).toBe('2 min 0 s');
  expect(formatDuration(3_599_900)).toBe('1 h 0 min');
  expect(formatBytes(0, true)).toBe('0 B');
  expect(formatBytes(1536, true)).toBe('+1.5 kB');
  expect(formatBytes(-5 * 1024 * 1024)).toBe('-5.0 MB');
});
