ALTER TABLE items ADD COLUMN meta json;
