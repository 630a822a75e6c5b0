/**
 * The project's `sqitch.conf` (git-config syntax), read for what decides where sqitch finds its
 * files: `[core]` and `[engine "<engine>"]` top_dir, plan_file, deploy_dir, revert_dir,
 * verify_dir, extension (the engine's section wins, as in App::Sqitch::Target), and `[user]`
 * name/email (the committer sqitch records). What would change the run and is not honoured here
 * (targets' directories, reworked_* directories, another registry, another engine) is refused.
 */
import path from 'node:path';
import type { Dialect } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';

interface Entry {
  value: string;
  line: number;
}

/** Keys as `section.key` or `section.subsection.key` (section and key lower-cased). */
export type SqitchConf = ReadonlyMap<string, Entry>;

const SECTION = /^[ \t]*\[([A-Za-z0-9.-]+)(?:[ \t]+"((?:[^"\\]|\\.)*)")?\][ \t]*(?:[#;].*)?$/;
const KEY = /^[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*(?:=(.*))?$/;

export function parseSqitchConf(text: string, label: string): SqitchConf {
  const entries = new Map<string, Entry>();
  let section: string | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^[ \t]*(?:[#;].*)?$/.test(line)) return;
    const header = SECTION.exec(line);
    if (header) {
      const [, name = '', sub] = header;
      section = sub === undefined ? name.toLowerCase() : `${name.toLowerCase()}.${sub.replace(/\\(.)/g, '$1')}`;
      return;
    }
    const kv = KEY.exec(line);
    if (!kv || section === null) {
      throw new MigrationSourceError(
        `${label} line ${i + 1}: not a git-config line (expected [section] or key = value)`,
      );
    }
    const [, key = '', value] = kv;
    entries.set(`${section}.${key.toLowerCase()}`, {
      value: value === undefined ? 'true' : configValue(value, label, i + 1),
      line: i + 1,
    });
  });
  return entries;
}

/** A git-config value: quotes removed, escapes read, an unquoted `#` or `;` starts a comment. */
function configValue(raw: string, label: string, line: number): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '\\') {
      const next = raw[++i];
      const escapes: Record<string, string> = { n: '\n', t: '\t', b: '\b', '"': '"', '\\': '\\' };
      const value = next === undefined ? undefined : escapes[next];
      if (value === undefined) throw new MigrationSourceError(`${label} line ${line}: bad escape in value`);
      out += value;
    } else if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '#' || ch === ';')) break;
    else out += ch;
  }
  if (quoted) throw new MigrationSourceError(`${label} line ${line}: unterminated quote in value`);
  return out.trim();
}

/** Where the project's files are, relative to the project directory (forward slashes). */
export interface SqitchLayout {
  planFile: string;
  deployDir: string;
  revertDir: string;
  verifyDir: string;
  extension: string;
  committerName: string;
  committerEmail: string;
}

export const DEFAULT_COMMITTER = { name: 'migration-test', email: 'migration-test@localhost' };

export function sqitchLayout(conf: SqitchConf, dialect: Dialect, label: string): SqitchLayout {
  const engine = dialect === 'postgres' ? 'pg' : 'mysql';
  const refuse = (key: string, e: Entry, why: string) =>
    new MigrationSourceError(`${label} line ${e.line}: ${key} = ${e.value}: ${why}`);
  const configured = conf.get('core.engine');
  if (configured && configured.value !== engine) {
    throw refuse(
      'core.engine',
      configured,
      `the database tested is ${engine === 'pg' ? 'PostgreSQL (pg)' : 'MySQL/MariaDB (mysql)'}`,
    );
  }
  for (const [key, e] of conf) {
    if (
      /^target\..+\.(top_dir|plan_file|(deploy|revert|verify|reworked|reworked_deploy|reworked_revert|reworked_verify)_dir|extension)$/.test(
        key,
      )
    ) {
      throw refuse(key, e, "a target's own directories are not read here; set them in [core] or [engine]");
    }
    if (/\.reworked(_deploy|_revert|_verify)?_dir$/.test(key)) {
      throw refuse(key, e, 'reworked directories are not supported; keep reworked scripts beside the others');
    }
    if (/^(core|engine\.[^.]+)\.registry$/.test(key) && e.value !== 'sqitch') {
      throw refuse(key, e, 'give the registry name with --migrations-table instead');
    }
  }
  const get = (key: string): Entry | undefined => conf.get(`engine.${engine}.${key}`) ?? conf.get(`core.${key}`);
  const dir = (key: string, fallback: string): string => {
    const e = get(key);
    if (!e) return fallback;
    const normalized = path.posix.normalize(e.value.replace(/\\/g, '/')).replace(/\/$/, '');
    if (path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
      throw refuse(key, e, 'must be a path inside the project directory');
    }
    return normalized;
  };
  const top = dir('top_dir', '.');
  const under = (name: string) => (top === '.' ? name : `${top}/${name}`);
  return {
    planFile: dir('plan_file', under('sqitch.plan')),
    deployDir: dir('deploy_dir', under('deploy')),
    revertDir: dir('revert_dir', under('revert')),
    verifyDir: dir('verify_dir', under('verify')),
    extension: get('extension')?.value ?? 'sql',
    committerName: conf.get('user.name')?.value ?? DEFAULT_COMMITTER.name,
    committerEmail: conf.get('user.email')?.value ?? DEFAULT_COMMITTER.email,
  };
}
