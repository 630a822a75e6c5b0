/**
 * What the run knows about where it runs: repository, run, and the pull request it is for.
 * Pure apart from reading the event payload file: the environment is passed in.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface PullRequestContext {
  number: number;
  baseSha: string | null;
  headSha: string | null;
  baseRef: string | null;
  labels: string[];
  /** The head branch lives in another repository: the GITHUB_TOKEN is read-only (pull_request). */
  fromFork: boolean;
}

export interface RunContext {
  eventName: string;
  owner: string;
  repo: string;
  serverUrl: string;
  apiUrl: string;
  runId: string | null;
  runAttempt: string | null;
  runUrl: string | null;
  workflow: string | null;
  job: string | null;
  pullRequest: PullRequestContext | null;
  /** The run that triggered a workflow_run event: the tested run, for a publisher (mode: comment). */
  triggeringRun: TriggeringRun | null;
}

export interface TriggeringRun {
  id: string;
  attempt: string | null;
  headSha: string | null;
}

type Env = Record<string, string | undefined>;

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

const RepoSchema = z.object({ full_name: z.string().min(1) });

const PullRequestPayloadSchema = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    base: z.object({
      sha: z.string().nullish(),
      ref: z.string().nullish(),
      repo: RepoSchema.nullish(),
    }),
    head: z.object({
      sha: z.string().nullish(),
      // null when the fork has been deleted since the pull request was opened
      repo: RepoSchema.nullable(),
    }),
    labels: z.array(z.object({ name: z.string() })).nullish(),
  }),
});

const WorkflowRunPayloadSchema = z.object({
  workflow_run: z.object({
    id: z.number().int().positive().nullish(),
    run_attempt: z.number().int().positive().nullish(),
    head_sha: z.string().nullish(),
    head_repository: RepoSchema.nullish(),
    repository: RepoSchema.nullish(),
    // empty for pull requests from forks
    pull_requests: z
      .array(
        z.object({
          number: z.number().int().positive(),
          base: z.object({ sha: z.string().nullish(), ref: z.string().nullish() }).nullish(),
          head: z.object({ sha: z.string().nullish() }).nullish(),
        }),
      )
      .nullish(),
  }),
});

function nonEmpty(v: string | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : `${out}${out ? '.' : ''}${String(s)}`),
    '',
  );
}

async function readPayload(env: Env, eventName: string): Promise<{ file: string; json: unknown }> {
  const file = nonEmpty(env['GITHUB_EVENT_PATH']);
  if (file === null) {
    throw new Error(
      `GITHUB_EVENT_PATH is not set: the ${eventName} event's payload is needed to find the pull request`,
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`GITHUB_EVENT_PATH (${file}): cannot read the event payload: ${(e as Error).message}`, {
      cause: e,
    });
  }
  try {
    return { file, json: JSON.parse(text) as unknown };
  } catch (e) {
    throw new Error(`GITHUB_EVENT_PATH (${file}): the event payload is not valid JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

function parsePayload<T>(schema: z.ZodType<T>, payload: { file: string; json: unknown }, eventName: string): T {
  const parsed = schema.safeParse(payload.json);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? fieldPath(first.path) : '(top level)';
  throw new Error(
    `GITHUB_EVENT_PATH (${payload.file}): not a ${eventName} event payload: ${where}: ${first?.message ?? 'invalid'}`,
  );
}

function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function fromPullRequestPayload(p: z.output<typeof PullRequestPayloadSchema>, repository: string): PullRequestContext {
  const pr = p.pull_request;
  const baseRepo = pr.base.repo?.full_name ?? repository;
  return {
    number: pr.number,
    baseSha: pr.base.sha ?? null,
    headSha: pr.head.sha ?? null,
    baseRef: pr.base.ref ?? null,
    labels: (pr.labels ?? []).map((l) => l.name),
    fromFork: pr.head.repo === null || !sameRepo(pr.head.repo.full_name, baseRepo),
  };
}

function fromWorkflowRunPayload(
  p: z.output<typeof WorkflowRunPayloadSchema>,
  repository: string,
  prNumberInput: number | null,
): PullRequestContext | null {
  const run = p.workflow_run;
  const prs = run.pull_requests ?? [];
  const pr = prNumberInput === null ? prs[0] : prs.find((x) => x.number === prNumberInput);
  const number = prNumberInput ?? pr?.number;
  if (number === undefined) return null;
  const baseRepo = run.repository?.full_name ?? repository;
  return {
    number,
    baseSha: pr?.base?.sha ?? null,
    headSha: pr?.head?.sha ?? run.head_sha ?? null,
    baseRef: pr?.base?.ref ?? null,
    labels: [],
    fromFork: run.head_repository != null && !sameRepo(run.head_repository.full_name, baseRepo),
  };
}

/** A pull request known only by the number given as an input: nothing else is known of it. */
function fromNumber(number: number): PullRequestContext {
  return { number, baseSha: null, headSha: null, baseRef: null, labels: [], fromFork: false };
}

/**
 * pull_request and pull_request_target take the pull request from the payload (an input
 * number is then ignored); workflow_run takes the input number, else the run's first pull
 * request (GitHub lists none for forks); any other event (workflow_dispatch, push, ...) the
 * input number when given, with labels and commits unknown; else there is none.
 */
export async function readRunContext(env: Env, prNumberInput: number | null): Promise<RunContext> {
  if (prNumberInput !== null && (!Number.isInteger(prNumberInput) || prNumberInput <= 0)) {
    throw new Error(`pr-number: expected a positive whole number, got ${prNumberInput}`);
  }
  const repository = nonEmpty(env['GITHUB_REPOSITORY']);
  const match = repository?.match(/^([^/\s]+)\/([^/\s]+)$/);
  if (!repository || !match) {
    throw new Error(
      repository ? `GITHUB_REPOSITORY: expected "owner/repo", got "${repository}"` : 'GITHUB_REPOSITORY is not set',
    );
  }
  const owner = match[1]!;
  const repo = match[2]!;
  const eventName = nonEmpty(env['GITHUB_EVENT_NAME']) ?? '';
  const serverUrl = (nonEmpty(env['GITHUB_SERVER_URL']) ?? 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (nonEmpty(env['GITHUB_API_URL']) ?? 'https://api.github.com').replace(/\/+$/, '');
  const runId = nonEmpty(env['GITHUB_RUN_ID']);

  let pullRequest: PullRequestContext | null = null;
  let triggeringRun: TriggeringRun | null = null;
  if (PULL_REQUEST_EVENTS.has(eventName)) {
    const payload = await readPayload(env, eventName);
    pullRequest = fromPullRequestPayload(parsePayload(PullRequestPayloadSchema, payload, eventName), repository);
  } else if (eventName === 'workflow_run') {
    const payload = parsePayload(WorkflowRunPayloadSchema, await readPayload(env, eventName), eventName);
    pullRequest = fromWorkflowRunPayload(payload, repository, prNumberInput);
    const run = payload.workflow_run;
    if (run.id)
      triggeringRun = {
        id: String(run.id),
        attempt: run.run_attempt ? String(run.run_attempt) : null,
        headSha: run.head_sha ?? null,
      };
  } else if (prNumberInput !== null) {
    pullRequest = fromNumber(prNumberInput);
  }

  return {
    eventName,
    owner,
    repo,
    serverUrl,
    apiUrl,
    runId,
    runAttempt: nonEmpty(env['GITHUB_RUN_ATTEMPT']),
    runUrl: runId === null ? null : `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
    workflow: nonEmpty(env['GITHUB_WORKFLOW']),
    job: nonEmpty(env['GITHUB_JOB']),
    pullRequest,
    triggeringRun,
  };
}

const MATRIX_PART_MAX = 60;

/** A matrix value as text: scalars as they are, objects and arrays as their values joined by "-". */
function matrixValueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const values = Array.isArray(v) ? v : sortedEntries(v as Record<string, unknown>).map(([, x]) => x);
  return values
    .map(matrixValueText)
    .filter((s) => s !== '')
    .join('-');
}

/** JSON with object keys sorted, so that the same matrix always hashes alike. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${sortedEntries(v as Record<string, unknown>)
      .map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function sortedEntries(o: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The matrix values, in key order, joined by "-"; long ones shortened with a hash of the whole. */
function matrixPart(matrixJson: string | null): string {
  const raw = matrixJson?.trim() ?? '';
  if (raw === '' || raw === 'null' || raw === '{}') return '';
  let text: string;
  let canonical: string;
  try {
    const parsed = JSON.parse(raw) as unknown;
    text = matrixValueText(parsed);
    canonical = canonicalJson(parsed);
  } catch {
    // Not JSON: a value given by hand, used as it is.
    text = raw;
    canonical = raw;
  }
  text = text.replace(/\s+/g, ' ').replace(/\//g, '-');
  if (text.length <= MATRIX_PART_MAX) return text;
  const hash = createHash('sha256').update(canonical).digest('hex').slice(0, 8);
  return `${text.slice(0, MATRIX_PART_MAX - 9)}~${hash}`;
}

/**
 * workflow / job / matrix values, e.g. "ci.yml/migrations/pg16" or "CI/migrations/postgres-16".
 * GITHUB_WORKFLOW is the workflow's name, or its file's path when it has no name (then the
 * file name is used). Stable across runs and attempts of the same job, and distinct between
 * the jobs of a matrix.
 */
export function defaultCommentKey(ctx: RunContext, matrixJson: string | null): string {
  return commentKeyFor(ctx, matrixPart(matrixJson));
}

/** What tells this job apart from the other jobs of its workflow's matrix, if anything does. */
export interface JobDistinction {
  /** The `matrix` input (toJSON(matrix)), or null. */
  matrix: string | null;
  label: string;
  /** The database tested, once known (null before connecting). */
  database: { engine: string; serverVersion: string } | null;
}

/**
 * One name for the job, from which both its comment key and its artifact name are made: the
 * matrix values when given, else a label other than "main", else the database's engine and
 * version (jobs of a matrix that pass neither differ in their database), else "".
 */
export function jobDistinguisher(d: JobDistinction): string {
  const matrix = matrixPart(d.matrix);
  if (matrix) return matrix;
  if (d.label && d.label !== 'main') return matrixPart(JSON.stringify(d.label));
  if (d.database) return matrixPart(JSON.stringify(`${d.database.engine}-${majorVersion(d.database)}`));
  return '';
}

/** PostgreSQL's major version is its first number (16); MySQL's and MariaDB's the first two (8.0, 11.4). */
function majorVersion(db: { engine: string; serverVersion: string }): string {
  const m = db.serverVersion.match(db.engine === 'postgres' ? /\d+/ : /\d+(?:\.\d+)?/);
  return m ? m[0] : 'unknown';
}

/** The workflow, the job and the job's distinguisher, e.g. "CI/migrations/postgres-16". */
export function commentKeyFor(ctx: Pick<RunContext, 'workflow' | 'job'>, distinguisher: string): string {
  const workflow =
    ctx.workflow === null
      ? ''
      : ctx.workflow.startsWith('.github/workflows/')
        ? path.posix.basename(ctx.workflow)
        : ctx.workflow;
  const parts = [workflow.replace(/\s+/g, ' ').trim(), ctx.job?.trim() ?? '', distinguisher].filter((p) => p !== '');
  return parts.length > 0 ? parts.join('/') : 'migration-test';
}

/** The commit a run tested, linked on the repository's server; null when unknown. */
export function commitRef(ctx: RunContext, sha: string | null): { sha: string; url: string } | null {
  return sha ? { sha, url: `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/commit/${sha}` } : null;
}
