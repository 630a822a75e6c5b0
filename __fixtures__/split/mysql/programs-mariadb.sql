-- MariaDB only: compound statements outside stored programs (BEGIN NOT ATOMIC, IF, ...),
-- FOR loops, aggregate functions, OR REPLACE / IF NOT EXISTS, /*M! executable comments.
CREATE TABLE nums (n INT);
CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100));

CREATE OR REPLACE PROCEDURE fill_nums(IN k INT)
BEGIN
  FOR i IN 1 .. k DO
    INSERT INTO nums VALUES (i);
  END FOR;
  FOR r IN (SELECT n FROM nums WHERE n > 1) DO
    IF r.n = k THEN INSERT INTO notes (what) VALUES (CONCAT('last=', r.n)); END IF;
  END FOR;
END;

CREATE AGGREGATE FUNCTION IF NOT EXISTS agg_total(x INT) RETURNS INT
BEGIN
  DECLARE s INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s;
  LOOP
    FETCH GROUP NEXT ROW;
    SET s = s + x;
  END LOOP;
END;

CREATE OR REPLACE DEFINER = CURRENT_USER TRIGGER nums_bi BEFORE INSERT ON nums FOR EACH ROW
BEGIN
  IF NEW.n < 0 THEN SET NEW.n = 0; END IF;
END;

CALL fill_nums(3);

BEGIN NOT ATOMIC
  DECLARE c INT;
  SELECT COUNT(*) INTO c FROM nums;
  IF c = 3 THEN INSERT INTO notes (what) VALUES ('compound ran; c=3'); END IF;
END;

IF (SELECT agg_total(n) FROM nums) = 6 THEN
  INSERT INTO notes (what) VALUES ('top-level if');
ELSE
  INSERT INTO notes (what) VALUES ('top-level else');
END IF;

BEGIN NOT ATOMIC
  DECLARE k INT DEFAULT 0;
  `counting`: LOOP
    REPEAT
      SET k = k + 1;
    UNTIL k >= 2 END REPEAT;
    LEAVE `counting`;
  END LOOP `counting`;
  INSERT INTO notes (what) VALUES (CONCAT('compound with label ', k));
END;

WHILE (SELECT COUNT(*) FROM nums) < 5 DO
  INSERT INTO nums VALUES (-1);
END WHILE;

/*M!100100 INSERT INTO notes (what) VALUES ('mariadb comment ran') */;
