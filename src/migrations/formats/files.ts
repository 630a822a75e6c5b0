import { readdir, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { MigrationSourceError } from '../../util/errors.js';
import { rootLabel } from '../root.js';
import { compareCodepoints } from '../version.js';
import type { MigrationFile } from './format.js';

/** Directories never holding migrations, skipped so that a scan of a whole repository stays cheap. */
const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * The regular files of a migrations directory, sorted by path. Symbolic links to files are
 * followed; a broken link is listed anyway so that reading it fails with a message naming
 * it rather than the file silently vanishing. Symbolic links to directories are not
 * followed (no cycles), nor are hidden and node_modules directories.
 */
export async function listMigrationFiles(
  dirAbs: string,
  dirLabel: string,
  /** The directory that files' labels are relative to (see pathRoot). */
  root: string,
  recursive: boolean,
): Promise<MigrationFile[]> {
  const found: MigrationFile[] = [];
  async function walk(abs: string, topLevel: boolean, prefix: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      const label = topLevel ? dirLabel : rootLabel(root, abs);
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
      throw new MigrationSourceError(`cannot read migrations directory ${label}: ${code || String(err)}`);
    }
    entries.sort((a, b) => compareCodepoints(a.name, b.name));
    for (const entry of entries) {
      const entryAbs = path.join(abs, entry.name);
      const kind = await entryKind(entry, entryAbs);
      if (kind === 'file')
        found.push({
          absPath: entryAbs,
          name: entry.name,
          file: rootLabel(root, entryAbs),
          topLevel,
          inside: prefix + entry.name,
        });
      else if (kind === 'dir' && recursive && !entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) {
        await walk(entryAbs, false, `${prefix}${entry.name}/`);
      }
    }
  }
  await walk(dirAbs, true, '');
  return found;
}

async function entryKind(entry: Dirent, abs: string): Promise<'file' | 'dir' | 'other'> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    return (await stat(abs)).isFile() ? 'file' : 'other';
  } catch {
    return 'file';
  }
}
