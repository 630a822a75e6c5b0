/**
 * A loopback fake of the parts of GitHub's REST API that migration-test uses, answering the
 * way api.github.com does (status codes, error bodies, Link-header pagination), so that the
 * real @actions/github / octokit client can be tested against it.
 *
 *   const gh = await startGitHubApiFake();
 *   // the client under test: apiUrl = gh.url (or set GITHUB_API_URL=gh.url before
 *   // @actions/github is first imported: it reads the variable once, at load)
 *
 * Routes (also under /api/v3, as on GitHub Enterprise Server, and under
 * /repositories/:repository_id/..., the form GitHub's Link headers use):
 *   GET   /repos/:o/:r/issues/:n/comments          per_page (default 30, at most 100), page
 *   POST  /repos/:o/:r/issues/:n/comments          {body}  -> 201 comment
 *   GET   /repos/:o/:r/issues/comments/:id         -> 200 comment
 *   PATCH /repos/:o/:r/issues/comments/:id         {body}  -> 200 comment
 *   DELETE /repos/:o/:r/issues/comments/:id        -> 204
 *   GET   /repos/:o/:r/commits/:sha/pulls          pull requests from setCommitPulls()
 *   GET   /repos/:o/:r/pulls/:n                    a pull request from setPull() or setCommitPulls()
 *   GET   /repos/:o/:r/pulls/:n/files              paginated, files from setPullFiles()
 *   GET   /repos/:o/:r/actions/runs/:run/artifacts name, per_page, page
 *   GET   /repos/:o/:r/actions/artifacts/:id
 *   GET   /repos/:o/:r/actions/artifacts/:id/zip   302 to a signed blob URL on this server
 *   GET   /_blobs/artifacts/:id.zip?sig=...        the zip, without authorization (like Azure)
 * Every API route wants `authorization: Bearer <token>` or `token <token>`: 401 without, or
 * with a token not in state.tokens (when that is set).
 *
 * Tests steer it through state: forbidCommentWrites (403 "Resource not accessible by
 * integration" on comment writes, like a fork's read-only GITHUB_TOKEN), faults (answer the
 * next matching requests with a status and headers, or a dropped connection, after carrying
 * the request out or not: see fault()), latencyMs (added before each API answer), onRequest (runs before each API
 * request is handled, e.g. to add a comment in the middle of a client's work); and read
 * state.requests for what the client sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface FakePullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions?: number;
  deletions?: number;
  previous_filename?: string;
  patch?: string;
}

export interface FakeArtifact {
  id: number;
  owner: string;
  repo: string;
  runId: number;
  name: string;
  zip: Buffer;
  createdAt: string;
  expired: boolean;
}

export interface RecordedRequest {
  method: string;
  /** path and query as sent, e.g. /repos/o/r/issues/1/comments?per_page=100 */
  url: string;
  /** the path without an /api/v3 prefix and with /repositories/:id/ turned into /repos/:o/:r/ */
  route: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** the token from the authorization header, or null */
  token: string | null;
  status: number;
}

export interface Fault {
  method: string;
  /** matched against RecordedRequest.route */
  path: RegExp;
  /** an HTTP status to answer with, or 0 to drop the connection without answering */
  status: number;
  /** how many matching requests to fail (default 1) */
  times: number;
  /** the answer's `message` (default: GitHub's for the status) */
  message?: string;
  /** headers of the answer, e.g. retry-after, x-ratelimit-remaining */
  headers?: Record<string, string>;
  /** carry the request out first, then answer with the fault (the answer was lost on the way) */
  carryOut?: boolean;
}

export interface CommitPull {
  number: number;
  state: 'open' | 'closed';
  headSha: string;
}

export interface GitHubApiFakeState {
  comments: FakeComment[];
  pullFiles: Map<string, FakePullFile[]>;
  artifacts: FakeArtifact[];
  requests: RecordedRequest[];
  /** When set, only these tokens are accepted (else any non-empty token is). */
  tokens: Set<string> | null;
  /** Users the tokens act as; a token not listed acts as github-actions[bot]. */
  users: Map<string, FakeUser>;
  /** Comment writes answer 403, like a read-only GITHUB_TOKEN (pull request from a fork). */
  forbidCommentWrites: boolean;
  faults: Fault[];
  /** Added before answering each API request. */
  latencyMs: number;
  /** The pull requests of a commit, by "owner/repo@sha". */
  commitPulls: Map<string, CommitPull[]>;
  /** Pull requests by "owner/repo#number". */
  pulls: Map<string, CommitPull>;
  onRequest: ((req: RecordedRequest, state: GitHubApiFakeState) => void | Promise<void>) | null;
  nextId: number;
}

export interface GitHubApiFake {
  url: string;
  serverUrl: string;
  state: GitHubApiFakeState;
  close(): Promise<void>;
  /** Adds a comment as if someone had written it (no request recorded). */
  addComment(c: { owner: string; repo: string; issueNumber: number; body: string; user?: FakeUser }): FakeComment;
  /** Adds `count` comments by other people, bodies "comment <i>" unless given. */
  seedComments(o: {
    owner: string;
    repo: string;
    issueNumber: number;
    count: number;
    body?: (i: number) => string;
  }): void;
  /** The comments of one issue, oldest first. */
  commentsOn(owner: string, repo: string, issueNumber: number): FakeComment[];
  setPullFiles(owner: string, repo: string, pullNumber: number, files: FakePullFile[]): void;
  addArtifact(a: { owner: string; repo: string; runId: number; name: string; zip: Buffer; id?: number }): FakeArtifact;
  /** Answers the next `times` requests matching method and path with `status` (0: drop the connection). */
  failNext(method: string, path: RegExp, status: number, times?: number, message?: string): void;
  /** A fault with everything said: headers, carried out or not. */
  fault(f: Omit<Fault, 'times'> & { times?: number }): void;
  /** The pull requests GET /repos/:o/:r/commits/:sha/pulls lists. */
  setCommitPulls(owner: string, repo: string, sha: string, pulls: CommitPull[]): void;
  /** A pull request GET /repos/:o/:r/pulls/:n answers with, whatever commits-to-pulls lists. */
  setPull(owner: string, repo: string, pull: CommitPull): void;
  /** The requests whose route matches, e.g. requestsTo('POST', /\/comments$/). */
  requestsTo(method: string, path: RegExp): RecordedRequest[];
}

// ---- shared with artifact-service.ts ----
export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Listens on 127.0.0.1 at a free port; close() also ends keep-alive connections. */
export async function listenLoopback(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): Promise<{ url: string; server: http.Server; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      // A bug in the fake: answer 500 so that the client under test fails loudly.
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake server error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function headerText(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

// ---- the fake ----

export const GITHUB_ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

const DOCS = 'https://docs.github.com/rest';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl: string = DOCS,
  ) {
    super(message);
  }
}

function repoKey(owner: string, repo: string): string {
  return `${owner.toLowerCase()}/${repo.toLowerCase()}`;
}

function pullKey(owner: string, repo: string, n: number): string {
  return `${repoKey(owner, repo)}#${n}`;
}

/** GitHub's pagination: per_page defaults to 30 and is capped at 100; page starts at 1. */
function pageParams(query: Record<string, string>): { perPage: number; page: number } {
  const perPageRaw = Number.parseInt(query['per_page'] ?? '', 10);
  const pageRaw = Number.parseInt(query['page'] ?? '', 10);
  const perPage = Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : 30;
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  return { perPage, page };
}

export async function startGitHubApiFake(options: { serverUrl?: string } = {}): Promise<GitHubApiFake> {
  const serverUrl = (options.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  const state: GitHubApiFakeState = {
    comments: [],
    pullFiles: new Map(),
    artifacts: [],
    requests: [],
    tokens: null,
    users: new Map(),
    forbidCommentWrites: false,
    faults: [],
    latencyMs: 0,
    commitPulls: new Map(),
    pulls: new Map(),
    onRequest: null,
    // GitHub's ids are large; starting high catches code that assumes small ones.
    nextId: 1_900_000_001,
  };
  const repoIds = new Map<string, { id: number; owner: string; repo: string }>();
  const blobSigs = new Map<number, string>();
  let base = '';

  function repoId(owner: string, repo: string): number {
    const key = repoKey(owner, repo);
    let entry = repoIds.get(key);
    if (!entry) {
      entry = { id: 600_000_000 + repoIds.size + 1, owner, repo };
      repoIds.set(key, entry);
    }
    return entry.id;
  }

  function now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  function commentJson(c: FakeComment): Record<string, unknown> {
    const api = `${base}/repos/${c.owner}/${c.repo}`;
    return {
      url: `${api}/issues/comments/${c.id}`,
      html_url: `${serverUrl}/${c.owner}/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${api}/issues/${c.issueNumber}`,
      id: c.id,
      node_id: `IC_kwDO${Buffer.from(String(c.id)).toString('base64url')}`,
      user: {
        login: c.user.login,
        id: c.user.id,
        type: c.user.type,
        site_admin: false,
        html_url: `${serverUrl}/${c.user.type === 'Bot' ? 'apps/' + c.user.login.replace(/\[bot\]$/, '') : c.user.login}`,
      },
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
      body: c.body,
      reactions: { url: `${api}/issues/comments/${c.id}/reactions`, total_count: 0 },
      performed_via_github_app: null,
    };
  }

  function artifactJson(a: FakeArtifact): Record<string, unknown> {
    const api = `${base}/repos/${a.owner}/${a.repo}`;
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.zip.length,
      url: `${api}/actions/artifacts/${a.id}`,
      archive_download_url: `${api}/actions/artifacts/${a.id}/zip`,
      expired: a.expired,
      digest: `sha256:${createHash('sha256').update(a.zip).digest('hex')}`,
      created_at: a.createdAt,
      updated_at: a.createdAt,
      expires_at: new Date(Date.parse(a.createdAt) + 90 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      workflow_run: {
        id: a.runId,
        repository_id: repoId(a.owner, a.repo),
        head_repository_id: repoId(a.owner, a.repo),
      },
    };
  }

  /** Link header the way GitHub writes it: prev, next, last, first, on /repositories/:id/ URLs. */
  function linkHeader(
    owner: string,
    repo: string,
    rest: string,
    query: Record<string, string>,
    page: number,
    lastPage: number,
  ): string | null {
    if (lastPage <= 1) return null;
    const at = (p: number): string => {
      const q = new URLSearchParams({ ...query, page: String(p) });
      return `<${base}/repositories/${repoId(owner, repo)}/${rest}?${q.toString()}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`);
    if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
    if (page > 1) links.push(`${at(1)}; rel="first"`);
    return links.join(', ');
  }

  function paginate<T>(
    items: T[],
    query: Record<string, string>,
    owner: string,
    repo: string,
    rest: string,
  ): { slice: T[]; link: string | null } {
    const { perPage, page } = pageParams(query);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    return { slice, link: linkHeader(owner, repo, rest, query, page, lastPage) };
  }

  function send(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      'content-length': String(Buffer.byteLength(text)),
      ...extra,
    });
    res.end(text);
  }

  function bodyField(raw: string): string {
    let parsed: unknown;
    try {
      parsed = raw === '' ? {} : JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'Problems parsing JSON');
    }
    const body = (parsed as { body?: unknown }).body;
    if (typeof body !== 'string') throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
    if (body.length > 65536)
      throw new HttpError(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
    return body;
  }

  function userFor(token: string): FakeUser {
    return state.users.get(token) ?? GITHUB_ACTIONS_BOT;
  }

  /** /api/v3 prefix off; /repositories/:id/ as /repos/:owner/:repo/. */
  function canonicalRoute(pathname: string): string {
    let p = pathname.replace(/^\/api\/v3(?=\/)/, '');
    const m = p.match(/^\/repositories\/(\d+)(\/.*)?$/);
    if (m) {
      const id = Number(m[1]);
      const entry = [...repoIds.values()].find((e) => e.id === id);
      if (!entry) throw new HttpError(404, 'Not Found');
      p = `/repos/${entry.owner}/${entry.repo}${m[2] ?? ''}`;
    }
    return p;
  }

  async function handleApi(rec: RecordedRequest, res: http.ServerResponse): Promise<number> {
    const auth = headerText(rec.headers['authorization']);
    const m = auth?.match(/^(?:bearer|token)\s+(\S+)$/i);
    if (!m) throw new HttpError(401, 'Requires authentication');
    rec.token = m[1]!;
    if (state.tokens !== null && !state.tokens.has(rec.token)) throw new HttpError(401, 'Bad credentials');

    if (state.onRequest) await state.onRequest(rec, state);

    if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));

    const faultIndex = state.faults.findIndex((f) => f.method === rec.method && f.path.test(rec.route));
    if (faultIndex >= 0) {
      const fault = state.faults[faultIndex]!;
      fault.times -= 1;
      if (fault.times <= 0) state.faults.splice(faultIndex, 1);
      if (fault.carryOut) {
        // Carried out, its answer thrown away: what a 5xx from GitHub's front end can hide.
        await routeApi(rec, discardingResponse()).catch((err: unknown) => {
          if (!(err instanceof HttpError)) throw err;
        });
      }
      if (fault.status === 0) {
        res.socket?.destroy();
        return 0;
      }
      const message =
        fault.message ??
        (fault.status === 403
          ? 'Forbidden'
          : fault.status === 404
            ? 'Not Found'
            : fault.status === 502
              ? 'Server Error'
              : 'Internal Server Error');
      send(res, fault.status, { message, documentation_url: DOCS, status: String(fault.status) }, fault.headers);
      return fault.status;
    }
    return routeApi(rec, res);
  }

  /** A response nobody reads. */
  function discardingResponse(): http.ServerResponse {
    const sink = {
      headersSent: false,
      socket: null,
      writeHead: () => sink,
      end: () => sink,
    };
    return sink as unknown as http.ServerResponse;
  }

  async function routeApi(rec: RecordedRequest, res: http.ServerResponse): Promise<number> {
    const route = rec.route;
    const q = rec.query;
    let mm: RegExpMatchArray | null;

    if ((mm = route.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      const [, owner, repo, n] = mm as [string, string, string, string];
      const issueNumber = Number(n);
      repoId(owner, repo);
      if (rec.method === 'GET') {
        const all = state.comments
          .filter((c) => repoKey(c.owner, c.repo) === repoKey(owner, repo) && c.issueNumber === issueNumber)
          .sort((a, b) => a.id - b.id);
        const { slice, link } = paginate(all, q, owner, repo, `issues/${issueNumber}/comments`);
        send(res, 200, slice.map(commentJson), link ? { link } : {});
        return 200;
      }
      if (rec.method === 'POST') {
        if (state.forbidCommentWrites) {
          throw new HttpError(
            403,
            'Resource not accessible by integration',
            `${DOCS}/issues/comments#create-an-issue-comment`,
          );
        }
        const body = bodyField(rec.body);
        const c = api.addComment({ owner, repo, issueNumber, body, user: userFor(rec.token ?? '') });
        const json = commentJson(c);
        send(res, 201, json, { location: String(json['url']) });
        return 201;
      }
      throw new HttpError(404, 'Not Found');
    }

    if ((mm = route.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/))) {
      const [, owner, repo, id] = mm as [string, string, string, string];
      const c = state.comments.find((x) => x.id === Number(id) && repoKey(x.owner, x.repo) === repoKey(owner, repo));
      if (rec.method === 'GET') {
        if (!c) throw new HttpError(404, 'Not Found');
        send(res, 200, commentJson(c));
        return 200;
      }
      if (rec.method === 'PATCH') {
        if (state.forbidCommentWrites) {
          throw new HttpError(
            403,
            'Resource not accessible by integration',
            `${DOCS}/issues/comments#update-an-issue-comment`,
          );
        }
        if (!c) throw new HttpError(404, 'Not Found');
        c.body = bodyField(rec.body);
        c.updatedAt = now();
        send(res, 200, commentJson(c));
        return 200;
      }
      if (rec.method === 'DELETE') {
        if (state.forbidCommentWrites) throw new HttpError(403, 'Resource not accessible by integration');
        if (!c) throw new HttpError(404, 'Not Found');
        state.comments.splice(state.comments.indexOf(c), 1);
        res.writeHead(204).end();
        return 204;
      }
      throw new HttpError(404, 'Not Found');
    }

    if (rec.method === 'GET' && (mm = route.match(/^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/))) {
      const [, owner, repo, n] = mm as [string, string, string, string];
      const p = state.pulls.get(`${repoKey(owner, repo)}#${n}`);
      if (!p) throw new HttpError(404, 'Not Found');
      send(res, 200, {
        number: p.number,
        state: p.state,
        head: { sha: p.headSha, ref: 'feature' },
        base: { ref: 'main' },
      });
      return 200;
    }

    if (rec.method === 'GET' && (mm = route.match(/^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]+)\/pulls$/))) {
      const [, owner, repo, sha] = mm as [string, string, string, string];
      const pulls = state.commitPulls.get(`${repoKey(owner, repo)}@${sha}`) ?? [];
      send(
        res,
        200,
        pulls.map((p) => ({
          number: p.number,
          state: p.state,
          html_url: `${serverUrl}/${owner}/${repo}/pull/${p.number}`,
          head: { sha: p.headSha, ref: 'feature' },
          base: { ref: 'main' },
        })),
      );
      return 200;
    }

    if (rec.method === 'GET' && (mm = route.match(/^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/))) {
      const [, owner, repo, n] = mm as [string, string, string, string];
      const files = state.pullFiles.get(pullKey(owner, repo, Number(n)));
      if (!files) throw new HttpError(404, 'Not Found');
      const json = files.slice(0, 3000).map((f) => {
        const sha = createHash('sha1').update(f.filename).digest('hex');
        const additions = f.additions ?? 0;
        const deletions = f.deletions ?? 0;
        return {
          sha,
          filename: f.filename,
          status: f.status,
          additions,
          deletions,
          changes: additions + deletions,
          blob_url: `${serverUrl}/${owner}/${repo}/blob/${sha}/${f.filename}`,
          raw_url: `${serverUrl}/${owner}/${repo}/raw/${sha}/${f.filename}`,
          contents_url: `${base}/repos/${owner}/${repo}/contents/${f.filename}?ref=${sha}`,
          ...(f.patch !== undefined ? { patch: f.patch } : {}),
          ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {}),
        };
      });
      const { slice, link } = paginate(json, q, owner, repo, `pulls/${n}/files`);
      send(res, 200, slice, link ? { link } : {});
      return 200;
    }

    if (rec.method === 'GET' && (mm = route.match(/^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/))) {
      const [, owner, repo, runId] = mm as [string, string, string, string];
      const all = state.artifacts
        .filter(
          (a) =>
            repoKey(a.owner, a.repo) === repoKey(owner, repo) &&
            a.runId === Number(runId) &&
            (q['name'] === undefined || a.name === q['name']),
        )
        .sort((a, b) => b.id - a.id);
      const { slice, link } = paginate(all, q, owner, repo, `actions/runs/${runId}/artifacts`);
      send(res, 200, { total_count: all.length, artifacts: slice.map(artifactJson) }, link ? { link } : {});
      return 200;
    }

    if (rec.method === 'GET' && (mm = route.match(/^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)(\/zip)?$/))) {
      const [, owner, repo, id, zip] = mm as [string, string, string, string, string | undefined];
      const a = state.artifacts.find((x) => x.id === Number(id) && repoKey(x.owner, x.repo) === repoKey(owner, repo));
      if (!a) throw new HttpError(404, 'Not Found');
      if (!zip) {
        send(res, 200, artifactJson(a));
        return 200;
      }
      if (a.expired) throw new HttpError(410, 'Artifact has expired');
      const sig = randomBytes(12).toString('base64url');
      blobSigs.set(a.id, sig);
      const location = `${base}/_blobs/artifacts/${a.id}.zip?sv=2025-01-05&se=${encodeURIComponent(
        new Date(Date.now() + 60_000).toISOString(),
      )}&sr=b&sp=r&sig=${sig}`;
      res.writeHead(302, { location, 'content-length': '0', 'x-github-request-id': randomBytes(8).toString('hex') });
      res.end();
      return 302;
    }

    throw new HttpError(404, 'Not Found');
  }

  function handleBlob(url: URL, res: http.ServerResponse): number {
    const m = url.pathname.match(/^\/_blobs\/artifacts\/(\d+)\.zip$/);
    const a = m ? state.artifacts.find((x) => x.id === Number(m[1])) : undefined;
    if (!a) {
      res.writeHead(404, { 'content-type': 'application/xml', 'x-ms-error-code': 'BlobNotFound' });
      res.end(
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>',
      );
      return 404;
    }
    if (url.searchParams.get('sig') !== blobSigs.get(a.id)) {
      res.writeHead(403, { 'content-type': 'application/xml', 'x-ms-error-code': 'AuthenticationFailed' });
      res.end(
        '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message></Error>',
      );
      return 403;
    }
    res.writeHead(200, {
      'content-type': 'application/zip',
      'content-length': String(a.zip.length),
      'content-disposition': `attachment; filename=${a.name}.zip; filename*=UTF-8''${encodeURIComponent(a.name)}.zip`,
      'x-ms-blob-type': 'BlockBlob',
    });
    res.end(a.zip);
    return 200;
  }

  const server = await listenLoopback(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      url: req.url ?? '/',
      route: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: raw.toString('utf8'),
      token: null,
      status: 0,
    };
    state.requests.push(rec);
    if (url.pathname.startsWith('/_blobs/')) {
      rec.status = handleBlob(url, res);
      return;
    }
    try {
      rec.route = canonicalRoute(url.pathname);
      rec.status = await handleApi(rec, res);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      rec.status = err.status;
      send(res, err.status, {
        message: err.message,
        documentation_url: err.documentationUrl,
        status: String(err.status),
      });
    }
  });
  base = server.url;

  const api: GitHubApiFake = {
    url: server.url,
    serverUrl,
    state,
    close: () => server.close(),
    addComment({ owner, repo, issueNumber, body, user }) {
      repoId(owner, repo);
      const at = now();
      const c: FakeComment = {
        id: state.nextId++,
        owner,
        repo,
        issueNumber,
        body,
        user: user ?? { login: 'octocat', id: 583231, type: 'User' },
        createdAt: at,
        updatedAt: at,
      };
      state.comments.push(c);
      return c;
    },
    seedComments({ owner, repo, issueNumber, count, body }) {
      for (let i = 0; i < count; i++) {
        const user: FakeUser =
          i % 3 === 0
            ? { login: 'some-other-bot[bot]', id: 900_001, type: 'Bot' }
            : { login: `reviewer${i % 7}`, id: 10_000 + (i % 7), type: 'User' };
        api.addComment({ owner, repo, issueNumber, body: body ? body(i) : `comment ${i}`, user });
      }
    },
    commentsOn(owner, repo, issueNumber) {
      return state.comments
        .filter((c) => repoKey(c.owner, c.repo) === repoKey(owner, repo) && c.issueNumber === issueNumber)
        .sort((a, b) => a.id - b.id);
    },
    setPullFiles(owner, repo, pullNumber, files) {
      repoId(owner, repo);
      state.pullFiles.set(pullKey(owner, repo, pullNumber), files);
    },
    addArtifact({ owner, repo, runId, name, zip, id }) {
      repoId(owner, repo);
      const a: FakeArtifact = {
        id: id ?? state.nextId++,
        owner,
        repo,
        runId,
        name,
        zip,
        createdAt: now(),
        expired: false,
      };
      state.artifacts.push(a);
      return a;
    },
    failNext(method, path, status, times = 1, message) {
      state.faults.push({
        method: method.toUpperCase(),
        path,
        status,
        times,
        ...(message !== undefined ? { message } : {}),
      });
    },
    fault(f) {
      state.faults.push({ ...f, method: f.method.toUpperCase(), times: f.times ?? 1 });
    },
    setCommitPulls(owner, repo, sha, pulls) {
      repoId(owner, repo);
      state.commitPulls.set(`${repoKey(owner, repo)}@${sha}`, pulls);
      for (const p of pulls) state.pulls.set(`${repoKey(owner, repo)}#${p.number}`, p);
    },
    setPull(owner, repo, pull) {
      repoId(owner, repo);
      state.pulls.set(`${repoKey(owner, repo)}#${pull.number}`, pull);
    },
    requestsTo(method, path) {
      return state.requests.filter((r) => r.method === method.toUpperCase() && path.test(r.route));
    },
  };
  return api;
}
