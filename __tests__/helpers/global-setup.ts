/**
 * Decides, once per jest run, which PostgreSQL and MySQL-protocol servers the tests use (see
 * servers.ts for the order) and hands them to the tests through process.env
 * (MT_TEST_PG_SERVER / MT_TEST_MYSQL_SERVER; test environments and workers are created after
 * this runs, so they see them). Servers it starts itself are stopped by global-teardown.ts.
 */
import { createRequire } from 'node:module';
import type { ChosenServer } from './servers.js';

// jest loads this file through Node's own module loader (after ts-jest has compiled it), which
// cannot resolve './servers.js' to the TypeScript source; require() goes through jest's
// transform hook, which is active while this file is being loaded.
const require = createRequire(import.meta.url);
const {
  MYSQL_SERVER_ENV,
  MYSQL_SOURCE_ENV,
  PG_SERVER_ENV,
  PG_SOURCE_ENV,
  chooseMysqlServer,
  choosePostgresServer,
  errorText,
  redactUrl,
  setStartedServers,
  sweepStaleTempDirs,
} = require('./servers.ts') as typeof import('./servers.js');

function summary(server: ChosenServer): string {
  const where =
    server.source === 'own' ? 'started for this run' : server.source === 'env' ? 'from the environment' : 'local';
  return `${server.engine} ${server.version} at ${redactUrl(server.url)} (${where})`;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const swept = sweepStaleTempDirs();
  const [pg, my] = await Promise.allSettled([choosePostgresServer(), chooseMysqlServer()]);
  if (pg.status === 'rejected' || my.status === 'rejected') {
    // Leave nothing running behind a failed set-up.
    await Promise.all(
      [pg, my].map((r) => (r.status === 'fulfilled' ? r.value.stop().catch(() => undefined) : Promise.resolve())),
    );
    const problems = [pg, my].flatMap((r) => (r.status === 'rejected' ? [errorText(r.reason)] : []));
    throw new Error(`The test suite has no database server to run against.\n\n${problems.join('\n\n')}`);
  }
  const servers = [pg.value, my.value];
  setStartedServers(servers.filter((s) => s.source === 'own'));
  process.env[PG_SERVER_ENV] = pg.value.url;
  process.env[PG_SOURCE_ENV] = pg.value.source;
  process.env[MYSQL_SERVER_ENV] = my.value.url;
  process.env[MYSQL_SOURCE_ENV] = my.value.source;
  if (servers.some((s) => s.source !== 'local') || process.env['MT_TEST_VERBOSE']) {
    process.stderr.write(
      `\n[test databases] ${servers.map(summary).join('; ')} (${Date.now() - started} ms)` +
        (swept.length > 0
          ? `; removed ${swept.length} stale temporary director${swept.length === 1 ? 'y' : 'ies'}`
          : '') +
        '\n',
    );
  }
}
