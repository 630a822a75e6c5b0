import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOctokit, limitGitHubTime } from '../src/github/octokit.js';

describe('a GitHub API that never answers', () => {
  let server: http.Server;
  let requests = 0;
  beforeAll(async () => {
    server = http.createServer(() => {
      requests++; // accepted, never answered
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('each attempt is abandoned at its own deadline, tried again three times, and the error says why', async () => {
    const { port } = server.address() as AddressInfo;
    const octokit = createOctokit({ token: 't', apiUrl: `http://127.0.0.1:${port}`, retryDelayMs: 0, timeoutMs: 300 });
    const started = Date.now();
    const err = await octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 1 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toBe("GitHub's API did not answer within 300 ms");
    expect(requests).toBe(4);
    // four deadlines of 300 ms; far below fetch's own ~300 s
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  // Last: the cancel's deadline holds for the rest of the process.
  test('an attempt ends at the deadline, not its own 30 s, with no pause and try after it; later calls are not made', async () => {
    const { port } = server.address() as AddressInfo;
    const octokit = createOctokit({
      token: 't',
      apiUrl: `http://127.0.0.1:${port}`,
      retryDelayMs: 1000,
      timeoutMs: 30_000,
    });
    requests = 0;
    limitGitHubTime(300);
    const err = await octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 1 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/^GitHub's API did not answer within \d+ ms$/);
    expect(requests).toBe(1);
    const again = await octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 2 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(again?.message).toBe(
      'no time left to call GitHub (GET /repos/{owner}/{repo}/issues/{issue_number}): the run was cancelled',
    );
    expect(requests).toBe(1);
  });
});
