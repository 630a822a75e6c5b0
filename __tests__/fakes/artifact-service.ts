/**
 * A loopback fake of the Actions results service that @actions/artifact (v2 and later) talks
 * to, and of the Azure blob storage its signed URLs point at.
 *
 *   const svc = await startArtifactServiceFake();
 *   Object.assign(process.env, svc.env());   // or pass svc.env() to a child process
 *
 * Environment the client needs (read at each call, not cached at load):
 *   ACTIONS_RUNTIME_TOKEN  a JWT (signature not checked) whose `scp` claim holds
 *                          "Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>";
 *                          svc.env() makes one (runtimeToken() makes others)
 *   ACTIONS_RESULTS_URL    the fake's URL (the client keeps only the origin)
 *   GITHUB_SERVER_URL      unset, https://github.com, *.ghe.com or *.localhost: the client takes
 *                          any other host (a loopback URL too) for GHES and refuses to work
 *   (download through findBy goes to the REST API instead: see github-api.ts)
 *
 * Twirp, JSON flavour, at POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>:
 * CreateArtifact, FinalizeArtifact, ListArtifacts, GetSignedArtifactURL, DeleteArtifact.
 * Field names are the proto names (snake_case); int64 values travel as strings. Errors are
 * Twirp errors: {code, msg} with the matching HTTP status.
 *
 * Blob storage at /blob/<account>/<container>/<blob>?sv=..&sig=..:
 *   PUT ?comp=block&blockid=<base64>   stage a block (201)
 *   PUT ?comp=blocklist                commit <BlockList><Latest>id</Latest>...</BlockList> (201)
 *   PUT (x-ms-blob-type: BlockBlob)    upload in one go (201)
 *   GET                                the blob (200)
 * The client (BlockBlobClient.uploadStream) always stages blocks of 8 MiB and commits them,
 * however small the artifact.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { headerText, listenLoopback, readBody } from './github-api.js';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';

export interface StoredArtifact {
  id: number;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  name: string;
  mimeType: string | null;
  version: number | null;
  expiresAt: string | null;
  createdAt: string;
  /** the blob's path on this server */
  blobPath: string;
  finalized: boolean;
  /** size and hash as the client reported them in FinalizeArtifact */
  reportedSize: number | null;
  reportedHash: string | null;
}

export interface StoredBlob {
  content: Buffer | null;
  contentType: string | null;
  uncommitted: Map<string, Buffer>;
  sig: string;
}

export interface TwirpCall {
  method: string;
  request: Record<string, unknown>;
  status: number;
}

export interface BlobCall {
  method: string;
  comp: string | null;
  path: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
}

export interface ArtifactServiceFakeState {
  artifacts: StoredArtifact[];
  blobs: Map<string, StoredBlob>;
  twirpCalls: TwirpCall[];
  blobCalls: BlobCall[];
  nextId: number;
}

export interface ArtifactServiceFake {
  url: string;
  state: ArtifactServiceFakeState;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL for this fake. */
  env(): { ACTIONS_RUNTIME_TOKEN: string; ACTIONS_RESULTS_URL: string };
  /** The committed zip of a finalized artifact, by name (the newest of that name). */
  zipOf(name: string): Buffer;
  /** The files in that zip: path inside the artifact -> contents. */
  filesOf(name: string): Map<string, Buffer>;
  close(): Promise<void>;
}

/** An unsigned JWT like the runner's ACTIONS_RUNTIME_TOKEN (the client only decodes it). */
export function runtimeToken(workflowRunBackendId: string, workflowJobRunBackendId: string): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return [
    part({ typ: 'JWT', alg: 'RS256', x5t: 'fake' }),
    part({
      scp: `Actions.ExampleScope Actions.Results:${workflowRunBackendId}:${workflowJobRunBackendId}`,
      iat: now,
      exp: now + 6 * 3600,
      iss: 'vstoken.actions.githubusercontent.com',
    }),
    'c2lnbmF0dXJl',
  ].join('.');
}

function scopeOf(token: string): { run: string; job: string } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { scp?: unknown };
    if (typeof claims.scp !== 'string') return null;
    for (const scope of claims.scp.split(' ')) {
      const parts = scope.split(':');
      if (parts[0] === 'Actions.Results' && parts.length === 3) return { run: parts[1]!, job: parts[2]! };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * The files of a zip archive, read through its central directory (archiver writes data
 * descriptors, so the local headers carry no sizes). Stored and deflated entries; no zip64.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (name.endsWith('/')) continue;
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : null;
    if (data === null) throw new Error(`zip: ${name}: compression method ${method} not supported`);
    if (data.length !== size) throw new Error(`zip: ${name}: ${data.length} bytes, the directory says ${size}`);
    files.set(name, data);
  }
  return files;
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg);
  }
}

function str(req: Record<string, unknown>, field: string): string {
  const v = req[field];
  if (typeof v !== 'string' || v === '') throw new TwirpError(400, 'invalid_argument', `${field} is required`);
  return v;
}

function isoNow(): string {
  return new Date().toISOString();
}

function azureError(res: http.ServerResponse, status: number, code: string, message: string): number {
  res.writeHead(status, {
    'content-type': 'application/xml',
    'x-ms-error-code': code,
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2025-01-05',
  });
  res.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  return status;
}

export async function startArtifactServiceFake(
  options: { workflowRunBackendId?: string; workflowJobRunBackendId?: string } = {},
): Promise<ArtifactServiceFake> {
  const workflowRunBackendId = options.workflowRunBackendId ?? randomUUID();
  const workflowJobRunBackendId = options.workflowJobRunBackendId ?? randomUUID();
  const state: ArtifactServiceFakeState = {
    artifacts: [],
    blobs: new Map(),
    twirpCalls: [],
    blobCalls: [],
    nextId: 4_100_000_001,
  };
  let base = '';

  function signedUrl(blobPath: string, permissions: string): string {
    const blob = state.blobs.get(blobPath);
    if (!blob) throw new Error(`no blob at ${blobPath}`);
    const se = new Date(Date.now() + 3600_000).toISOString();
    return `${base}${blobPath}?sv=2025-01-05&se=${encodeURIComponent(se)}&sr=b&sp=${permissions}&sig=${encodeURIComponent(blob.sig)}`;
  }

  function monolith(a: StoredArtifact): Record<string, unknown> {
    const blob = state.blobs.get(a.blobPath);
    return {
      workflow_run_backend_id: a.workflowRunBackendId,
      workflow_job_run_backend_id: a.workflowJobRunBackendId,
      database_id: String(a.id),
      name: a.name,
      size: String(blob?.content?.length ?? 0),
      created_at: a.createdAt,
      ...(a.reportedHash ? { digest: a.reportedHash } : {}),
    };
  }

  function twirp(method: string, req: Record<string, unknown>, scope: { run: string; job: string }): unknown {
    const run = str(req, 'workflow_run_backend_id');
    const job = str(req, 'workflow_job_run_backend_id');
    if (run !== scope.run || job !== scope.job) {
      throw new TwirpError(403, 'permission_denied', 'the backend ids do not match the token');
    }
    const ofRun = state.artifacts.filter((a) => a.workflowRunBackendId === run);
    switch (method) {
      case 'CreateArtifact': {
        const name = str(req, 'name');
        if (ofRun.some((a) => a.name === name && a.finalized)) {
          throw new TwirpError(409, 'already_exists', `an artifact with this name already exists on the workflow run`);
        }
        // An unfinished upload of the same name is replaced, as a retried job would need.
        state.artifacts = state.artifacts.filter((a) => !(a.workflowRunBackendId === run && a.name === name));
        const blobPath = `/blob/fakeresultsaccount/actions-results/${run}/workflow-job-run-${job}/artifacts/${createHash(
          'sha256',
        )
          .update(`${run}/${name}/${randomUUID()}`)
          .digest('hex')}.zip`;
        state.blobs.set(blobPath, {
          content: null,
          contentType: null,
          uncommitted: new Map(),
          sig: randomBytes(16).toString('base64'),
        });
        const expires = req['expires_at'];
        const mime = req['mime_type'];
        state.artifacts.push({
          id: state.nextId++,
          workflowRunBackendId: run,
          workflowJobRunBackendId: job,
          name,
          mimeType: typeof mime === 'string' ? mime : null,
          version: typeof req['version'] === 'number' ? req['version'] : null,
          expiresAt: typeof expires === 'string' ? expires : null,
          createdAt: isoNow(),
          blobPath,
          finalized: false,
          reportedSize: null,
          reportedHash: null,
        });
        return { ok: true, signed_upload_url: signedUrl(blobPath, 'cw') };
      }
      case 'FinalizeArtifact': {
        const name = str(req, 'name');
        const a = ofRun.find((x) => x.name === name && !x.finalized);
        if (!a) throw new TwirpError(404, 'not_found', `no artifact named ${name} is being uploaded`);
        const blob = state.blobs.get(a.blobPath);
        if (!blob?.content) throw new TwirpError(400, 'failed_precondition', 'the artifact has no committed content');
        const size = Number(req['size'] ?? 0);
        if (size !== blob.content.length) {
          throw new TwirpError(
            400,
            'invalid_argument',
            `size ${size} does not match the uploaded ${blob.content.length} bytes`,
          );
        }
        const hash = typeof req['hash'] === 'string' ? req['hash'] : null;
        const actual = `sha256:${createHash('sha256').update(blob.content).digest('hex')}`;
        if (hash !== null && hash !== actual) {
          throw new TwirpError(400, 'invalid_argument', `hash ${hash} does not match the uploaded content (${actual})`);
        }
        a.finalized = true;
        a.reportedSize = size;
        a.reportedHash = hash;
        return { ok: true, artifact_id: String(a.id) };
      }
      case 'ListArtifacts': {
        const nameFilter = typeof req['name_filter'] === 'string' ? req['name_filter'] : null;
        const idFilter = typeof req['id_filter'] === 'string' ? req['id_filter'] : null;
        const artifacts = ofRun
          .filter((a) => a.finalized)
          .filter((a) => nameFilter === null || a.name === nameFilter)
          .filter((a) => idFilter === null || String(a.id) === idFilter)
          .map(monolith);
        return { artifacts };
      }
      case 'GetSignedArtifactURL': {
        const name = str(req, 'name');
        const a = ofRun.find((x) => x.name === name && x.finalized);
        if (!a) throw new TwirpError(404, 'not_found', `artifact ${name} not found`);
        return { signed_url: signedUrl(a.blobPath, 'r') };
      }
      case 'DeleteArtifact': {
        const name = str(req, 'name');
        const a = ofRun.find((x) => x.name === name && x.finalized);
        if (!a) throw new TwirpError(404, 'not_found', `artifact ${name} not found`);
        state.artifacts.splice(state.artifacts.indexOf(a), 1);
        state.blobs.delete(a.blobPath);
        return { ok: true, artifact_id: String(a.id) };
      }
      default:
        throw new TwirpError(404, 'bad_route', `no handler for path "/twirp/${SERVICE}/${method}"`);
    }
  }

  async function handleTwirp(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const call: TwirpCall = { method, request: {}, status: 0 };
    state.twirpCalls.push(call);
    const reply = (status: number, body: unknown): void => {
      call.status = status;
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    };
    try {
      if (req.method !== 'POST') throw new TwirpError(404, 'bad_route', `unsupported method ${req.method}`);
      const auth = headerText(req.headers['authorization']);
      const token = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!token) throw new TwirpError(401, 'unauthenticated', 'missing bearer token');
      const scope = scopeOf(token);
      if (!scope) throw new TwirpError(401, 'unauthenticated', 'the token carries no Actions.Results scope');
      if (!/^application\/json/.test(headerText(req.headers['content-type']) ?? '')) {
        throw new TwirpError(404, 'bad_route', 'unexpected Content-Type');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new TwirpError(400, 'malformed', 'the body is not JSON');
      }
      if (typeof parsed !== 'object' || parsed === null)
        throw new TwirpError(400, 'malformed', 'the body is not an object');
      call.request = parsed as Record<string, unknown>;
      reply(200, twirp(method, call.request, scope));
    } catch (err) {
      if (!(err instanceof TwirpError)) throw err;
      reply(err.status, { code: err.code, msg: err.message });
    }
  }

  async function handleBlob(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const body = await readBody(req);
    const comp = url.searchParams.get('comp');
    const call: BlobCall = {
      method: req.method ?? '',
      comp,
      path: url.pathname,
      status: 0,
      headers: req.headers,
      bytes: body.length,
    };
    state.blobCalls.push(call);
    const blob = state.blobs.get(url.pathname);
    if (!blob) {
      call.status = azureError(res, 404, 'ContainerNotFound', 'The specified container does not exist.');
      return;
    }
    if (url.searchParams.get('sig') !== blob.sig) {
      call.status = azureError(res, 403, 'AuthenticationFailed', 'Server failed to authenticate the request.');
      return;
    }
    const common = {
      'x-ms-request-id': headerText(req.headers['x-ms-client-request-id']) ?? randomUUID(),
      'x-ms-client-request-id': headerText(req.headers['x-ms-client-request-id']) ?? '',
      'x-ms-version': headerText(req.headers['x-ms-version']) ?? '2025-01-05',
      date: new Date().toUTCString(),
    };
    const committed = (): void => {
      call.status = 201;
      res.writeHead(201, {
        ...common,
        etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
        'last-modified': new Date().toUTCString(),
        'content-md5': createHash('md5')
          .update(blob.content ?? Buffer.alloc(0))
          .digest('base64'),
        'x-ms-request-server-encrypted': 'true',
        'content-length': '0',
      });
      res.end();
    };
    if (req.method === 'PUT' && comp === 'block') {
      const id = url.searchParams.get('blockid');
      if (!id) {
        call.status = azureError(res, 400, 'InvalidQueryParameterValue', 'blockid is required');
        return;
      }
      const md5 = headerText(req.headers['content-md5']);
      if (md5 && md5 !== createHash('md5').update(body).digest('base64')) {
        call.status = azureError(
          res,
          400,
          'Md5Mismatch',
          'The MD5 value specified in the request did not match the MD5 value calculated by the server.',
        );
        return;
      }
      blob.uncommitted.set(id, body);
      call.status = 201;
      res.writeHead(201, { ...common, 'x-ms-request-server-encrypted': 'true', 'content-length': '0' });
      res.end();
      return;
    }
    if (req.method === 'PUT' && comp === 'blocklist') {
      const xml = body.toString('utf8');
      const ids = [...xml.matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((m) => m[2]!);
      const parts: Buffer[] = [];
      for (const id of ids) {
        const part = blob.uncommitted.get(id);
        if (!part) {
          call.status = azureError(
            res,
            400,
            'InvalidBlockList',
            `The specified block list is invalid: unknown block ${id}`,
          );
          return;
        }
        parts.push(part);
      }
      blob.content = Buffer.concat(parts);
      blob.contentType = headerText(req.headers['x-ms-blob-content-type']) ?? 'application/octet-stream';
      blob.uncommitted.clear();
      committed();
      return;
    }
    if (req.method === 'PUT' && comp === null) {
      if (headerText(req.headers['x-ms-blob-type']) !== 'BlockBlob') {
        call.status = azureError(
          res,
          400,
          'MissingRequiredHeader',
          'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type',
        );
        return;
      }
      blob.content = body;
      blob.contentType =
        headerText(req.headers['x-ms-blob-content-type']) ??
        headerText(req.headers['content-type']) ??
        'application/octet-stream';
      committed();
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && comp === null) {
      if (!blob.content) {
        call.status = azureError(res, 404, 'BlobNotFound', 'The specified blob does not exist.');
        return;
      }
      call.status = 200;
      res.writeHead(200, {
        ...common,
        'content-type': blob.contentType ?? 'application/octet-stream',
        'content-length': String(blob.content.length),
        'x-ms-blob-type': 'BlockBlob',
      });
      res.end(req.method === 'HEAD' ? undefined : blob.content);
      return;
    }
    call.status = azureError(
      res,
      400,
      'UnsupportedHttpVerb',
      `${req.method} with comp=${comp} is not supported by the fake`,
    );
  }

  const server = await listenLoopback(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const twirpMatch = url.pathname.match(/^\/twirp\/([^/]+)\/([^/]+)$/);
    if (twirpMatch) {
      if (twirpMatch[1] !== SERVICE) {
        await readBody(req);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'bad_route', msg: `no handler for path "${url.pathname}"` }));
        return;
      }
      await handleTwirp(req, res, twirpMatch[2]!);
      return;
    }
    if (url.pathname.startsWith('/blob/')) {
      await handleBlob(req, res, url);
      return;
    }
    await readBody(req);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  base = server.url;

  function newestFinalized(name: string): StoredArtifact {
    const found = state.artifacts.filter((a) => a.name === name && a.finalized).sort((a, b) => b.id - a.id)[0];
    if (!found) {
      const names = state.artifacts.map((a) => `${a.name}${a.finalized ? '' : ' (unfinished)'}`);
      throw new Error(
        `the artifact service holds no finalized artifact named ${name} (it holds: ${names.join(', ') || 'none'})`,
      );
    }
    return found;
  }

  function zipOf(name: string): Buffer {
    const content = state.blobs.get(newestFinalized(name).blobPath)?.content;
    if (!content) throw new Error(`the artifact ${name} has no content`);
    return content;
  }

  return {
    url: server.url,
    state,
    workflowRunBackendId,
    workflowJobRunBackendId,
    env: () => ({
      ACTIONS_RUNTIME_TOKEN: runtimeToken(workflowRunBackendId, workflowJobRunBackendId),
      ACTIONS_RESULTS_URL: `${server.url}/`,
    }),
    zipOf,
    filesOf: (name) => readZip(zipOf(name)),
    close: () => server.close(),
  };
}
