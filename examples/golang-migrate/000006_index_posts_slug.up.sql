-- CONCURRENTLY cannot run in a transaction: alone in its file, golang-migrate sends it as is.
CREATE UNIQUE INDEX CONCURRENTLY posts_slug_key ON posts (slug);
