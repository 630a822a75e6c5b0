# Harder bodies without DELIMITER: unquoted columns named begin and end, labels, handlers,
# bodies without BEGIN, IF / REPEAT / CASE both as statements and as expressions.
CREATE TABLE spans (id INT PRIMARY KEY, begin INT, end INT, label VARCHAR(50));
CREATE TABLE events_log (id INT AUTO_INCREMENT PRIMARY KEY, what VARCHAR(100));

CREATE PROCEDURE fill_spans(IN n INT)
  MODIFIES SQL DATA
  SQL SECURITY INVOKER
b1: BEGIN
  DECLARE i INT DEFAULT 1;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    INSERT INTO events_log (what) VALUES ('failed; rolled back');
    RESIGNAL;
  END;
  DROP TEMPORARY TABLE IF EXISTS tmp_spans;
  CREATE TEMPORARY TABLE IF NOT EXISTS tmp_spans (begin INT, end INT);
  SET @j = 1;
  fill: REPEAT
    INSERT INTO tmp_spans (begin, end) VALUES (@j, @j * 10);
    SET @j = @j + 1;
  UNTIL @j > n END REPEAT fill;
  b2: BEGIN
    INSERT INTO spans (id, begin, end, label)
      SELECT begin, begin, end, IF(end > 20, 'long', 'short') FROM tmp_spans;
  END b2;
  UPDATE spans SET end = end + 1, label = CONCAT(label, ';') WHERE begin = 1;
  WHILE i <= n DO
    CASE
      WHEN i = 1 THEN INSERT INTO events_log (what) VALUES ('first');
      WHEN i = 2 THEN BEGIN END;
      ELSE IF i = n THEN INSERT INTO events_log (what) VALUES ('last'); END IF;
    END CASE;
    SET i = i + 1;
  END WHILE;
END b1;

CREATE PROCEDURE no_begin() IF (SELECT COUNT(*) FROM spans) > 0 THEN
  INSERT INTO events_log (what) VALUES ('no_begin: has spans');
END IF;

CREATE PROCEDURE single_statement() SELECT COUNT(*) AS n FROM spans;

CREATE FUNCTION span_len(b INT, e INT) RETURNS INT DETERMINISTIC NO SQL
  RETURN CASE WHEN e IS NULL THEN 0 ELSE e - b END;

CREATE FUNCTION stars(n INT) RETURNS VARCHAR(100) DETERMINISTIC RETURN REPEAT('*', n);

CREATE TRIGGER spans_bi BEFORE INSERT ON spans FOR EACH ROW
IF NEW.label IS NULL THEN SET NEW.label = 'none'; END IF;

CREATE TRIGGER spans_bi2 BEFORE INSERT ON spans FOR EACH ROW FOLLOWS spans_bi
BEGIN
  SET NEW.label = UPPER(NEW.label);
END;

CALL fill_spans(3);
CALL no_begin();

SELECT span_len(begin, end) AS len, stars(2) AS s FROM spans ORDER BY id;
