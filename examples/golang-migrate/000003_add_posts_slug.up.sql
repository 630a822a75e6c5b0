-- Add the column, fill it from the title, then make it required and unique.
ALTER TABLE posts ADD COLUMN slug varchar(320);

UPDATE posts
SET slug = trim(BOTH '-' FROM lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'))) || '-' || id;

ALTER TABLE posts ALTER COLUMN slug SET NOT NULL;
CREATE UNIQUE INDEX posts_slug_key ON posts (slug);
