-- A denormalised counter for the account page: the column first (with a default, so
-- existing rows get 0 without a table rewrite), then the backfill.
ALTER TABLE users ADD COLUMN orders_count integer NOT NULL DEFAULT 0;

UPDATE users u
SET orders_count = o.n
FROM (SELECT user_id, count(*) AS n FROM orders GROUP BY user_id) AS o
WHERE o.user_id = u.id;
