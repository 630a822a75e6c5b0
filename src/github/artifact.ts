/**
 * The report directory as a workflow artifact, and back (the fork-safe workflow_run pattern:
 * the pull request's run uploads, a trusted run downloads and comments).
 *
 * Environment @actions/artifact reads (set by the runner; the e2e test sets them for its fakes):
 *   upload:   ACTIONS_RUNTIME_TOKEN (a JWT whose `scp` claim holds
 *             "Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>"),
 *             ACTIONS_RESULTS_URL (only its origin is used), read at each call;
 *             GITHUB_SERVER_URL must be github.com, *.ghe.com or *.localhost: any other host is
 *             taken for GitHub Enterprise Server, where the client refuses to work.
 *   download: the token passed in, and GITHUB_API_URL, which @actions/github reads ONCE, when
 *             it is first imported: it must be set before this module is loaded.
 */
import { DefaultArtifactClient } from '@actions/artifact';
import { randomInt } from 'node:crypto';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Where a run's artifacts live: the parts of an artifact's address but its id. */
export interface ArtifactLocation {
  serverUrl: string;
  owner: string;
  repo: string;
  runId: string;
}

export interface UploadReportArtifactOptions extends ArtifactLocation {
  name: string;
  reportDir: string;
}

/** Characters artifact names may not hold (the client rejects them: NTFS limits). */
const INVALID_NAME_CHARS = /[":<>|*?\r\n\\/]/g;

/**
 * The name as an artifact may carry it: each character the artifact service refuses becomes
 * "-" (a comment key such as "ci.yml/migrations/pg16" gives "ci.yml-migrations-pg16").
 * Upload and download both apply it, so they agree.
 */
export function artifactName(name: string): string {
  const safe = name.trim().replace(INVALID_NAME_CHARS, '-');
  if (safe === '') throw new Error('The artifact name is empty');
  return safe;
}

/** Every regular file under dir, as absolute paths in a stable order; symbolic links are left out. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

export function artifactUrl(o: ArtifactLocation & { id: number }): string {
  return `${o.serverUrl.replace(/\/+$/, '')}/${o.owner}/${o.repo}/actions/runs/${o.runId}/artifacts/${o.id}`;
}

/**
 * An address of an artifact's form, to render before the upload tells the real one: its id has
 * 16 digits, as many as any id a JavaScript number holds exactly, so it is no shorter than the
 * real address; random, so no text of a report holds it by chance.
 */
export function artifactUrlStandIn(where: ArtifactLocation): string {
  return artifactUrl({ ...where, id: 1e15 + randomInt(2 ** 48 - 1) });
}

/**
 * Uploads every file under the report directory (report.json, comment.md, summary.md,
 * logs/**), with paths relative to it, as one zipped artifact.
 */
export async function uploadReportArtifact(
  opts: UploadReportArtifactOptions,
): Promise<{ id: number; size: number; url: string }> {
  const root = path.resolve(opts.reportDir);
  const stat = await lstat(root).catch((e: unknown) => {
    throw new Error(`${opts.reportDir}: cannot read the report directory: ${(e as Error).message}`, { cause: e });
  });
  if (!stat.isDirectory()) throw new Error(`${opts.reportDir}: not a directory`);
  const files = await filesUnder(root);
  if (files.length === 0) throw new Error(`${opts.reportDir}: the report directory holds no files to upload`);

  const client = new DefaultArtifactClient();
  const result = await client.uploadArtifact(artifactName(opts.name), files, root);
  if (result.id === undefined) {
    throw new Error(`The artifact service gave no id for the uploaded artifact ${artifactName(opts.name)}`);
  }
  return { id: result.id, size: result.size ?? 0, url: artifactUrl({ ...opts, id: result.id }) };
}

/** How @actions/artifact finds another run's artifacts. */
function findByRun(opts: { token: string; runId: number; owner: string; repo: string }) {
  return { token: opts.token, workflowRunId: opts.runId, repositoryOwner: opts.owner, repositoryName: opts.repo };
}

/** The prefix of every report artifact's default name (see reportArtifactName). */
export const REPORT_ARTIFACT_PREFIX = 'migration-test-';

const ATTEMPT_SUFFIX = /-attempt-(\d+)$/;

/**
 * The artifact name a job uploads under: the input, else the prefix and the job's
 * distinguisher (matrix values, label, or engine and version; see github/context.ts), with
 * "-attempt-N" for a re-run attempt (a run keeps its first attempt's artifacts, and names may
 * not collide). Comment mode finds the artifacts again by the same names.
 */
export function reportArtifactName(input: string | null, distinguisher: string, attempt: string | null): string {
  const base = input ?? `${REPORT_ARTIFACT_PREFIX}${distinguisher || 'main'}`;
  return artifactName(attempt && attempt !== '1' ? `${base}-attempt-${attempt}` : base);
}

export interface FoundArtifact {
  id: number;
  name: string;
}

/**
 * The report artifacts of a run: those named `name` (or `name-attempt-N`), else all whose names
 * start with the prefix; of a job re-run in a later attempt, only the latest attempt's.
 */
/** An artifact-pattern (`*` any characters) as a whole-name test. */
export function artifactPatternTest(pattern: string): (name: string) => boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}

export async function listReportArtifacts(opts: {
  name: string | null;
  /** Without a name: the artifacts matching this pattern (default: the migration-test-* prefix). */
  pattern?: string | null;
  runId: number;
  token: string;
  owner: string;
  repo: string;
}): Promise<FoundArtifact[]> {
  const client = new DefaultArtifactClient();
  const findBy = findByRun(opts);
  const { artifacts } = await client.listArtifacts({ findBy });
  const wanted = opts.name === null ? null : artifactName(opts.name);
  const matches = opts.pattern
    ? artifactPatternTest(opts.pattern)
    : (n: string) => n.startsWith(REPORT_ARTIFACT_PREFIX);
  const latest = new Map<string, { attempt: number; found: FoundArtifact }>();
  for (const a of artifacts) {
    const base = a.name.replace(ATTEMPT_SUFFIX, '');
    const attempt = Number(a.name.match(ATTEMPT_SUFFIX)?.[1] ?? 1);
    if (wanted === null ? !matches(base) : base !== wanted) continue;
    const seen = latest.get(base);
    if (!seen || attempt > seen.attempt || (attempt === seen.attempt && a.id > seen.found.id))
      latest.set(base, { attempt, found: { id: a.id, name: a.name } });
  }
  return [...latest.values()].map((v) => v.found).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Downloads one artifact of another run by id into dest (the token needs `actions: read`). */
export async function downloadArtifactById(opts: {
  id: number;
  runId: number;
  token: string;
  owner: string;
  repo: string;
  dest: string;
}): Promise<string> {
  const client = new DefaultArtifactClient();
  const findBy = findByRun(opts);
  const result = await client.downloadArtifact(opts.id, { path: opts.dest, findBy });
  return result.downloadPath ?? opts.dest;
}
