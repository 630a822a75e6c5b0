ALTER TABLE items ADD COLUMN meta text;
