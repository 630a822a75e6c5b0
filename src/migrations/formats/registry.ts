import type { FormatName } from '../types.js';
import { atlas } from './atlas.js';
import { dbmate } from './dbmate.js';
import { drizzle } from './drizzle.js';
import { flyway } from './flyway.js';
import type { MigrationFormat } from './format.js';
import { golangMigrate } from './golang-migrate.js';
import { goose } from './goose.js';
import { liquibase } from './liquibase.js';
import { plain } from './plain.js';
import { pop } from './pop.js';
import { prisma } from './prisma.js';
import { sqitch } from './sqitch.js';
import { sqlx } from './sqlx.js';

/** Every format, by name, in the order the README lists them. */
export const FORMATS: Readonly<Record<FormatName, MigrationFormat>> = {
  flyway,
  'golang-migrate': golangMigrate,
  dbmate,
  pop,
  goose,
  sqlx,
  prisma,
  drizzle,
  atlas,
  liquibase,
  sqitch,
  plain,
};

export function formatNamed(name: FormatName): MigrationFormat {
  return FORMATS[name];
}
