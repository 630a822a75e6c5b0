/**
 * The files a change touches, from git: the diff between the merge base of HEAD and the base
 * ref, and HEAD (what `git diff BASE...HEAD` shows, and what a pull request shows), so that
 * commits made on the base branch after the branch point do not count as the change's.
 *
 * Runs the `git` binary (runCommand, no shell). Only committed changes count: files that are
 * modified but not committed, or untracked, are not part of the change.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from '../github/exec.js';
import { UsageError, errorMessage } from '../util/errors.js';

export interface FileChanges {
  /** Paths relative to the repository root, forward slashes. */
  added: string[];
  /** Also lists the new path of a file renamed with changes to its content. */
  modified: string[];
  deleted: string[];
  renamed: { from: string; to: string }[];
}

export interface GitChangesOptions {
  /** A directory inside the working tree. */
  cwd: string;
  /** Branch, tag or commit the change is compared with; `origin/<ref>` is tried when `<ref>` is unknown. */
  baseRef: string;
  /** The migrations directory, relative to `cwd` (or absolute); "" or "." for everything. */
  dir: string;
}

/** How a plan made from `changesFromGit` describes itself (MigrationPlan.baseLabel). */
export function gitChangesLabel(baseRef: string): string {
  return `git diff ${baseRef}...HEAD`;
}

/**
 * Changes between the merge base of HEAD and baseRef, and HEAD, restricted to files under
 * `dir` (a rename is kept when either side is under it, so that a moved directory can be
 * told from new files).
 *
 * Errors (UsageError): cwd not in a git repository; no commit yet; unknown ref ("fetch it
 * first (actions/checkout fetch-depth: 0)"); no merge base, which in a shallow clone
 * (fetch-depth: 1, the actions/checkout default) means the branch point was not fetched.
 */
export async function changesFromGit(opts: GitChangesOptions): Promise<FileChanges> {
  const root = await repositoryRoot(opts.cwd);
  const dir = await dirFromRoot(root, opts.cwd, opts.dir);
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.code !== 0) throw new UsageError(`the git repository at ${root} has no commit checked out (HEAD)`);
  const base = await resolveBaseRef(root, opts.baseRef);

  const mergeBase = await git(root, ['merge-base', base, 'HEAD']);
  if (mergeBase.code !== 0 || mergeBase.stdout.trim() === '') {
    const shallow = await git(root, ['rev-parse', '--is-shallow-repository']);
    if (shallow.stdout.trim() === 'true') {
      throw new UsageError(
        `--base-ref ${opts.baseRef}: no merge base with HEAD in ${root}, a shallow clone: the commit where the change branched off was not fetched; fetch the whole history (actions/checkout fetch-depth: 0, or git fetch --unshallow)`,
      );
    }
    const why = firstLine(mergeBase.stderr);
    throw new UsageError(
      `--base-ref ${opts.baseRef}: HEAD and ${opts.baseRef} have no common ancestor in ${root}${why ? ` (${why})` : ''}`,
    );
  }

  const diff = await git(root, [
    '-c',
    'core.quotePath=false',
    'diff',
    '--name-status',
    '-z',
    '-M',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    mergeBase.stdout.trim(),
    'HEAD',
    '--',
  ]);
  if (diff.code !== 0) throw new UsageError(`git diff failed in ${root}: ${firstLine(diff.stderr)}`);
  return restrictChanges(parseNameStatus(diff.stdout), dir);
}

/**
 * The top directory of the working tree holding `cwd`, spelled from `cwd` (through the same
 * symbolic links, if any), so that it maps `cwd`-relative paths the way planMigrations does.
 */
export async function repositoryRoot(cwd: string): Promise<string> {
  const top = await git(cwd, ['rev-parse', '--show-cdup']);
  if (top.code !== 0) {
    const why = firstLine(top.stderr);
    if (/not a git repository/i.test(why)) {
      throw new UsageError(
        `${cwd} is not in a git repository: telling new migrations from the base branch's needs its history (actions/checkout with fetch-depth: 0)`,
      );
    }
    throw new UsageError(`git cannot read the repository at ${cwd}: ${why || `exit code ${top.code}`}`);
  }
  const inside = await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside.stdout.trim() !== 'true') throw new UsageError(`${cwd} is inside a git directory, not a working tree`);
  return path.resolve(cwd, top.stdout.replace(/\n$/, ''));
}

/** Paths under `dir` (repository-relative, "" for all); renames with either side under it. */
export function restrictChanges(changes: FileChanges, dir: string): FileChanges {
  const prefix = normalizeDir(dir);
  const under = (p: string): boolean => prefix === '' || p.startsWith(prefix);
  return {
    added: changes.added.filter(under),
    modified: changes.modified.filter(under),
    deleted: changes.deleted.filter(under),
    renamed: changes.renamed.filter((r) => under(r.from) || under(r.to)),
  };
}

/** "db/migrations/" for "./db/migrations", "" for the whole repository. */
function normalizeDir(dir: string): string {
  const p = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (p === '.' || p === '') return '';
  return `${p.replace(/^\.\//, '')}/`;
}

/** Parses `git diff --name-status -z` output. */
export function parseNameStatus(out: string): FileChanges {
  const changes: FileChanges = { added: [], modified: [], deleted: [], renamed: [] };
  const fields = out.split('\0');
  let i = 0;
  while (i < fields.length) {
    const status = fields[i++] ?? '';
    if (status === '') continue;
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++] ?? '';
      const to = fields[i++] ?? '';
      if (letter === 'C') {
        changes.added.push(to);
      } else {
        changes.renamed.push({ from, to });
        // R100 is a pure rename; a lower score means the content changed too.
        if (status !== 'R100') changes.modified.push(to);
      }
      continue;
    }
    const file = fields[i++] ?? '';
    if (letter === 'A') changes.added.push(file);
    else if (letter === 'D') changes.deleted.push(file);
    else if (letter === 'M' || letter === 'T') changes.modified.push(file);
    // U (unmerged) and X (unknown) do not occur between two commits.
  }
  return changes;
}

/** The migrations directory relative to the repository root, with forward slashes. */
async function dirFromRoot(root: string, cwd: string, dir: string): Promise<string> {
  let rel: string;
  if (path.isAbsolute(dir)) {
    rel = path
      .relative(await realpathOrSelf(root), await realpathOrSelf(dir))
      .split(path.sep)
      .join('/');
  } else {
    // git's own idea of where cwd is, which is right even when cwd goes through a symlink.
    const prefix = await git(cwd, ['rev-parse', '--show-prefix']);
    rel = path.posix.normalize(path.posix.join(prefix.stdout.trim(), dir.replace(/\\/g, '/') || '.'));
  }
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) {
    throw new UsageError(`migrations directory ${dir} is outside the git repository at ${root}`);
  }
  return rel === '.' ? '' : rel;
}

async function realpathOrSelf(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}

async function resolveBaseRef(root: string, baseRef: string): Promise<string> {
  const ref = baseRef.trim();
  const unknown = new UsageError(
    `--base-ref ${baseRef}: not a known commit, branch or tag in ${root}; fetch it first (actions/checkout fetch-depth: 0)`,
  );
  // An option-like ref would be read as an option by git.
  if (ref === '' || ref.startsWith('-')) throw unknown;
  for (const candidate of [ref, `refs/remotes/origin/${ref}`]) {
    const found = await git(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (found.code === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  throw unknown;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  ).replace(/^(fatal|error): /, '');
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function git(cwd: string, args: string[]): Promise<GitResult> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let code: number;
  try {
    const result = await runCommand('git', args, {
      cwd,
      // English messages (for matching), no pager, never a password prompt.
      env: { ...inheritedEnvironment(), LC_ALL: 'C', LANGUAGE: 'C', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' },
      onStdout: (chunk) => stdout.push(chunk),
      onStderr: (chunk) => stderr.push(chunk),
    });
    // A git killed by a signal has no exit code: it failed all the same.
    code = result.exitCode ?? 128;
  } catch (err) {
    // git was not started: the runner looks for the directory and for git before it starts anything.
    const why = (await isDirectory(cwd)) ? errorMessage(err) : 'the directory does not exist';
    throw new UsageError(`cannot run git in ${cwd}: ${why}`);
  }
  // Decoded whole, so that a character split between two chunks stays one character.
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}

function inheritedEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
