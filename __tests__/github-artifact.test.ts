/**
 * The report directory as an artifact, through the real @actions/artifact client against
 * loopback fakes of the Actions results service (upload) and GitHub's REST API (download).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ArtifactServiceFake, readZip, startArtifactServiceFake } from './fakes/artifact-service.js';
import { type GitHubApiFake, startGitHubApiFake } from './fakes/github-api.js';

type ArtifactModule = typeof import('../src/github/artifact.js');

const OWNER = 'acme';
const REPO = 'shop';
const TOKEN = 'ghs_readtoken';

let svc: ArtifactServiceFake;
let gh: GitHubApiFake;
let artifact: ArtifactModule;
let tmp: string;
const savedEnv = { ...process.env };

const FILES: Record<string, string> = {
  'report.json': JSON.stringify({ schemaVersion: 1, status: 'passed', migrations: [] }, null, 2),
  'comment.md': '<!-- migration-test:comment-key=ci -->\n## Migrations\n',
  'summary.md': '## Migrations\n\n| id | time |\n|---|---|\n',
  'logs/x.up.log': '2025-01-10T09:00:00.000Z 1.2ms rows=0 CREATE TABLE x (id int)\n',
  'logs/20250110_add_orders.up.log': 'line\n'.repeat(5000),
  'logs/nested/deeper.down.log': 'down\n',
};

async function writeReportDir(dir: string): Promise<void> {
  for (const [rel, content] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
}

beforeAll(async () => {
  svc = await startArtifactServiceFake();
  gh = await startGitHubApiFake();
  Object.assign(process.env, svc.env());
  // @actions/github reads GITHUB_API_URL once, when first imported: set it before loading.
  process.env['GITHUB_API_URL'] = gh.url;
  // Any host but github.com, *.ghe.com and *.localhost is taken for GHES, which the client refuses.
  process.env['GITHUB_SERVER_URL'] = 'https://github.com';
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mt-github-artifact-'));
  process.env['GITHUB_WORKSPACE'] = tmp;
  artifact = await import('../src/github/artifact.js');
});

afterAll(async () => {
  await Promise.all([svc.close(), gh.close()]);
  await rm(tmp, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

test('uploads the report directory, logs/ included, as one zip', async () => {
  const dir = path.join(tmp, 'report-1');
  await writeReportDir(dir);

  const result = await artifact.uploadReportArtifact({
    name: 'migration-test-report',
    reportDir: dir,
    serverUrl: 'https://github.com',
    owner: OWNER,
    repo: REPO,
    runId: '9876543210',
  });

  const stored = svc.state.artifacts.find((a) => a.name === 'migration-test-report');
  expect(stored?.finalized).toBe(true);
  expect(result.id).toBe(stored!.id);
  expect(result.url).toBe(`https://github.com/${OWNER}/${REPO}/actions/runs/9876543210/artifacts/${stored!.id}`);
  const zip = svc.zipOf('migration-test-report');
  expect(result.size).toBe(zip.length);

  const files = svc.filesOf('migration-test-report');
  expect([...files.keys()].sort()).toEqual(Object.keys(FILES).sort());
  for (const [rel, content] of Object.entries(FILES)) expect(files.get(rel)?.toString('utf8')).toBe(content);

  // What the client sent: a zip, the version it declares, and the digest of what it uploaded.
  const create = svc.state.twirpCalls.find((c) => c.method === 'CreateArtifact')!;
  expect(create.request).toMatchObject({
    workflow_run_backend_id: svc.workflowRunBackendId,
    workflow_job_run_backend_id: svc.workflowJobRunBackendId,
    name: 'migration-test-report',
    mime_type: 'application/zip',
    version: 7,
  });
  expect(stored!.reportedHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(svc.state.blobCalls.map((c) => c.comp)).toEqual(['block', 'blocklist']);
});

test("a stand-in address has an artifact address's form and is no shorter than any real one", () => {
  const where = { serverUrl: 'https://github.com/', owner: OWNER, repo: REPO, runId: '9876543210' };
  const standIn = artifact.artifactUrlStandIn(where);
  expect(standIn).toMatch(/^https:\/\/github\.com\/acme\/shop\/actions\/runs\/9876543210\/artifacts\/\d{16}$/);
  expect(standIn.length).toBeGreaterThanOrEqual(artifact.artifactUrl({ ...where, id: Number.MAX_SAFE_INTEGER }).length);
  expect(artifact.artifactUrlStandIn(where)).not.toBe(standIn);
});

test('a comment key as name: characters artifacts may not carry become "-"', async () => {
  expect(artifact.artifactName('migration-test ci.yml/migrations/pg:16')).toBe(
    'migration-test ci.yml-migrations-pg-16',
  );
  const dir = path.join(tmp, 'report-2');
  await writeReportDir(dir);
  const result = await artifact.uploadReportArtifact({
    name: 'report ci.yml/migrations/pg16',
    reportDir: dir,
    serverUrl: 'https://github.com',
    owner: OWNER,
    repo: REPO,
    runId: '1',
  });
  expect(svc.state.artifacts.find((a) => a.id === result.id)?.name).toBe('report ci.yml-migrations-pg16');
});

test('an artifact name is taken once per run (the service answers 409)', async () => {
  const dir = path.join(tmp, 'report-3');
  await writeReportDir(dir);
  const opts = { name: 'twice', reportDir: dir, serverUrl: 'https://github.com', owner: OWNER, repo: REPO, runId: '1' };
  await artifact.uploadReportArtifact(opts);
  await expect(artifact.uploadReportArtifact(opts)).rejects.toThrow(/409.*already exists/);
});

test('an empty or missing report directory is an error that names it', async () => {
  const empty = path.join(tmp, 'empty');
  await mkdir(path.join(empty, 'logs'), { recursive: true });
  const base = { name: 'x', serverUrl: 'https://github.com', owner: OWNER, repo: REPO, runId: '1' };
  await expect(artifact.uploadReportArtifact({ ...base, reportDir: empty })).rejects.toThrow(
    /empty: the report directory holds no files/,
  );
  await expect(artifact.uploadReportArtifact({ ...base, reportDir: path.join(tmp, 'nope') })).rejects.toThrow(
    /nope: cannot read the report directory/,
  );
});

test('round trip: the artifact of another run, listed by name and downloaded by id through the REST API', async () => {
  const dir = path.join(tmp, 'report-4');
  await writeReportDir(dir);
  await artifact.uploadReportArtifact({
    name: 'migration-test-report-pg16',
    reportDir: dir,
    serverUrl: 'https://github.com',
    owner: OWNER,
    repo: REPO,
    runId: '555',
  });
  // GitHub lists the run's artifacts; an older one of another name is beside it.
  gh.addArtifact({ owner: OWNER, repo: REPO, runId: 555, name: 'other', zip: svc.zipOf('twice') });
  const published = gh.addArtifact({
    owner: OWNER,
    repo: REPO,
    runId: 555,
    name: 'migration-test-report-pg16',
    zip: svc.zipOf('migration-test-report-pg16'),
  });

  const where = { runId: 555, token: TOKEN, owner: OWNER, repo: REPO };
  const found = await artifact.listReportArtifacts({ ...where, name: 'migration-test-report-pg16' });
  expect(found).toEqual([{ id: published.id, name: 'migration-test-report-pg16' }]);
  const dest = path.join(tmp, 'downloaded');
  const out = await artifact.downloadArtifactById({ ...where, id: published.id, dest });
  expect(out).toBe(dest);
  for (const [rel, content] of Object.entries(FILES)) {
    expect(await readFile(path.join(dest, rel), 'utf8')).toBe(content);
  }
  const lookups = gh.requestsTo('GET', /\/actions\/runs\/555\/artifacts$/);
  expect(lookups).toHaveLength(1);
  expect(lookups[0]!.token).toBe(TOKEN);
  expect(gh.requestsTo('GET', new RegExp(`/actions/artifacts/${published.id}/zip$`)).map((r) => r.status)).toEqual([
    302,
  ]);
  // The blob was fetched from the redirect, without the token.
  const blob = gh.state.requests.find((r) => r.route.startsWith('/_blobs/'))!;
  expect(blob.status).toBe(200);
  expect(blob.headers['authorization']).toBeUndefined();
});

test("a run without the artifact lists none (another run's is not its); an unknown id is refused", async () => {
  const where = { runId: 777, token: TOKEN, owner: OWNER, repo: REPO };
  gh.addArtifact({ owner: OWNER, repo: REPO, runId: 777, name: 'unrelated', zip: svc.zipOf('twice') });
  gh.addArtifact({ owner: OWNER, repo: REPO, runId: 778, name: 'migration-test-x', zip: svc.zipOf('twice') });
  expect(await artifact.listReportArtifacts({ ...where, name: 'migration-test-x' })).toEqual([]);
  expect(await artifact.listReportArtifacts({ ...where, name: null })).toEqual([]);
  await expect(artifact.downloadArtifactById({ ...where, id: 987654, dest: path.join(tmp, 'd2') })).rejects.toThrow(
    /404|not found/i,
  );
});

test('readZip reads what the fake stores (stored and deflated entries)', () => {
  const files = readZip(svc.zipOf('migration-test-report'));
  expect(files.get('logs/20250110_add_orders.up.log')?.length).toBe(FILES['logs/20250110_add_orders.up.log']!.length);
});
