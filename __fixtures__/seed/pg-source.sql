CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, note text, email varchar(100), created_at timestamptz NOT NULL DEFAULT '2024-01-01 00:00:00+00');
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), amount numeric(10,2), tags text[], meta jsonb, payload bytea);
CREATE TABLE empty_table (id int PRIMARY KEY, v text);
CREATE SCHEMA billing;
CREATE TABLE billing."Invoice Lines" (id int PRIMARY KEY, "from" text, qty int);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE FUNCTION touch_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.note IS NULL THEN NEW.note := 'auto; generated'; END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER customers_touch BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION touch_note();
CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;
INSERT INTO customers (name, note, email) VALUES
 ('Alice', E'tab\there', 'alice@example.com'),
 ('Bob', E'line1\nline2\r\nline3', NULL),
 ('Carol', E'back\\slash and \\N literal', 'c@example.com'),
 ('Dörte Ünïcødé', '日本語テキスト 🎉 emoji', 'd@example.com'),
 ('Eve', '', 'e@example.com'),
 ('Frank', E'\\.', NULL),
 ('Grace', 'quote '' and "double" and ; semicolon', 'g@example.com');
UPDATE customers SET note = NULL WHERE name = 'Eve';
INSERT INTO customers (name, note) SELECT 'bulk ' || g, 'row ' || g FROM generate_series(1, 200) g;
INSERT INTO orders (customer_id, amount, tags, meta, payload)
 SELECT 1 + (g % 207), (g * 1.25)::numeric(10,2), ARRAY['a', 'b c', E'd\te'], jsonb_build_object('g', g, 's', E'x\ny'), decode('00ff5c0a0d09', 'hex')
 FROM generate_series(1, 500) g;
INSERT INTO billing."Invoice Lines" VALUES (1, 'from; here', 3), (2, NULL, 4);
CREATE TABLE notes (body text, n int);
INSERT INTO notes VALUES (E'\\.', 1), ('\.', 2), (E'\\', 3), (NULL, 4), ('\N', 5), (E'a\\.\nb', 6);
