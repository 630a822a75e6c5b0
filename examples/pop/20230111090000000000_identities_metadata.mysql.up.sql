ALTER TABLE identities ADD COLUMN metadata_public JSON;
