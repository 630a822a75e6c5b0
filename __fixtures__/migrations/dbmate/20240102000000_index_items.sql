-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY items_id_idx ON items (id);

-- migrate:down
DROP INDEX items_id_idx;
