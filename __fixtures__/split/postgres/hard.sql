-- Hard cases for the PostgreSQL splitter: each statement must reach the server whole.
-- Ünïcödé 😀 in comments shifts byte offsets away from string indices.
/* a block comment /* nested; with a semicolon */ still a comment; */
CREATE TABLE items (
  id int PRIMARY KEY,
  name text NOT NULL DEFAULT 'un;named', -- a ; in a string, and in a comment;
  note text
);

CREATE TABLE audit (id serial PRIMARY KEY, msg text);

-- PL/pgSQL body in $$ with semicolons
CREATE FUNCTION add_item(p_id int, p_name text) RETURNS int
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO items (id, name) VALUES (p_id, p_name);
  RETURN p_id * 2;
END;
$$;

-- a tagged dollar quote holding $$ and ;
CREATE FUNCTION tagged() RETURNS text LANGUAGE plpgsql AS $body$
DECLARE s text := $$a;b$$;
BEGIN
  RETURN s || ';' || 'c';
END
$body$;

-- SQL-standard bodies (PostgreSQL 14+), with CASE ... END inside
CREATE FUNCTION atomic_sum(a int, b int) RETURNS int
LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + b AS "end";
END;

CREATE OR REPLACE PROCEDURE log_twice(m text)
LANGUAGE sql
BEGIN ATOMIC
  INSERT INTO audit (msg) VALUES (m);
  INSERT INTO audit (msg) VALUES (m || ';again');
END;

DO $$
BEGIN
  PERFORM add_item(1, 'one;');
END
$$;

INSERT INTO items (id, name, note) VALUES (2, E'it\'s; escaped\\', 'plain '' quote;');

CREATE RULE items_log AS ON UPDATE TO items DO ALSO (
  INSERT INTO audit (msg) VALUES ('rule;1');
  INSERT INTO audit (msg) VALUES ('rule;2')
);

/* déjà vu */ UPDATE items SET note = 'héllo 😀;' WHERE id = 2;;;

CALL log_twice('proc');

SET standard_conforming_strings = off;
INSERT INTO audit (msg) VALUES ('legacy \'quoted\'; string\\');
RESET standard_conforming_strings;
INSERT INTO audit (msg) VALUES ('C:\');
-- no semicolon after the last statement, and a comment after it
SELECT count(*) FROM items
-- the end
