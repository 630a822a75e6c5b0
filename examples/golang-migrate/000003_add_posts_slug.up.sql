-- A slug for every post, in steps that never hold a lock on posts across a long statement:
-- the column (nullable, no rewrite) here, the backfill in 000004, the NOT NULL in 000005 and
-- the unique index, built CONCURRENTLY, in 000006.
ALTER TABLE posts ADD COLUMN slug varchar(320);
