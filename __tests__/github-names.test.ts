/**
 * One name per job, for its comment key and its artifact; the stamps that order runs of one
 * key; switches as core.getBooleanInput takes them; the commits-to-pulls lookup.
 */
import { parseActionInputs } from '../src/config/action-inputs.js';
import { reportArtifactName } from '../src/github/artifact.js';
import { compareStamps, parseStamp, stampLine, withNote, withStamp } from '../src/github/comment-stamp.js';
import { commentKeyFor, jobDistinguisher } from '../src/github/context.js';
import { pullRequestsForCommit } from '../src/github/pulls.js';
import { startGitHubApiFake } from './fakes/github-api.js';

const ctx = { workflow: 'CI', job: 'migrations' };

test('the comment key and the artifact name come from one name: matrix, else label, else the database', () => {
  const pg16 = { engine: 'postgres', serverVersion: '16.4 (Debian 16.4-1.pgdg120+1)' };
  const maria = { engine: 'mariadb', serverVersion: '11.4.2-MariaDB-ubu2404' };
  const cases = [
    [{ matrix: '{"pg":"16","os":"ubuntu"}', label: 'main', database: pg16 }, 'ubuntu-16'],
    [{ matrix: null, label: 'pg15', database: pg16 }, 'pg15'],
    [{ matrix: null, label: 'main', database: pg16 }, 'postgres-16'],
    [{ matrix: null, label: 'main', database: maria }, 'mariadb-11.4'],
    [{ matrix: 'null', label: 'main', database: null }, ''],
  ] as const;
  for (const [d, name] of cases) {
    expect(jobDistinguisher(d)).toBe(name);
  }
  expect(commentKeyFor(ctx, 'postgres-16')).toBe('CI/migrations/postgres-16');
  expect(commentKeyFor(ctx, '')).toBe('CI/migrations');
  expect(reportArtifactName(null, 'postgres-16', '1')).toBe('migration-test-postgres-16');
  expect(reportArtifactName(null, 'postgres-16', '2')).toBe('migration-test-postgres-16-attempt-2');
  expect(reportArtifactName(null, '', null)).toBe('migration-test-main');
  expect(reportArtifactName('mine', 'x', '3')).toBe('mine-attempt-3');
});

test('switches accept what core.getBooleanInput accepts, and nothing else', () => {
  const read = (value: string) => (name: string) => (name === 'comment' ? value : '');
  for (const v of ['true', 'True', 'TRUE']) expect(parseActionInputs(read(v)).comment).toBe(true);
  for (const v of ['false', 'False', 'FALSE']) expect(parseActionInputs(read(v)).comment).toBe(false);
  expect(() => parseActionInputs(read('yes'))).toThrow(/input "comment"/);
  expect(parseActionInputs(read(''))['fail-on-publish-error']).toBe(false);
});

test('stamps: written under the marker, read back, ordered by start, then run and attempt, a result over running', () => {
  const s = {
    head: 'a'.repeat(40),
    runId: '7',
    runAttempt: '2',
    startedAt: '2026-12-04T10:00:00.000Z',
    state: 'done' as const,
  };
  const body = withStamp('<!-- key -->\n### Database migrations', s);
  expect(body.split('\n')[1]).toBe(stampLine(s));
  expect(parseStamp(body)).toEqual(s);
  expect(withStamp(body, { ...s, state: 'running' }).match(/migration-test:run/g)).toHaveLength(1);
  // Nothing in a stamp can end the HTML comment.
  expect(stampLine({ ...s, head: 'x --> <script>' })).not.toMatch(/-->.*-->/);
  const later = { ...s, startedAt: '2026-12-04T10:00:01.000Z' };
  expect(compareStamps(later, s)).toBe(1);
  expect(compareStamps(s, { ...s, runAttempt: '3' })).toBe(-1);
  expect(compareStamps({ ...s, state: 'running' }, s)).toBe(-1);
  expect(compareStamps(null, s)).toBe(-1);
  expect(withNote(withNote('body', 'first'), 'second')).toBe('body\n\n<!-- migration-test:note -->second\n');
});

test('commits-to-pulls: the open pull request whose head is the commit comes first', async () => {
  const gh = await startGitHubApiFake();
  try {
    const sha = 'c'.repeat(40);
    gh.setCommitPulls('acme', 'shop', sha, [
      { number: 3, state: 'closed', headSha: sha },
      { number: 9, state: 'open', headSha: 'd'.repeat(40) },
      { number: 5, state: 'open', headSha: sha },
    ]);
    const o = { token: 't', apiUrl: gh.url, owner: 'acme', repo: 'shop' };
    expect(await pullRequestsForCommit({ ...o, sha })).toEqual([5, 3, 9]);
    expect(await pullRequestsForCommit({ ...o, sha: 'e'.repeat(40) })).toEqual([]);
    expect(gh.requestsTo('GET', /\/commits\/c+\/pulls$/)).toHaveLength(1);
  } finally {
    await gh.close();
  }
});
