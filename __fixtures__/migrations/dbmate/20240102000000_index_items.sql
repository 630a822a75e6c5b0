-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY items_id_idx ON items (id);
