-- Stored programs written without a DELIMITER directive: semicolons inside their bodies
-- must not end them. Each object is checked by __tests__/split-mysql.int.test.ts.

CREATE TABLE items (
  id INT PRIMARY KEY AUTO_INCREMENT,
  `begin` INT NULL,
  `end` INT NULL,
  name VARCHAR(100) NOT NULL DEFAULT 'END;',
  qty INT NOT NULL DEFAULT 0
);
CREATE TABLE audit (msg VARCHAR(200));

/* A block comment holding END; and BEGIN */
CREATE DEFINER = CURRENT_USER PROCEDURE add_items(IN n INT)
  COMMENT 'adds n items; END; BEGIN'
BEGIN
  DECLARE i INT DEFAULT 0;
  -- a comment with END IF; inside
  WHILE i < n DO
    INSERT INTO items (name, qty, `begin`, `end`) VALUES (CONCAT('item ', i, ';'), i, i, i + 1);
    SET i = i + 1;
  END WHILE;
END;

CREATE PROCEDURE classify(IN x INT, OUT r VARCHAR(20))
BEGIN
  IF x < 0 THEN
    SET r = 'negative';
  ELSEIF x = 0 THEN
    SET r = IF(x = 0, 'zero', 'never');
  ELSE
    CASE
      WHEN x < 10 THEN SET r = CASE x WHEN 1 THEN 'one' ELSE 'small' END;
      ELSE BEGIN
        SET r = REPEAT('b', 3);
        IF (x > 100) THEN SET r = 'huge'; END IF;
      END;
    END CASE;
  END IF;
END;

CREATE FUNCTION count_down(n INT) RETURNS INT DETERMINISTIC
BEGIN
  DECLARE steps INT DEFAULT 0;
  outer_loop: LOOP
    IF n <= 0 THEN LEAVE outer_loop; END IF;
    SET n = n - 1, steps = steps + 1;
    ITERATE outer_loop;
  END LOOP outer_loop;
  REPEAT SET steps = steps + 1; UNTIL steps >= 0 END REPEAT;
  RETURN steps - 1;
END;

CREATE FUNCTION total_qty() RETURNS INT READS SQL DATA
BEGIN
  DECLARE done INT DEFAULT 0;
  DECLARE q INT;
  DECLARE total INT DEFAULT 0;
  DECLARE cur CURSOR FOR SELECT qty FROM items;
  DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN SET done = 1; END;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO q;
    IF done THEN LEAVE read_loop; END IF;
    SET total = total + q;
  END LOOP;
  CLOSE cur;
  RETURN total;
END;

CREATE FUNCTION span_sum() RETURNS INT READS SQL DATA
  RETURN (SELECT COALESCE(SUM(`end` - `begin`), 0) FROM items);

CREATE TRIGGER items_bi BEFORE INSERT ON items FOR EACH ROW
  SET NEW.name = CASE WHEN NEW.name = '' THEN 'unnamed' ELSE NEW.name END;

CREATE TRIGGER items_ai AFTER INSERT ON items FOR EACH ROW
BEGIN
  IF NEW.qty > 1 THEN
    INSERT INTO audit VALUES (CONCAT('big;', NEW.name));
  END IF;
END;

CREATE EVENT IF NOT EXISTS purge_audit ON SCHEDULE EVERY 1 DAY DISABLE
  COMMENT 'not run; only created'
DO BEGIN
  DELETE FROM audit WHERE msg LIKE 'big%';
  INSERT INTO audit VALUES ('purged');
END;

CALL add_items(3);

SELECT 'done; END;' AS `end`;
