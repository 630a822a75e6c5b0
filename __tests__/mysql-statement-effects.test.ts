import { statementEffect } from '../src/engines/mysql/statement-effects.js';

describe('MySQL/MariaDB statements whose handler calls are not user rows', () => {
  test.each([
    'CREATE PROCEDURE p() SELECT 1',
    'CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN SELECT 1; END',
    "CREATE DEFINER='u'@'%' FUNCTION f() RETURNS int RETURN 1",
    'CREATE OR REPLACE ALGORITHM = MERGE DEFINER = CURRENT_USER() SQL SECURITY DEFINER VIEW v AS SELECT 1',
    '/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */',
    'DROP PROCEDURE IF EXISTS p',
    '-- a comment\nDROP EVENT e',
    '--\ta comment after a tab\nDROP EVENT e',
    '--\nDROP FUNCTION f',
    'ALTER EVENT e DISABLE',
    'GRANT SELECT ON *.* TO u',
    'RENAME USER a TO b',
    "SET PASSWORD FOR u = PASSWORD('x')",
  ])('system: %s', (sql) => {
    expect(statementEffect(sql)).toEqual({ kind: 'system' });
  });

  test.each([
    ['TRUNCATE TABLE `big`', ['`big`']],
    ['truncate db.t', ['`db`.`t`']],
    ['DROP TABLE IF EXISTS a, `b``c`, d.e CASCADE', ['`a`', '`b``c`', '`d`.`e`']],
    ['DROP TEMPORARY TABLE x', ['`x`']],
  ])('removes rows: %s', (sql, tables) => {
    expect(statementEffect(sql)).toEqual({ kind: 'removes', tables });
  });

  test.each([
    'CREATE TABLE event (id int)',
    'CREATE TABLE `view` (id int)',
    'CREATE TABLE t AS SELECT * FROM procedure_log',
    'ALTER TABLE function ADD COLUMN x int',
    'INSERT INTO t VALUES (1)',
    "UPDATE t SET note = 'DROP PROCEDURE p'",
    'DROP INDEX i ON t',
    'DROP DATABASE d',
  ])('user rows (counted as they are): %s', (sql) => {
    expect(statementEffect(sql)).toBeNull();
  });
});
