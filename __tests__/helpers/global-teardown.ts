/** Stops the servers global-setup.ts started itself and removes their temporary directories. */
import { createRequire } from 'node:module';

// See global-setup.ts: loaded by Node's own loader, so the TypeScript source goes through require().
const require = createRequire(import.meta.url);
const { errorText, takeStartedServers } = require('./servers.ts') as typeof import('./servers.js');

export default async function globalTeardown(): Promise<void> {
  const servers = takeStartedServers();
  const results = await Promise.allSettled(servers.map((s) => s.stop()));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [errorText(r.reason)] : []));
  if (failures.length > 0) throw new Error(`Stopping the test database servers failed: ${failures.join('; ')}`);
}
