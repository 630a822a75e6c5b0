// TEMPORARY scaffold while the format modules are written; deleted before the change lands.
import type { FormatName } from '../types.js';
import { MigrationSourceError } from '../../util/errors.js';
import { integerVersions, RUNS_AFTER_NEWER, type MigrationFormat } from './format.js';

export function pendingFormat(name: FormatName): MigrationFormat {
  return {
    name,
    recursive: false,
    examples: [],
    description: {
      tool: name,
      files: '',
      upDown: '',
      versions: '',
      transactions: { postgres: '', mysql: '' },
      detection: '',
      example: '',
    },
    isMigrationPath: () => false,
    ...integerVersions(name),
    outOfOrder: RUNS_AFTER_NEWER,
    load() {
      return Promise.reject(new MigrationSourceError(`format ${name} is not available yet`));
    },
  };
}
