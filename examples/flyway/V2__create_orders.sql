CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL,
    status      text        NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
    total_cents integer     NOT NULL CHECK (total_cents >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Foreign keys are not indexed automatically in PostgreSQL.
CREATE INDEX orders_user_id_idx ON orders (user_id);

-- The foreign key last: it takes a ShareRowExclusiveLock on users (writes to users wait), held
-- until COMMIT, so nothing else runs after it in this transaction.
SET LOCAL lock_timeout = '5s';
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
