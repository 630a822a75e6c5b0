import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startArtifactServiceFake, type ArtifactServiceFake } from './fakes/artifact-service.js';
import { startGitHubApiFake, type GitHubApiFake } from './fakes/github-api.js';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeTree } from './helpers/tree.js';

const ENTRY = path.resolve('dist/index.js');
const TOKEN = 'ghs_e2eTokenThatMustNeverLeak0123';
const OWNER = 'acme';
const REPO = 'shop';
const PR = 17;

let gh: GitHubApiFake;
let svc: ArtifactServiceFake;
let db: TestDatabase;

beforeEach(async () => {
  gh = await startGitHubApiFake();
  svc = await startArtifactServiceFake();
  db = await createPostgresDatabase('mt_action');
});
afterEach(async () => {
  await gh.close();
  await svc.close();
  await db.drop();
});

interface StepResult {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT's heredoc format as the runner does. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]!] = m[3]!;
  return out;
}

async function writeEvent(payload: unknown): Promise<string> {
  const file = path.join(await tempDir('mt-event-'), 'event.json');
  await fs.writeFile(file, JSON.stringify(payload));
  return file;
}

async function pullRequestEvent(labels: string[]): Promise<string> {
  const dir = await tempDir('mt-event-');
  const file = path.join(dir, 'event.json');
  const repo = { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } };
  await fs.writeFile(
    file,
    JSON.stringify({
      action: 'synchronize',
      number: PR,
      pull_request: {
        number: PR,
        labels: labels.map((name) => ({ name })),
        base: { sha: 'a'.repeat(40), ref: 'main', repo },
        head: { sha: 'b'.repeat(40), ref: 'feature', repo },
      },
      repository: repo,
    }),
  );
  return file;
}

/** Starts the action as the runner does: node dist/index.js with INPUT_* and GITHUB_* set. */
interface EventOverride {
  name: string;
  payload: unknown;
}

async function runAction(
  workspace: string,
  inputs: Record<string, string>,
  labels = ['database'],
  attempt = 1,
  event: EventOverride | null = null,
  extraEnv: Record<string, string> = {},
): Promise<StepResult> {
  const dir = await tempDir('mt-runner-');
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  await fs.writeFile(outputFile, '');
  await fs.writeFile(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event?.name ?? 'pull_request',
    GITHUB_EVENT_PATH: event ? await writeEvent(event.payload) : await pullRequestEvent(labels),
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: gh.url,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: String(attempt),
    GITHUB_WORKFLOW: 'database migrations',
    GITHUB_JOB: 'migrations',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    MIGRATION_TEST_GITHUB_RETRY_DELAY_MS: '10',
    ...svc.env(),
    'INPUT_GITHUB-TOKEN': TOKEN,
    INPUT_COMMENT: 'true',
    'INPUT_UPLOAD-ARTIFACT': 'true',
    'INPUT_CONNECT-TIMEOUT': '10',
    'INPUT_FAIL-ON': 'error',
    INPUT_MODE: 'run',
    INPUT_MATRIX: 'null',
    INPUT_ROLLBACK: 'batch',
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [ENTRY], { cwd: workspace, env });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout,
    outputs: parseOutputs(await fs.readFile(outputFile, 'utf8')),
    summary: await fs.readFile(summaryFile, 'utf8'),
  };
}

function dbUrlWithPassword(): { url: string; password: string } {
  // Trust-auth servers accept any password: it is there to prove it never leaks.
  const url = new URL(db.url);
  const password = url.password || 'pw-that-must-never-leak-9876';
  url.password = password;
  return { url: url.toString(), password };
}

async function workspaceWith(files: Record<string, string>): Promise<string> {
  return writeTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [`db/migrations/${k}`, v])), 'mt-ws-');
}

const MIGRATIONS = {
  'V1__create_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
  'U2__add_name.sql': 'ALTER TABLE users DROP COLUMN name;',
  'V2__add_name.sql': 'ALTER TABLE users ADD COLUMN name text;',
  'V3__seed.sql': "INSERT INTO users SELECT g, 'u' || g || '@example.com', 'n' FROM generate_series(1, 500) g;",
  'U3__seed.sql': 'DELETE FROM users;',
};

const NEW_FILES = ['V2__add_name.sql', 'U2__add_name.sql', 'V3__seed.sql', 'U3__seed.sql'].map((f) => ({
  filename: `db/migrations/${f}`,
  status: 'added' as const,
}));

/** The name of the one artifact uploaded whose name matches. */
function artifactNamed(re: RegExp): string {
  const names = svc.state.artifacts.map((a) => a.name).filter((n) => re.test(n));
  expect(names).toHaveLength(1);
  return names[0]!;
}

/** The comment's text without its run stamp (which only the published comment carries). */
function unstamped(body: string): string {
  return body
    .split('\n')
    .filter((l) => !l.startsWith('<!-- migration-test:run '))
    .join('\n');
}

test('a pull request run: one sticky comment updated in place, artifact with logs, outputs, summary, no secret anywhere', async () => {
  const ws = await workspaceWith(MIGRATIONS);
  gh.seedComments({ owner: OWNER, repo: REPO, issueNumber: PR, count: 150 });
  gh.setPullFiles(OWNER, REPO, PR, [
    { filename: 'db/migrations/V2__add_name.sql', status: 'added' } as never,
    { filename: 'db/migrations/U2__add_name.sql', status: 'added' } as never,
    { filename: 'db/migrations/V3__seed.sql', status: 'added' } as never,
    { filename: 'db/migrations/U3__seed.sql', status: 'added' } as never,
  ]);
  const { url, password } = dbUrlWithPassword();
  const first = await runAction(ws, { 'database-url': url, migrations: 'db/migrations', 'require-label': 'database' });
  expect({ code: first.code, log: first.code === 0 ? '' : first.stdout }).toEqual({ code: 0, log: '' });
  expect(first.outputs.status).toBe('passed');
  expect(first.outputs.migrations).toBe('2');
  expect(first.outputs['artifact-id']).toMatch(/^\d+$/);
  expect(first.outputs['comment-url']).toMatch(/^https?:\/\//);
  expect(first.summary).toContain('Database migrations');

  const ours = () => gh.commentsOn(OWNER, REPO, PR).filter((c) => c.body.includes('migration-test:comment-key='));
  expect(ours()).toHaveLength(1);
  const firstBody = ours()[0]!.body;
  expect(firstBody).toMatch(/2 new migrations/);
  expect(firstBody).toContain('2 add_name');
  expect(firstBody).not.toContain('@example.com');

  // A re-run gets a fresh service container.
  await db.drop();
  db = await createPostgresDatabase('mt_action');
  const second = await runAction(
    ws,
    { 'database-url': dbUrlWithPassword().url, migrations: 'db/migrations' },
    ['database'],
    2,
  );
  expect({ code: second.code, log: second.code === 0 ? '' : second.stdout }).toEqual({ code: 0, log: '' });
  expect(ours()).toHaveLength(1);
  expect(gh.commentsOn(OWNER, REPO, PR)).toHaveLength(151);
  const patches = gh.state.requests.filter((r) => r.method === 'PATCH' && /\/issues\/comments\//.test(r.route));
  // Each run: "running…" then the result; the second run only updates.
  expect(patches.length).toBeGreaterThanOrEqual(3);

  expect(second.outputs['artifact-id']).toMatch(/^\d+$/);
  // Named after the database when neither a matrix nor a label tells the jobs apart.
  expect(svc.filesOf(artifactNamed(/^migration-test-postgres-\d+-attempt-2$/)).has('report.json')).toBe(true);
  const files = svc.filesOf(artifactNamed(/^migration-test-postgres-\d+$/));
  expect([...files.keys()].sort()).toEqual(
    expect.arrayContaining([
      'report.json',
      'comment.md',
      'summary.md',
      'logs/2_add_name.up.log',
      'logs/2_add_name.down.log',
      'logs/3_seed.up.log',
      'logs/3_seed.reapply.up.log',
    ]),
  );
  const report = JSON.parse(files.get('report.json')!.toString('utf8')) as { migrations: { phase: string }[] };
  expect(report.migrations.map((m) => m.phase)).toEqual([
    'base',
    'new',
    'new',
    'rollback',
    'rollback',
    'reapply',
    'reapply',
  ]);

  // The published comment and summary link the artifact; the artifact's own copies leave the link out.
  const artifactLink = (id: string) =>
    `[artifact](https://github.com/${OWNER}/${REPO}/actions/runs/4242/artifacts/${id})`;
  expect(firstBody).toContain(artifactLink(first.outputs['artifact-id']!));
  expect(first.summary).toContain(artifactLink(first.outputs['artifact-id']!));
  expect(files.get('comment.md')!.toString('utf8')).toBe(
    unstamped(firstBody).replace(` · ${artifactLink(first.outputs['artifact-id']!)}`, ''),
  );
  // The heading names the commit tested, linked.
  expect(firstBody).toContain(`[\`bbbbbbb\`](https://github.com/${OWNER}/${REPO}/commit/${'b'.repeat(40)})`);
  const context = (JSON.parse(files.get('report.json')!.toString('utf8')) as { context: Record<string, unknown> })
    .context;
  expect(context).toMatchObject({
    repository: `${OWNER}/${REPO}`,
    pullRequest: PR,
    headSha: 'b'.repeat(40),
    baseSha: 'a'.repeat(40),
    runId: '4242',
    runAttempt: '1',
    artifactName: expect.stringMatching(/^migration-test-postgres-\d+$/),
    commentKey: expect.stringMatching(/^database migrations\/migrations\/postgres-\d+$/),
  });
  expect(files.get('summary.md')!.toString('utf8')).not.toContain('/artifacts/');
  // The report directory left behind holds the published text.
  expect(await fs.readFile(path.join(ws, 'migration-test-report', 'comment.md'), 'utf8')).toBe(
    unstamped(ours()[0]!.body),
  );
  expect(ours()[0]!.body).toContain(artifactLink(second.outputs['artifact-id']!));

  // ::add-mask:: is how the runner learns what to mask: it never shows that line.
  const shown = (log: string) =>
    log
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
  const everything = [
    shown(first.stdout),
    shown(second.stdout),
    first.summary,
    ...gh.state.requests.map((r) => r.body),
    ...[...files.values()].map((b) => b.toString('utf8')),
  ].join('\n');
  expect(everything).not.toContain(TOKEN);
  expect(everything).not.toContain(password);
});

test('a read-only token (fork): the step stays green with a warning, summary and artifact still written', async () => {
  const ws = await workspaceWith(MIGRATIONS);
  gh.setPullFiles(OWNER, REPO, PR, NEW_FILES);
  gh.state.forbidCommentWrites = true;
  const r = await runAction(ws, { 'database-url': db.url, migrations: 'db/migrations' });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/::warning::.*workflow_run pattern.*mode: comment/);
  expect(r.summary).toContain('Database migrations');
  expect(svc.filesOf(artifactNamed(/^migration-test-/)).has('report.json')).toBe(true);
});

test('a failed migration fails the step and still yields the comment', async () => {
  const ws = await workspaceWith({ ...MIGRATIONS, 'V4__broken.sql': 'ALTER TABLE nope ADD COLUMN x int;' });
  gh.setPullFiles(OWNER, REPO, PR, [...NEW_FILES, { filename: 'db/migrations/V4__broken.sql', status: 'added' }]);
  const r = await runAction(ws, { 'database-url': db.url, migrations: 'db/migrations' });
  expect(r.code).toBe(1);
  expect(r.outputs.status).toBe('failed');
  const ours = gh.commentsOn(OWNER, REPO, PR).filter((c) => c.body.includes('migration-test:comment-key='));
  expect(ours).toHaveLength(1);
  expect(ours[0]!.body).toMatch(/💥/);
  expect(ours[0]!.body).toContain('4 broken');
});

test('require-label skips with a notice when the label is missing', async () => {
  const ws = await workspaceWith(MIGRATIONS);
  const r = await runAction(ws, { 'database-url': db.url, 'require-label': 'database' }, ['docs']);
  expect(r.code).toBe(0);
  expect(r.outputs.status).toBe('skipped');
  expect(r.stdout).toMatch(/::notice::skipped: pull request #17 does not carry the "database" label/);
  expect(r.summary).toMatch(/⏭️ skipped: pull request #\u200b?17 does not carry the/);
  expect(r.outputs).toMatchObject({ 'report-path': '', 'comment-url': '', migrations: '0' });
  expect(gh.commentsOn(OWNER, REPO, PR)).toHaveLength(0);
});

test('a bad input fails the step naming it', async () => {
  const ws = await workspaceWith(MIGRATIONS);
  const r = await runAction(ws, { 'database-url': db.url, format: 'rails' });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/::error::invalid inputs: input "format": invalid value; allowed: auto, flyway/);
  // Outputs and the job summary on this path too.
  expect(r.outputs).toMatchObject({ status: 'error', migrations: '0', failed: '0', 'comment-url': '' });
  expect(r.summary).toMatch(/could not run: invalid inputs: input "format"/);
});

test('a fork pull request, published by mode comment from a workflow_run event with empty pull_requests: exactly one comment', async () => {
  const ws = await workspaceWith(MIGRATIONS);
  gh.setPullFiles(OWNER, REPO, PR, NEW_FILES);
  gh.state.forbidCommentWrites = true; // the fork's read-only token
  const producer = await runAction(ws, { 'database-url': db.url, migrations: 'db/migrations' });
  expect(producer.code).toBe(0);
  expect(gh.commentsOn(OWNER, REPO, PR)).toHaveLength(0);

  gh.state.forbidCommentWrites = false;
  const name = artifactNamed(/^migration-test-/);
  const uploaded = gh.addArtifact({ owner: OWNER, repo: REPO, runId: 4242, name, zip: svc.zipOf(name) });
  // GitHub lists no pull request for a fork's commit: the report's is read back and its head checked.
  gh.setPull(OWNER, REPO, { number: PR, state: 'open', headSha: 'b'.repeat(40) });
  const publisher = await runAction(
    await tempDir('mt-empty-ws-'),
    { mode: 'comment' },
    [],
    1,
    {
      name: 'workflow_run',
      payload: {
        workflow_run: {
          id: 4242,
          run_attempt: 1,
          head_sha: 'b'.repeat(40),
          pull_requests: [],
          head_repository: { full_name: `outsider/${REPO}` },
          repository: { full_name: `${OWNER}/${REPO}` },
        },
        repository: { full_name: `${OWNER}/${REPO}` },
      },
    },
    { GITHUB_RUN_ID: '5555', GITHUB_WORKFLOW: 'publish migration report', GITHUB_JOB: 'comment' },
  );
  expect({ code: publisher.code, log: publisher.code === 0 ? '' : publisher.stdout }).toEqual({ code: 0, log: '' });
  expect(publisher.outputs.status).toBe('passed');
  const ours = gh.commentsOn(OWNER, REPO, PR);
  expect(ours).toHaveLength(1);
  // The tested run's key, run and artifact, not the publisher's.
  expect(ours[0]!.body).toMatch(/migration-test:comment-key=database%20migrations%2Fmigrations%2Fpostgres-\d+/);
  expect(ours[0]!.body).toContain('3 seed');
  expect(ours[0]!.body).toContain(`(https://github.com/${OWNER}/${REPO}/actions/runs/4242)`);
  expect(ours[0]!.body).toContain(`/actions/runs/4242/artifacts/${uploaded.id})`);
  expect(ours[0]!.body).not.toContain('/runs/5555');
  expect(publisher.outputs['comment-url']).toContain(`#issuecomment-${ours[0]!.id}`);
  expect(publisher.summary).toContain('Database migrations');
});

test('a migration linked to /proc/self/environ (a hostile pull request): refused unread, no token anywhere', async () => {
  const ws = await workspaceWith({ 'V1__create_users.sql': 'CREATE TABLE users (id int);' });
  await fs.symlink('/proc/self/environ', path.join(ws, 'db/migrations/V2__env.sql'));
  await fs.mkdir(path.join(ws, '.git'));
  gh.setPullFiles(OWNER, REPO, PR, [{ filename: 'db/migrations/V2__env.sql', status: 'added' } as never]);
  const { url, password } = dbUrlWithPassword();
  const r = await runAction(ws, { 'database-url': url, migrations: 'db/migrations' });
  expect(r.code).not.toBe(0);
  expect(r.stdout).toMatch(
    /::error::db\/migrations\/V2__env\.sql is a symbolic link to \/proc\/\d+\/environ, outside .*: refused, not read/,
  );
  const runtimeToken = svc.env().ACTIONS_RUNTIME_TOKEN;
  const shown = r.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  const everything = [shown, r.summary, ...gh.state.requests.map((req) => req.body)].join('\n');
  for (const secret of [TOKEN, runtimeToken, password, 'ACTIONS_RESULTS_URL='])
    expect(everything).not.toContain(secret);
});
