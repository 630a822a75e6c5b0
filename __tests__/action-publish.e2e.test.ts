/**
 * Publishing under the conditions of real GitHub, with dist/index.js started as the runner
 * does against the loopback fakes: rate limits and 5xx answers, a create carried out though
 * answered 500, two runs of one pull request at once, a cancelled run, runs that cannot start.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startArtifactServiceFake, type ArtifactServiceFake } from './fakes/artifact-service.js';
import { startGitHubApiFake, type GitHubApiFake } from './fakes/github-api.js';
import { OWNER, REPO, pullRequestPayload, runAction, startAction, until } from './helpers/action.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { writeTree } from './helpers/tree.js';

const PR = 23;
const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

let gh: GitHubApiFake;
let svc: ArtifactServiceFake;
const dbs: TestDatabase[] = [];

beforeEach(async () => {
  gh = await startGitHubApiFake();
  svc = await startArtifactServiceFake();
});
afterEach(async () => {
  await gh.close();
  await svc.close();
  for (const db of dbs.splice(0)) await db.drop();
});

async function database(): Promise<TestDatabase> {
  const db = await createPostgresDatabase('mt_publish');
  dbs.push(db);
  return db;
}

const MIGRATIONS = {
  'V1__create_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
  'V2__add_name.sql': 'ALTER TABLE users ADD COLUMN name text;',
};

async function workspace(extra: Record<string, string> = {}): Promise<string> {
  const files = { ...MIGRATIONS, ...extra };
  gh.setPullFiles(
    OWNER,
    REPO,
    PR,
    Object.keys(files)
      .filter((f) => f !== 'V1__create_users.sql')
      .map((f) => ({ filename: `db/migrations/${f}`, status: 'added' as const })),
  );
  return writeTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [`db/migrations/${k}`, v])), 'mt-ws-');
}

function prEvent(headSha = 'b'.repeat(40)) {
  return { name: 'pull_request', payload: pullRequestPayload({ number: PR, headSha }) };
}

const ours = () => gh.commentsOn(OWNER, REPO, PR).filter((c) => c.body.includes('migration-test:comment-key='));

test.each([
  { kind: 'a secondary rate limit (and a secondary-rate-limit 403 on the listing)', message: SECONDARY },
  { kind: 'a plain one (no rate-limit text or headers)', message: 'Too Many Requests' },
])(
  '429 with Retry-After on the first POST and on the final PATCH, $kind: one comment, the result',
  async ({ message }) => {
    const db = await database();
    const ws = await workspace();
    const limited = { message, headers: { 'retry-after': '1' } };
    if (message === SECONDARY) gh.fault({ method: 'GET', path: /\/issues\/\d+\/comments$/, status: 403, ...limited });
    gh.fault({ method: 'POST', path: /\/comments$/, status: 429, ...limited });
    gh.fault({ method: 'PATCH', path: /\/issues\/comments\/\d+$/, status: 429, ...limited });
    const r = await runAction({ gh, svc, workspace: ws, inputs: { 'database-url': db.url }, event: prEvent() });
    expect({ code: r.code, log: r.code === 0 ? '' : r.stdout }).toEqual({ code: 0, log: '' });
    expect(gh.requestsTo('POST', /\/comments$/).map((q) => q.status)).toEqual([429, 201]);
    // The first PATCH is the result's (the "running" post created the comment).
    expect(gh.requestsTo('PATCH', /\/issues\/comments\/\d+$/).map((q) => q.status)).toEqual([429, 200]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toContain('✅ **Passed**');
    expect(r.outputs['comment-url']).toContain(`#issuecomment-${ours()[0]!.id}`);
    expect(r.outputs['comment-id']).toBe(String(ours()[0]!.id));
  },
);

test('two 502s on the listing and a 500 after the comment was really created: one comment, the result', async () => {
  const db = await database();
  const ws = await workspace();
  gh.failNext('GET', /\/issues\/\d+\/comments$/, 502, 2);
  gh.fault({ method: 'POST', path: /\/comments$/, status: 500, carryOut: true });
  const r = await runAction({ gh, svc, workspace: ws, inputs: { 'database-url': db.url }, event: prEvent() });
  expect({ code: r.code, log: r.code === 0 ? '' : r.stdout }).toEqual({ code: 0, log: '' });
  expect(ours()).toHaveLength(1);
  expect(ours()[0]!.body).toContain('✅ **Passed**');
  expect(gh.requestsTo('DELETE', /\/issues\/comments\/\d+$/)).toHaveLength(1);
});

test('a publish that keeps failing is a warning; with fail-on-publish-error it fails the step', async () => {
  const db = await database();
  const ws = await workspace();
  gh.failNext('GET', /\/issues\/\d+\/comments$/, 503, 100);
  const soft = await runAction({ gh, svc, workspace: ws, inputs: { 'database-url': db.url }, event: prEvent() });
  expect(soft.code).toBe(0);
  expect(soft.stdout).toMatch(/::warning::could not update the pull-request comment: .*503/);
  expect(soft.outputs).toMatchObject({ status: 'passed', 'comment-url': '' });

  const db2 = await database();
  const strict = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { 'database-url': db2.url, 'fail-on-publish-error': 'True' },
    event: prEvent(),
  });
  expect(strict.code).toBe(1);
  expect(strict.stdout).toMatch(/::error::migration-test: publishing failed \(fail-on-publish-error\)/);
  expect(strict.outputs.status).toBe('passed');
});

test('two runs of one pull request at once, with 250 ms of API latency: exactly one comment, the newer commit’s result', async () => {
  const [older, newer] = [await database(), await database()];
  // The older push's run finishes last: it must not overwrite the newer push's result.
  // ...held back by an advisory lock the test keeps until the newer run is done, not by a sleep
  // that a loaded machine could outlast.
  const slowWs = await workspace({ 'V3__slow.sql': 'SELECT pg_advisory_lock(4242);' });
  const gate = new pg.Client(older.url);
  await gate.connect();
  await gate.query('SELECT pg_advisory_lock(4242)');
  const quickWs = await workspace({ 'V3__quick.sql': 'SELECT 1;' });
  gh.state.latencyMs = 250;
  // Each run its own artifact service, as each has its own run on GitHub.
  const otherSvc = await startArtifactServiceFake();
  const first = await startAction({
    gh,
    svc,
    workspace: slowWs,
    inputs: { 'database-url': older.url },
    event: prEvent('1'.repeat(40)),
    runId: '100',
  });
  // Started together, the older push's run first (its first output comes after it took its start time).
  await until('the first run to start', () => first.output() !== '');
  const second = await startAction({
    gh,
    svc: otherSvc,
    workspace: quickWs,
    inputs: { 'database-url': newer.url },
    event: prEvent('2'.repeat(40)),
    runId: '101',
  });
  const b = await second.done;
  await gate.query('SELECT pg_advisory_unlock(4242)');
  await gate.end();
  const a = await first.done.finally(() => otherSvc.close());
  expect([a.code, b.code]).toEqual([0, 0]);
  expect(ours()).toHaveLength(1);
  const body = ours()[0]!.body;
  expect(body).toContain('`2222222`');
  expect(body).toContain('(https://github.com/acme/shop/actions/runs/101)');
  expect(body).toMatch(/⚠️ \*\*Warning\*\*|✅ \*\*Passed\*\*/);
  expect(body).not.toContain('Running the migrations');
  expect(body).not.toContain('3 slow');
  // The older run says, in one line, that it finished late.
  expect(body).toMatch(
    /\[an older run\]\(https:\/\/github\.com\/acme\/shop\/actions\/runs\/100\) of commit `1111111` finished after/,
  );
  expect(a.stdout).toMatch(/::notice::a newer run owns the pull-request comment/);
});

async function sessionsOn(db: TestDatabase): Promise<number> {
  const c = new pg.Client(db.url);
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'migration-test'",
    );
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

/** Starts a run whose third migration sleeps, and waits until it runs. */
async function startSlowRun(): Promise<{ run: Awaited<ReturnType<typeof startAction>>; db: TestDatabase }> {
  const db = await database();
  const ws = await workspace({ 'V3__slow.sql': 'SELECT pg_sleep(60);' });
  const run = await startAction({ gh, svc, workspace: ws, inputs: { 'database-url': db.url }, event: prEvent() });
  await until(
    'the slow migration to run',
    async () => run.output().includes('2_add_name') && (await sessionsOn(db)) > 0,
  ).catch(async (err: unknown) => {
    throw new Error(
      `${String(err)}; sessions ${await sessionsOn(db)}; comments ${ours().length}; output:\n${run.output()}`,
    );
  });
  return { run, db };
}

test('SIGTERM mid-migration: the comment says cancelled with what was measured, no session left on the server', async () => {
  const { run, db } = await startSlowRun();
  expect(ours()[0]!.body).toContain('Running the migrations');
  run.child.kill('SIGTERM');
  const r = await run.done;
  expect(r.code).toBe(143);
  expect(ours()).toHaveLength(1);
  const body = ours()[0]!.body;
  expect(body).toContain('🛑 **Cancelled**');
  expect(body).toContain('2 add_name');
  expect(body).not.toContain('Running the migrations');
  expect(r.outputs.status).toBe('failed');
  expect(r.outputs['report-path']).not.toBe('');
  expect(await sessionsOn(db)).toBe(0);
});

/** Holds every PATCH of a comment until released (GitHub answering slowly, or not at all). */
function holdPatches(): () => void {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  gh.state.onRequest = (req) => (req.method === 'PATCH' ? held : undefined);
  return release;
}

test('SIGTERM while GitHub does not answer the final update: the step ends by itself within 10 s, with its outputs', async () => {
  const { run } = await startSlowRun();
  const release = holdPatches();
  const killedAt = Date.now();
  run.child.kill('SIGTERM');
  const r = await run.done;
  const tookMs = Date.now() - killedAt;
  release();
  expect(r.code).toBe(143);
  // Ended by itself, past publishing (the last-resort exit of the grace period says nothing):
  expect(r.stdout).toContain('::error::migration-test: cancelled by SIGTERM');
  expect(r.stdout).toMatch(/::warning::could not update the pull-request comment: .*did not answer within/);
  expect(tookMs).toBeLessThan(10_000);
  // One try: none after the cancel's deadline.
  expect(gh.requestsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
  expect(r.outputs).toMatchObject({ status: 'failed', migrations: '2', 'comment-id': '' });
  expect(r.outputs['report-path']).toMatch(/report\.json$/);
});

test('a runner that kills the step while it publishes still finds its outputs', async () => {
  const { run } = await startSlowRun();
  holdPatches();
  run.child.kill('SIGTERM');
  await until('the final update to be sent', () => gh.requestsTo('PATCH', /\/issues\/comments\/\d+$/).length > 0);
  run.child.kill('SIGKILL');
  const r = await run.done;
  expect(r.outputs).toMatchObject({ status: 'failed', migrations: '2', failed: expect.stringMatching(/^\d+$/) });
  expect(r.outputs['report-path']).toMatch(/report\.json$/);
});

test('a later run repairs a "Running…" left by a run killed without a chance', async () => {
  const db = await database();
  const ws = await workspace({ 'V3__slow.sql': 'SELECT pg_sleep(60);' });
  const run = await startAction({ gh, svc, workspace: ws, inputs: { 'database-url': db.url }, event: prEvent() });
  await until('the "running" comment', () => ours().some((c) => c.body.includes('Running')));
  run.child.kill('SIGKILL');
  await run.done;
  expect(ours()[0]!.body).toContain('Running the migrations');

  const again = await database();
  const ws2 = await workspace();
  const r = await runAction({
    gh,
    svc,
    workspace: ws2,
    inputs: { 'database-url': again.url },
    event: prEvent(),
    attempt: 2,
  });
  expect(r.code).toBe(0);
  expect(ours()).toHaveLength(1);
  expect(ours()[0]!.body).toContain('✅ **Passed**');
});

test('database unreachable: the step fails with outputs, a summary saying why, a report of status error, the comment', async () => {
  const ws = await workspace();
  const r = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { 'database-url': 'postgres://postgres@127.0.0.1:1/nothing', 'connect-timeout': '1', label: 'pg' },
    event: prEvent(),
  });
  expect(r.code).toBe(1);
  expect(r.outputs).toMatchObject({ status: 'error', migrations: '0', failed: '0', warnings: '0' });
  expect(r.outputs['report-path']).toBe(path.join(ws, 'migration-test-report', 'report.json'));
  const report = JSON.parse(await fs.readFile(r.outputs['report-path']!, 'utf8')) as {
    status: string;
    findings: { message: string }[];
    context: { pullRequest: number };
  };
  expect(report.status).toBe('error');
  expect(report.context.pullRequest).toBe(PR);
  expect(report.findings[0]!.message).toMatch(/127\.0\.0\.1:1/);
  expect(r.summary).toContain('💥 **Could not run**');
  expect(r.outputs['artifact-id']).toMatch(/^\d+$/);
  expect(ours()).toHaveLength(1);
  expect(ours()[0]!.body).toContain('💥 **Could not run**');
});

test('base unknown (the files list refused, no git history): exit 2 naming both causes and the fix', async () => {
  const db = await database();
  const ws = await workspace();
  gh.state.pullFiles.clear();
  const r = await runAction({ gh, svc, workspace: ws, inputs: { 'database-url': db.url }, event: prEvent() });
  expect(r.code).toBe(2);
  expect(r.stdout).toMatch(
    /::error::cannot tell which migrations pull request #23 adds: its files could not be read \(.*404.*\), and git could not find the base commit \(.*\).*fetch-depth: 0/,
  );
  expect(r.outputs.status).toBe('error');
  expect(r.summary).toContain('Could not run');
});

function workflowRunEvent(runId: number, headSha = 'b'.repeat(40)) {
  return {
    name: 'workflow_run',
    payload: {
      workflow_run: {
        id: runId,
        run_attempt: 1,
        head_sha: headSha,
        pull_requests: [],
        repository: { full_name: `${OWNER}/${REPO}` },
        head_repository: { full_name: `outsider/${REPO}` },
      },
      repository: { full_name: `${OWNER}/${REPO}` },
    },
  };
}

const PUBLISHER_ENV = { GITHUB_RUN_ID: '9999', GITHUB_WORKFLOW: 'publish', GITHUB_JOB: 'comment' };

test('a matrix without matrix or label inputs: one comment and one artifact per database; mode comment publishes both as one merged comment and deletes them', async () => {
  const pgDb = await database();
  const mariaDb = await createMysqlDatabase('mt_publish');
  dbs.push(mariaDb);
  const ws = await workspace();
  for (const url of [pgDb.url, mariaDb.url]) {
    const r = await runAction({ gh, svc, workspace: ws, inputs: { 'database-url': url }, event: prEvent() });
    expect({ code: r.code, log: r.code === 0 ? '' : r.stdout }).toEqual({ code: 0, log: '' });
  }
  expect(ours()).toHaveLength(2);
  const names = svc.state.artifacts.map((a) => a.name).sort();
  expect(names).toEqual([
    expect.stringMatching(/^migration-test-mariadb-\d+\.\d+$/),
    expect.stringMatching(/^migration-test-postgres-\d+$/),
  ]);
  for (const name of names) gh.addArtifact({ owner: OWNER, repo: REPO, runId: 4242, name, zip: svc.zipOf(name) });
  gh.setPull(OWNER, REPO, { number: PR, state: 'open', headSha: 'b'.repeat(40) });
  const before = ours().map((c) => c.id);

  const publisher = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { mode: 'comment' },
    event: workflowRunEvent(4242),
    env: PUBLISHER_ENV,
  });
  expect({ code: publisher.code, log: publisher.code === 0 ? '' : publisher.stdout }).toEqual({ code: 0, log: '' });
  // The publisher adds one merged comment under the matrix job's key, the per-job part left
  // out, and deletes the jobs' own comments (they commented themselves: comment was on).
  const after = ours();
  expect(after).toHaveLength(1);
  expect(before).not.toContain(after[0]!.id);
  expect(after[0]!.body).toMatch(/migration-test:comment-key=database%20migrations%2Fmigrations -->/);
  expect(after[0]!.body).toContain('#### Migrations by database');
  expect(gh.requestsTo('DELETE', /\/issues\/comments\/\d+$/).map((q) => q.route.split('/').pop())).toEqual(
    before.map(String),
  );
});

test('mode comment: a report that names no pull request finds it by the tested commit (commits-to-pulls)', async () => {
  const db = await database();
  const ws = await workspace();
  // A run without a pull request (started by hand): its report names none.
  const producer = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { 'database-url': db.url },
    event: { name: 'workflow_dispatch', payload: {} },
    env: { GITHUB_SHA: 'b'.repeat(40) },
  });
  expect({ code: producer.code, log: producer.code === 0 ? '' : producer.stdout }).toEqual({ code: 0, log: '' });
  const name = svc.state.artifacts[0]!.name;
  gh.addArtifact({ owner: OWNER, repo: REPO, runId: 4242, name, zip: svc.zipOf(name) });
  gh.setCommitPulls(OWNER, REPO, 'b'.repeat(40), [{ number: PR, state: 'open', headSha: 'b'.repeat(40) }]);
  const publisher = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { mode: 'comment' },
    event: workflowRunEvent(4242),
    env: PUBLISHER_ENV,
  });
  expect({ code: publisher.code, log: publisher.code === 0 ? '' : publisher.stdout }).toEqual({ code: 0, log: '' });
  expect(gh.requestsTo('GET', /\/commits\/b+\/pulls$/)).toHaveLength(1);
  expect(ours()).toHaveLength(1);
  expect(ours()[0]!.body).toContain('`bbbbbbb`');
});

test('mode comment refuses a report of another commit than the triggering run tested', async () => {
  const db = await database();
  const ws = await workspace();
  const producer = await runAction({ gh, svc, workspace: ws, inputs: { 'database-url': db.url }, event: prEvent() });
  expect(producer.code).toBe(0);
  const name = svc.state.artifacts[0]!.name;
  gh.addArtifact({ owner: OWNER, repo: REPO, runId: 4242, name, zip: svc.zipOf(name) });
  const before = ours().map((c) => c.body);
  const publisher = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { mode: 'comment' },
    event: workflowRunEvent(4242, 'f'.repeat(40)),
    env: PUBLISHER_ENV,
  });
  expect(publisher.code).toBe(1);
  expect(publisher.stdout).toMatch(/::error::.*report is of commit bbbbbbbbbbbb, but run 4242 tested ffffffffffff/);
  expect(publisher.outputs.status).toBe('error');
  expect(ours().map((c) => c.body)).toEqual(before);
});

test('mode comment refuses a fork report naming a pull request whose head is not the tested commit, when GitHub names none', async () => {
  const db = await database();
  const ws = await workspace();
  gh.setPullFiles(OWNER, REPO, 99, gh.state.pullFiles.get(`${OWNER}/${REPO}#${PR}`.toLowerCase()) ?? []);
  gh.state.forbidCommentWrites = true;
  // The fork's report claims someone else's pull request #99, and GitHub lists none for its commit.
  const producer = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { 'database-url': db.url },
    event: { name: 'pull_request', payload: pullRequestPayload({ number: 99, fork: true }) },
  });
  expect(producer.code).toBe(0);
  gh.state.forbidCommentWrites = false;
  const name = svc.state.artifacts[0]!.name;
  gh.addArtifact({ owner: OWNER, repo: REPO, runId: 4242, name, zip: svc.zipOf(name) });
  gh.setPull(OWNER, REPO, { number: 99, state: 'open', headSha: 'c'.repeat(40) });
  const publisher = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { mode: 'comment' },
    event: workflowRunEvent(4242),
    env: PUBLISHER_ENV,
  });
  expect(publisher.code).toBe(1);
  expect(publisher.stdout).toMatch(
    /::error::the report names pull request #99, whose head is not the tested commit bbbbbbbbbbbb/,
  );
  expect(gh.state.comments).toHaveLength(0);
});

test('mode comment refuses a report that names a pull request the tested commit does not belong to', async () => {
  const db = await database();
  const ws = await workspace();
  gh.setPullFiles(OWNER, REPO, 99, gh.state.pullFiles.get(`${OWNER}/${REPO}#${PR}`.toLowerCase()) ?? []);
  gh.state.forbidCommentWrites = true;
  // A fork's run controls its report: this one claims pull request #99.
  const producer = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { 'database-url': db.url },
    event: { name: 'pull_request', payload: pullRequestPayload({ number: 99, fork: true }) },
  });
  expect(producer.code).toBe(0);
  gh.state.forbidCommentWrites = false;
  const name = svc.state.artifacts[0]!.name;
  gh.addArtifact({ owner: OWNER, repo: REPO, runId: 4242, name, zip: svc.zipOf(name) });
  gh.setCommitPulls(OWNER, REPO, 'b'.repeat(40), [{ number: PR, state: 'open', headSha: 'b'.repeat(40) }]);
  const publisher = await runAction({
    gh,
    svc,
    workspace: ws,
    inputs: { mode: 'comment' },
    event: workflowRunEvent(4242),
    env: PUBLISHER_ENV,
  });
  expect(publisher.code).toBe(1);
  expect(publisher.stdout).toMatch(
    /::error::the report names pull request #99, but commit bbbbbbbbbbbb belongs to #23/,
  );
  expect(gh.state.comments).toHaveLength(0);
});
