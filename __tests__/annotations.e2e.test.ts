/**
 * The action as the runner starts it (node dist/index.js): a failed statement and a finding
 * about a migration become workflow-command annotations on their files and lines, which GitHub
 * shows on the pull request's diff.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startGitHubApiFake, type GitHubApiFake } from './fakes/github-api.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeTree } from './helpers/tree.js';

const ENTRY = path.resolve('dist/index.js');
const OWNER = 'acme';
const REPO = 'shop';
const PR = 5;

let gh: GitHubApiFake;
let db: TestDatabase;
beforeEach(async () => {
  gh = await startGitHubApiFake();
  db = await createPostgresDatabase('mt_annot');
});
afterEach(async () => {
  await gh.close();
  await db.drop();
});

async function pullRequestEvent(): Promise<string> {
  const file = path.join(await tempDir('mt-event-'), 'event.json');
  const repo = { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } };
  const pr = {
    number: PR,
    labels: [],
    base: { sha: 'a'.repeat(40), ref: 'main', repo },
    head: { sha: 'b'.repeat(40), ref: 'feature', repo },
  };
  await fs.writeFile(file, JSON.stringify({ action: 'opened', number: PR, pull_request: pr, repository: repo }));
  return file;
}

/** Runs the action in `workspace` (no comment, no artifact) and returns what it printed. */
async function runAction(
  workspace: string,
  inputs: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  const runner = await tempDir('mt-runner-');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: await pullRequestEvent(),
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: gh.url,
    GITHUB_RUN_ID: '77',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: path.join(runner, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runner, 'summary'),
    'INPUT_GITHUB-TOKEN': 'ghs_e2eAnnotationsToken000000000000',
    INPUT_COMMENT: 'false',
    'INPUT_UPLOAD-ARTIFACT': 'false',
    'INPUT_CONNECT-TIMEOUT': '10',
    'INPUT_FAIL-ON': 'error',
    INPUT_MODE: 'run',
    INPUT_ROLLBACK: 'off',
  };
  await fs.writeFile(env.GITHUB_OUTPUT!, '');
  await fs.writeFile(env.GITHUB_STEP_SUMMARY!, '');
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [ENTRY], { cwd: workspace, env });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout };
}

test('a failed statement is an error annotation on its file, from its first line to where the server points', async () => {
  const ws = await writeTree(
    {
      'db/migrations/V1__users.sql': 'CREATE TABLE users (id int PRIMARY KEY, state text);\n',
      'db/migrations/V2__states.sql': [
        "INSERT INTO users VALUES (1, 'new'), (2, 'new');", // 1
        '', // 2
        'CREATE UNIQUE INDEX users_state', // 3
        '  ON users (state);', // 4
      ].join('\n'),
    },
    'mt-ws-',
  );
  gh.setPullFiles(OWNER, REPO, PR, [{ filename: 'db/migrations/V2__states.sql', status: 'added' } as never]);
  const r = await runAction(ws, { 'database-url': db.url, migrations: 'db/migrations' });
  expect(r.code).toBe(1);
  // Workflow commands escape ':' and ',' in properties and newlines in the message.
  expect(r.stdout).toContain(
    '::error title=migration-test%3A migration 2_states failed,file=db/migrations/V2__states.sql,line=3::' +
      '[23505] could not create unique index "users_state"%0ADETAIL: Key (state)=(new) is duplicated.\n',
  );
  // Only the failure: the migration-failed finding is not annotated twice.
  expect(r.stdout.match(/^::error title=/gm)).toHaveLength(1);
}, 120000);

test('a syntax error spans the statement up to the offending line; a slow statement is a warning at its line', async () => {
  const ws = await writeTree(
    {
      'db/migrations/V1__slow.sql': 'CREATE TABLE t (id int);\n\nDO $$\nBEGIN\n  PERFORM pg_sleep(0.3);\nEND\n$$;\n',
      'db/migrations/V2__typo.sql': 'SELECT 1;\nCREATE TABLE u (\n  id int,\n  name text NOT NUL\n);\n',
    },
    'mt-ws-',
  );
  gh.setPullFiles(OWNER, REPO, PR, [
    { filename: 'db/migrations/V1__slow.sql', status: 'added' } as never,
    { filename: 'db/migrations/V2__typo.sql', status: 'added' } as never,
  ]);
  const config = path.join(ws, 'migration-test.json');
  // A lower bound only: the block sleeps 300 ms, far over a 50 ms limit on any machine.
  await fs.writeFile(config, JSON.stringify({ thresholds: { queryDuration: { default: 50 } } }));
  const r = await runAction(ws, { 'database-url': db.url, migrations: 'db/migrations', config: 'migration-test.json' });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain(
    '::error title=migration-test%3A migration 2_typo failed,file=db/migrations/V2__typo.sql,line=2,endLine=4::' +
      '[42601] syntax error at or near "NUL"\n',
  );
  expect(r.stdout).toMatch(
    /^::warning title=migration-test%3A query-duration \(1_slow\),file=db\/migrations\/V1__slow\.sql,line=3::a query took .* at line 3 of db\/migrations\/V1__slow\.sql: DO \$\$ BEGIN PERFORM pg_sleep\(\?\); END \$\$$/m,
  );
}, 120000);
