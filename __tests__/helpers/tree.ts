import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A temporary directory holding the given files (paths relative to it). */
export async function writeTree(files: Record<string, string | Buffer>, prefix = 'mt-tree-'): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  return dir;
}

export async function tempDir(prefix = 'mt-out-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}
