/**
 * The loopback fakes answer the way GitHub does, checked with the real octokit client where
 * the code uses one, and with plain HTTP for the parts only @actions/artifact speaks.
 */
import { createOctokit } from '../src/github/octokit.js';
import { readZip, runtimeToken, startArtifactServiceFake } from './fakes/artifact-service.js';
import { startGitHubApiFake } from './fakes/github-api.js';

test('GitHub fake: 401 without a token, GitHub-shaped errors, Link headers like GitHub’s', async () => {
  const gh = await startGitHubApiFake();
  try {
    const anonymous = await fetch(`${gh.url}/repos/acme/shop/issues/1/comments`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'Requires authentication' });

    gh.seedComments({ owner: 'acme', repo: 'shop', issueNumber: 1, count: 250 });
    const headers = { authorization: 'Bearer t' };
    // per_page is capped at 100 and defaults to 30
    const capped = await fetch(`${gh.url}/repos/acme/shop/issues/1/comments?per_page=500`, { headers });
    expect(((await capped.json()) as unknown[]).length).toBe(100);
    const byDefault = await fetch(`${gh.url}/repos/acme/shop/issues/1/comments`, { headers });
    expect(((await byDefault.json()) as unknown[]).length).toBe(30);

    const page2 = await fetch(`${gh.url}/repos/acme/shop/issues/1/comments?per_page=100&page=2`, { headers });
    const link = page2.headers.get('link')!;
    const rels = [...link.matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [
      m[2],
      new URL(m[1]!).searchParams.get('page'),
    ]);
    expect(rels).toEqual([
      ['prev', '1'],
      ['next', '3'],
      ['last', '3'],
      ['first', '1'],
    ]);
    expect(link).toMatch(
      new RegExp(`<${gh.url}/repositories/\\d+/issues/1/comments\\?per_page=100&page=1>; rel="prev"`),
    );
    const last = await fetch(`${gh.url}/repos/acme/shop/issues/1/comments?per_page=100&page=3`, { headers });
    expect(((await last.json()) as unknown[]).length).toBe(50);
    expect(last.headers.get('link')).not.toContain('rel="next"');

    const missing = await fetch(`${gh.url}/repos/acme/shop/issues/comments/1`, {
      method: 'PATCH',
      headers,
      body: '{"body":"x"}',
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });

    const noBody = await fetch(`${gh.url}/repos/acme/shop/issues/1/comments`, { method: 'POST', headers, body: '{}' });
    expect(noBody.status).toBe(422);
  } finally {
    await gh.close();
  }
});

test('GitHub fake: pull request files, paginated, through octokit.paginate', async () => {
  const gh = await startGitHubApiFake();
  try {
    const files = Array.from({ length: 130 }, (_, i) => ({
      filename: `db/migrations/${String(i).padStart(4, '0')}_step.sql`,
      status: 'added' as const,
      additions: 3,
    }));
    gh.setPullFiles('acme', 'shop', 7, files);
    const octokit = createOctokit({ token: 't', apiUrl: gh.url });
    const all = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: 'acme',
      repo: 'shop',
      pull_number: 7,
      per_page: 100,
    });
    expect(all.map((f) => f.filename)).toEqual(files.map((f) => f.filename));
    expect(all[0]).toMatchObject({ status: 'added', additions: 3, deletions: 0, changes: 3 });
    await expect(octokit.rest.pulls.listFiles({ owner: 'acme', repo: 'shop', pull_number: 8 })).rejects.toMatchObject({
      status: 404,
    });
  } finally {
    await gh.close();
  }
});

test('GitHub fake: artifacts of a run by name, and the zip behind a 302 to a signed blob URL', async () => {
  const gh = await startGitHubApiFake();
  try {
    const zip = Buffer.from('PK fake');
    const a = gh.addArtifact({ owner: 'acme', repo: 'shop', runId: 5, name: 'report', zip });
    gh.addArtifact({ owner: 'acme', repo: 'shop', runId: 5, name: 'other', zip });
    const octokit = createOctokit({ token: 't', apiUrl: gh.url });
    const list = await octokit.rest.actions.listWorkflowRunArtifacts({
      owner: 'acme',
      repo: 'shop',
      run_id: 5,
      name: 'report',
    });
    expect(list.data.total_count).toBe(1);
    expect(list.data.artifacts[0]).toMatchObject({
      id: a.id,
      name: 'report',
      size_in_bytes: zip.length,
      expired: false,
    });
    const redirect = await fetch(`${gh.url}/repos/acme/shop/actions/artifacts/${a.id}/zip`, {
      headers: { authorization: 'token t' },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    const blob = await fetch(location);
    expect(blob.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await blob.arrayBuffer())).toEqual(zip);
    const unsigned = new URL(location);
    unsigned.searchParams.set('sig', 'forged');
    expect((await fetch(unsigned)).status).toBe(403);
  } finally {
    await gh.close();
  }
});

test('artifact service fake: Twirp errors, listing and signed download URLs', async () => {
  const svc = await startArtifactServiceFake();
  try {
    const call = (method: string, body: unknown, token = svc.env().ACTIONS_RUNTIME_TOKEN) =>
      fetch(`${svc.url}/twirp/github.actions.results.api.v1.ArtifactService/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ids = {
      workflow_run_backend_id: svc.workflowRunBackendId,
      workflow_job_run_backend_id: svc.workflowJobRunBackendId,
    };

    const unauthenticated = await fetch(
      `${svc.url}/twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ code: 'unauthenticated' });
    const otherRun = await call('ListArtifacts', ids, runtimeToken('another-run', 'another-job'));
    expect(otherRun.status).toBe(403);

    // Create, upload as the blob client does (one block, then the block list), finalize.
    const created = (await (await call('CreateArtifact', { ...ids, name: 'r', version: 7 })).json()) as {
      signed_upload_url: string;
    };
    const zipBytes = Buffer.from(
      // a one-file zip ("a.txt" = "hi"), stored
      'UEsDBBQAAAAAAABIKlqsKpPYAgAAAAIAAAAFAAAAYS50eHRoaVBLAQIUAxQAAAAAAABIKlqsKpPYAgAAAAIAAAAFAAAAAAAAAAAAAACAAQAAAABhLnR4dFBLBQYAAAAAAQABADMAAAAlAAAAAAA=',
      'base64',
    );
    const blockId = Buffer.from('block-0').toString('base64');
    const put1 = await fetch(`${created.signed_upload_url}&comp=block&blockid=${encodeURIComponent(blockId)}`, {
      method: 'PUT',
      body: zipBytes,
    });
    expect(put1.status).toBe(201);
    const put2 = await fetch(`${created.signed_upload_url}&comp=blocklist`, {
      method: 'PUT',
      headers: { 'x-ms-blob-content-type': 'application/zip' },
      body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><BlockList><Latest>${blockId}</Latest></BlockList>`,
    });
    expect(put2.status).toBe(201);
    const wrongSize = await call('FinalizeArtifact', { ...ids, name: 'r', size: '1' });
    expect(wrongSize.status).toBe(400);
    const finalized = (await (
      await call('FinalizeArtifact', { ...ids, name: 'r', size: String(zipBytes.length) })
    ).json()) as {
      ok: boolean;
      artifact_id: string;
    };
    expect(finalized.ok).toBe(true);

    const listed = (await (await call('ListArtifacts', { ...ids, id_filter: finalized.artifact_id })).json()) as {
      artifacts: Array<Record<string, unknown>>;
    };
    expect(listed.artifacts).toEqual([
      expect.objectContaining({ database_id: finalized.artifact_id, name: 'r', size: String(zipBytes.length) }),
    ]);
    const signed = (await (await call('GetSignedArtifactURL', { ...ids, name: 'r' })).json()) as { signed_url: string };
    const blob = await fetch(signed.signed_url);
    expect(blob.headers.get('content-type')).toBe('application/zip');
    expect(
      readZip(Buffer.from(await blob.arrayBuffer()))
        .get('a.txt')
        ?.toString(),
    ).toBe('hi');
    expect(svc.filesOf('r').get('a.txt')?.toString()).toBe('hi');

    const notFound = await call('GetSignedArtifactURL', { ...ids, name: 'nope' });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ code: 'not_found' });
  } finally {
    await svc.close();
  }
});
