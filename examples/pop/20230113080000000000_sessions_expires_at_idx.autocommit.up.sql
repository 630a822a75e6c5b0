-- A generic migration run outside a transaction (".autocommit"): "autocommit" is a flag
-- here, not a dialect.
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
