/**
 * A path glob as users write them in config files: `**` spans directories, `*` and `?` stay
 * within one. Node 20 has no path.matchesGlob, and this is all the syntax postDeploy needs.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else {
          re += '.*';
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

export function matchesAny(path: string, globs: readonly RegExp[]): boolean {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
  return globs.some((g) => g.test(p));
}
