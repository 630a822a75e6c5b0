/**
 * The directory that the paths in reports, logs, the console and annotations are relative to:
 * the repository holding the migrations, so that a path reads the same from wherever the tool
 * was started and GitHub can place an annotation on the pull request's diff.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Whether `inner` is `outer` or lies below it (both absolute). */
export function isWithin(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** Where reported paths start, and whether that is a repository's root or the directory itself. */
export interface PathRoot {
  root: string;
  inRepository: boolean;
}

/**
 * The root of the git working tree holding `dirAbs` (the nearest directory upward with a `.git`
 * entry, a directory or a worktree's file), found lexically as `git rev-parse --show-cdup` is
 * read, so a path through a symbolic link keeps its spelling. Outside any repository:
 * `knownRoot` when it holds the directory (the Actions workspace), else the directory itself.
 * The workspace wins when it holds the directory, even if a nearer `.git` exists (a submodule):
 * GitHub places annotations by paths from the workspace's repository.
 */
export async function pathRoot(dirAbs: string, knownRoot?: string): Promise<PathRoot> {
  if (knownRoot !== undefined && isWithin(path.resolve(knownRoot), dirAbs)) {
    return { root: path.resolve(knownRoot), inRepository: true };
  }
  for (let at = path.resolve(dirAbs); ; at = path.dirname(at)) {
    if (await exists(path.join(at, '.git'))) return { root: at, inRepository: true };
    if (path.dirname(at) === at) break;
  }
  return { root: path.resolve(dirAbs), inRepository: false };
}

/** A path relative to `root`, with forward slashes; "." for the root itself. */
export function rootLabel(root: string, absPath: string): string {
  const rel = path.relative(root, absPath);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}
