ALTER TABLE items ADD COLUMN meta jsonb;
