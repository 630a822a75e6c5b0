-- CONCURRENTLY keeps writes to orders going while the index builds; it cannot run inside a
-- transaction, so it lives alone in its own migration (Flyway then runs it without one).
CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);
