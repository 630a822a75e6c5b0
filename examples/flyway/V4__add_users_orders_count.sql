-- A denormalised counter for the account page. The column alone, with a default, so existing
-- rows get 0 without a table rewrite; the backfill is V6, in a transaction of its own, so the
-- AccessExclusiveLock this takes on users is not held while it runs.
-- Behind a long transaction on users, give up after 5 s rather than queue every read and write.
SET LOCAL lock_timeout = '5s';
ALTER TABLE users ADD COLUMN orders_count integer NOT NULL DEFAULT 0;
