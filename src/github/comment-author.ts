/**
 * Whose comments the sticky comment may be. The key's marker is plain text: anyone can quote it,
 * or post a comment that starts with it before the bot's first. Only comments written by the
 * identity behind the token are ours to update or delete.
 *
 * That identity: the author of a comment this process wrote; else, for a personal access token,
 * `GET /user`; an installation token (GITHUB_TOKEN, a GitHub App's) cannot read /user and
 * always writes as a bot account, so then the comments of bot accounts count.
 */
import type { GitHubClient } from './octokit.js';

export interface CommentAuthor {
  login: string | null;
  type: string | null;
}

export type AuthorMatch = (author: CommentAuthor) => boolean;

/** Per token: its login, or null for an installation token (bot accounts). */
const knownLogins = new Map<string, string | null>();

/** Remembers who wrote a comment with this token (from a create or update answer). */
export function rememberAuthor(token: string, author: CommentAuthor | null | undefined): void {
  if (author?.login) knownLogins.set(token, author.login);
}

export async function ourAuthor(octokit: GitHubClient, token: string): Promise<AuthorMatch> {
  if (!knownLogins.has(token)) {
    try {
      knownLogins.set(token, (await octokit.rest.users.getAuthenticated()).data.login);
    } catch {
      knownLogins.set(token, null);
    }
  }
  const login = knownLogins.get(token) ?? null;
  return login === null ? (a) => a.type === 'Bot' : (a) => a.login === login;
}

export function authorOf(user: { login?: string; type?: string } | null | undefined): CommentAuthor {
  return { login: user?.login ?? null, type: user?.type ?? null };
}
