ALTER TABLE identities DROP COLUMN metadata_public;
