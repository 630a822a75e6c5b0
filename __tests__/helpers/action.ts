/**
 * Starts the action as the runner does: node dist/index.js with INPUT_* and GITHUB_* set,
 * against the loopback fakes of GitHub's API and artifact service; reads back GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactServiceFake } from '../fakes/artifact-service.js';
import type { GitHubApiFake } from '../fakes/github-api.js';
import { tempDir } from './tree.js';

export const ENTRY = path.resolve('dist/index.js');
export const TOKEN = 'ghs_e2eTokenThatMustNeverLeak0123';
export const OWNER = 'acme';
export const REPO = 'shop';

export interface StepResult {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses GITHUB_OUTPUT's heredoc format as the runner does. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out[m[1]!] = m[3]!;
  return out;
}

export interface PullRequestEventOptions {
  number: number;
  labels?: string[];
  headSha?: string;
  baseSha?: string;
  /** The head branch lives in a fork. */
  fork?: boolean;
}

export function pullRequestPayload(o: PullRequestEventOptions): unknown {
  const repo = { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } };
  const head = o.fork ? { full_name: `outsider/${REPO}`, name: REPO, owner: { login: 'outsider' } } : repo;
  return {
    action: 'synchronize',
    number: o.number,
    pull_request: {
      number: o.number,
      labels: (o.labels ?? []).map((name) => ({ name })),
      base: { sha: o.baseSha ?? 'a'.repeat(40), ref: 'main', repo },
      head: { sha: o.headSha ?? 'b'.repeat(40), ref: 'feature', repo: head },
    },
    repository: repo,
  };
}

export interface ActionStart {
  gh: GitHubApiFake;
  svc: ArtifactServiceFake;
  workspace: string;
  inputs: Record<string, string>;
  event: { name: string; payload: unknown };
  runId?: string;
  attempt?: number;
  workflow?: string;
  env?: Record<string, string>;
}

export interface StartedAction {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  done: Promise<StepResult>;
}

export async function startAction(o: ActionStart): Promise<StartedAction> {
  const dir = await tempDir('mt-runner-');
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  const eventFile = path.join(dir, 'event.json');
  await fs.writeFile(outputFile, '');
  await fs.writeFile(summaryFile, '');
  await fs.writeFile(eventFile, JSON.stringify(o.event.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: o.event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: o.gh.url,
    GITHUB_RUN_ID: o.runId ?? '4242',
    GITHUB_RUN_ATTEMPT: String(o.attempt ?? 1),
    GITHUB_WORKFLOW: o.workflow ?? 'database migrations',
    GITHUB_JOB: 'migrations',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    MIGRATION_TEST_GITHUB_RETRY_DELAY_MS: '10',
    ...o.svc.env(),
    'INPUT_GITHUB-TOKEN': TOKEN,
    INPUT_COMMENT: 'true',
    'INPUT_UPLOAD-ARTIFACT': 'true',
    'INPUT_CONNECT-TIMEOUT': '10',
    'INPUT_FAIL-ON': 'error',
    INPUT_MODE: 'run',
    INPUT_ROLLBACK: 'batch',
    ...o.env,
  };
  for (const [k, v] of Object.entries(o.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [ENTRY], { cwd: o.workspace, env });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', resolve)).then(async (code) => ({
    code,
    stdout,
    outputs: parseOutputs(await fs.readFile(outputFile, 'utf8')),
    summary: await fs.readFile(summaryFile, 'utf8'),
  }));
  return { child, output: () => stdout, done };
}

export async function runAction(o: ActionStart): Promise<StepResult> {
  return (await startAction(o)).done;
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
