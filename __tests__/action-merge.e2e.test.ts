/**
 * A matrix of databases, then a final job of the same run with mode: comment and `needs:` on
 * the matrix: dist/index.js against the loopback fakes. One merged comment, none per job:
 * whether the matrix jobs set `comment: false` or posted their own comments (then deleted).
 */
import { startArtifactServiceFake, type ArtifactServiceFake } from './fakes/artifact-service.js';
import { startGitHubApiFake, type GitHubApiFake } from './fakes/github-api.js';
import { OWNER, REPO, pullRequestPayload, runAction } from './helpers/action.js';
import { createMysqlDatabase, createPostgresDatabase, type TestDatabase } from './helpers/databases.js';
import { tempDir, writeTree } from './helpers/tree.js';

const PR = 31;
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

const event = { name: 'pull_request', payload: pullRequestPayload({ number: PR, headSha: 'c'.repeat(40) }) };

async function workspace(second: string): Promise<string> {
  gh.setPullFiles(OWNER, REPO, PR, [{ filename: 'db/migrations/V2__add_name.sql', status: 'added' as const }]);
  return writeTree({
    'db/migrations/V1__create_users.sql': 'CREATE TABLE users (id int PRIMARY KEY, email text);',
    'db/migrations/V2__add_name.sql': second,
  });
}

interface MatrixJob {
  label: string;
  url: string;
  sql: string;
}

/** Runs each job of the matrix (this run, 4242), then lists their artifacts as GitHub would. */
async function runMatrix(jobs: MatrixJob[], comment: boolean): Promise<string[]> {
  const statuses: string[] = [];
  for (const j of jobs) {
    const r = await runAction({
      gh,
      svc,
      workspace: await workspace(j.sql),
      inputs: { 'database-url': j.url, label: j.label, migrations: 'db/migrations', comment: String(comment) },
      event,
    });
    statuses.push(r.outputs.status ?? '');
  }
  for (const a of svc.state.artifacts)
    gh.addArtifact({ owner: OWNER, repo: REPO, runId: 4242, name: a.name, zip: svc.zipOf(a.name) });
  return statuses;
}

/** The final job that `needs:` the matrix: mode comment, no report of its own. */
async function runCommentJob() {
  return runAction({
    gh,
    svc,
    workspace: await tempDir('mt-empty-ws-'),
    inputs: { mode: 'comment' },
    event,
    env: { GITHUB_JOB: 'comment' },
  });
}

test('three matrix jobs (comment: false), then the comment job: exactly one merged comment', async () => {
  const pgA = await createPostgresDatabase('mt_merge');
  const pgB = await createPostgresDatabase('mt_merge');
  const maria = await createMysqlDatabase('mt_merge');
  dbs.push(pgA, pgB, maria);
  const jobs = [
    { label: 'pg', url: pgA.url, sql: 'ALTER TABLE users ADD COLUMN name text;' },
    { label: 'maria', url: maria.url, sql: 'ALTER TABLE users ADD COLUMN name text;' },
    { label: 'pg-broken', url: pgB.url, sql: 'ALTER TABLE no_such_table ADD COLUMN name text;' },
  ];
  expect(await runMatrix(jobs, false)).toEqual(['passed', 'passed', 'failed']);
  expect(gh.commentsOn(OWNER, REPO, PR)).toHaveLength(0);
  expect(svc.state.artifacts).toHaveLength(3);

  const publisher = await runCommentJob();
  expect(publisher.outputs.status).toBe('failed');
  const ours = gh.commentsOn(OWNER, REPO, PR);
  expect(ours).toHaveLength(1);
  const body = ours[0]!.body;
  expect(body).toMatch(/migration-test:comment-key=database%20migrations%2Fmigrations -->/);
  const header = body.split('\n').find((l) => l.startsWith('| Migration |'))!;
  expect(header).toMatch(
    /^\| Migration \| maria \(MariaDB [\d.]+\) \| pg \(PostgreSQL [\d.]+\) \| pg-broken \(PostgreSQL [\d.]+\) \|$/,
  );
  expect(body.indexOf('fails only on pg-broken')).toBeLessThan(body.indexOf('| Migration |'));
  expect(publisher.summary).toContain('#### Differences');
});

test('three matrix jobs with their own comments, then the comment job: exactly one comment remains, the merged one', async () => {
  const pgA = await createPostgresDatabase('mt_merge');
  const pgB = await createPostgresDatabase('mt_merge');
  const maria = await createMysqlDatabase('mt_merge');
  dbs.push(pgA, pgB, maria);
  const sql = 'ALTER TABLE users ADD COLUMN name text;';
  const jobs = [
    { label: 'pg', url: pgA.url, sql },
    { label: 'maria', url: maria.url, sql },
    { label: 'pg16', url: pgB.url, sql },
  ];
  expect(await runMatrix(jobs, true)).toEqual(['passed', 'passed', 'passed']);
  const jobComments = gh.commentsOn(OWNER, REPO, PR);
  expect(jobComments).toHaveLength(3);

  const publisher = await runCommentJob();
  expect({ code: publisher.code, log: publisher.code === 0 ? '' : publisher.stdout }).toEqual({ code: 0, log: '' });
  const left = gh.commentsOn(OWNER, REPO, PR);
  expect(left).toHaveLength(1);
  const merged = left[0]!;
  expect(jobComments.map((c) => c.id)).not.toContain(merged.id);
  expect(merged.body).toMatch(/migration-test:comment-key=database%20migrations%2Fmigrations -->/);
  expect(merged.body).toContain('#### Migrations by database');
  expect(publisher.outputs['comment-id']).toBe(String(merged.id));
  expect(gh.requestsTo('DELETE', /\/issues\/comments\/\d+$/)).toHaveLength(3);
});
