ALTER TABLE users DROP COLUMN orders_count;
