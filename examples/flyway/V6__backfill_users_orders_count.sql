-- The backfill of V4's counter: row locks only, so reads and writes of users go on.
UPDATE users u
SET orders_count = o.n
FROM (SELECT user_id, count(*) AS n FROM orders GROUP BY user_id) AS o
WHERE o.user_id = u.id;
