import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempCwd {
  /** The current test's directory (a new one for every test). */
  readonly cwd: string;
  /** Writes files at paths relative to cwd, creating their directories. */
  write(files: Record<string, string>): Promise<void>;
}

/**
 * A fresh working directory for each test of the calling file, removed after the test. It is
 * the root of a repository (it holds a `.git`), as a checkout is, so reported paths are
 * relative to it.
 */
export function useTempCwd(prefix: string): TempCwd {
  let cwd = '';
  beforeEach(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), prefix));
    await mkdir(path.join(cwd, '.git'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });
  return {
    get cwd() {
      return cwd;
    },
    async write(files) {
      for (const [name, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(cwd, name)), { recursive: true });
        await writeFile(path.join(cwd, name), text);
      }
    },
  };
}
