/**
 * Debian's Python (/usr/bin/python3) with the packages a test's real tool needs (Alembic,
 * Django, their drivers). Missing packages are installed with apt-get when the suite runs as
 * root on Debian (CI's fresh machine); otherwise the test fails with the command to run. Never
 * skipped: a tool that is not there is a failure that says how to get it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const DEBIAN_PYTHON = '/usr/bin/python3';

function imports(modules: readonly string[]): boolean {
  if (!existsSync(DEBIAN_PYTHON)) return false;
  return spawnSync(DEBIAN_PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' }).status === 0;
}

function aptGet(args: readonly string[]): boolean {
  const r = spawnSync('apt-get', [...args], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 600_000,
  });
  return r.status === 0;
}

/** The interpreter's path once `modules` import; installs `packages` first when they do not. */
export function debianPython(modules: readonly string[], packages: readonly string[]): string {
  if (imports(modules)) return DEBIAN_PYTHON;
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    // A fresh machine's package lists may be missing or stale: refreshed once, then installed again.
    if (!aptGet(install) && aptGet(['update'])) aptGet(install);
    if (imports(modules)) return DEBIAN_PYTHON;
  }
  throw new Error(
    `this test runs the real tool from Debian's packages: apt-get install ${packages.join(' ')} (as root), then run it again`,
  );
}
