CREATE INDEX items_meta_idx ON items (id);
