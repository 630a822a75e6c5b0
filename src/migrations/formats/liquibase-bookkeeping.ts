// DATABASECHANGELOG and DATABASECHANGELOGLOCK as Liquibase creates and writes them, from liquibase/liquibase
// liquibase-standard/src/main/java/liquibase/sqlgenerator/core/: CreateDatabaseChangeLogTableGenerator (columns
// and sizes, varchar and datetime), CreateDatabaseChangeLogLockTableGenerator (int primary key, boolean),
// InitializeDatabaseChangeLogLockTableGenerator (the row ID 1, LOCKED false), MarkChangeSetRanGenerator (the row
// of a changeset: NOW(), ORDEREXECUTED the next value, MD5SUM, DESCRIPTION, COMMENTS trimmed to empty, EXECTYPE,
// CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID), RemoveChangeSetRanStatusGenerator (rollback deletes it); types
// per engine from datatype/core (BooleanType: TINYINT(1) on MySQL/MariaDB; DateTimeType: TIMESTAMP WITHOUT TIME
// ZONE on PostgreSQL), and the expected DDL of CreateDatabaseChangeLogLockTableExecutorTest.
import type { Bookkeeping, BookkeepingEvent, BookkeepingWrite } from '../bookkeeping.js';
import type { Dialect } from '../types.js';
import { quoteTable } from './quote.js';

/** The version written to DATABASECHANGELOG.LIQUIBASE (the checksums are this version's: CheckSum v9). */
export const LIQUIBASE_VERSION = '4.29.2';

/** Scope.generateDeploymentId: the last ten digits of the time in milliseconds, one per run. */
export function deploymentId(now: number = Date.now()): string {
  return String(now).slice(-10).padStart(10, '0');
}

/**
 * Liquibase's default names; databaseChangeLogTableName renames the changelog table only (the lock table has a
 * setting of its own, databaseChangeLogLockTableName, which stays DATABASECHANGELOGLOCK here). PostgreSQL folds
 * them to lower case, as Liquibase does (PostgresDatabase.correctObjectName).
 */
function names(table: string | undefined, dialect: Dialect): { log: string; lock: string } {
  const log = table ?? 'DATABASECHANGELOG';
  const lock = 'DATABASECHANGELOGLOCK';
  return dialect === 'postgres'
    ? { log: quoteTable(log.toLowerCase(), dialect), lock: quoteTable(lock.toLowerCase(), dialect) }
    : { log: quoteTable(log, dialect), lock: quoteTable(lock, dialect) };
}

function setup(table: string | undefined, dialect: Dialect): string[] {
  const { log, lock } = names(table, dialect);
  if (dialect === 'postgres') {
    return [
      `CREATE TABLE IF NOT EXISTS ${lock} (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE, LOCKEDBY VARCHAR(255), CONSTRAINT databasechangeloglock_pkey PRIMARY KEY (ID))`,
      `INSERT INTO ${lock} (ID, LOCKED) SELECT 1, FALSE WHERE NOT EXISTS (SELECT 1 FROM ${lock})`,
      `CREATE TABLE IF NOT EXISTS ${log} (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10))`,
    ];
  }
  return [
    `CREATE TABLE IF NOT EXISTS ${lock} (ID INT NOT NULL, \`LOCKED\` TINYINT(1) NOT NULL, LOCKGRANTED datetime NULL, LOCKEDBY VARCHAR(255) NULL, CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID))`,
    `INSERT INTO ${lock} (ID, \`LOCKED\`) SELECT 1, 0 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ${lock})`,
    `CREATE TABLE IF NOT EXISTS ${log} (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL, DESCRIPTION VARCHAR(255) NULL, COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL, LIQUIBASE VARCHAR(20) NULL, CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) NULL)`,
  ];
}

function record(table: string | undefined, deployment: string, e: BookkeepingEvent): BookkeepingWrite[] {
  const { log } = names(table, e.dialect);
  const p = (n: number) => (e.dialect === 'postgres' ? `$${n}::varchar` : '?');
  const x = e.migration.extra ?? {};
  const key = [x.changesetId ?? e.migration.name, x.author ?? '', x.filename ?? e.migration.up.file];
  if (e.direction === 'down') {
    return [{ sql: `DELETE FROM ${log} WHERE ID = ${p(1)} AND AUTHOR = ${p(2)} AND FILENAME = ${p(3)}`, params: key }];
  }
  // ORDEREXECUTED: StandardChangeLogHistoryService.getNextSequenceValue, MAX(ORDEREXECUTED) + 1.
  const sql =
    `INSERT INTO ${log} (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, DEPLOYMENT_ID) ` +
    `SELECT ${p(1)}, ${p(2)}, ${p(3)}, NOW(), COALESCE(MAX(ORDEREXECUTED), 0) + 1, ${p(4)}, 'sql', ${p(5)}, 'EXECUTED', ${p(6)}, ${p(7)}, '${LIQUIBASE_VERSION}', ${p(8)} FROM ${log}`;
  const params = [...key, x.md5sum ?? null, x.comments ?? '', x.contexts ?? null, x.labels ?? null, deployment];
  return [{ sql, params }];
}

export function liquibaseBookkeeping(table: string | undefined): Bookkeeping {
  const deployment = deploymentId();
  const log = table ?? 'DATABASECHANGELOG';
  return {
    tables: [log, 'DATABASECHANGELOGLOCK'],
    summary: `${log} (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, …) and DATABASECHANGELOGLOCK`,
    setup: (dialect) => setup(table, dialect),
    record: (e) => record(table, deployment, e),
    recordInTransaction: true,
  };
}
