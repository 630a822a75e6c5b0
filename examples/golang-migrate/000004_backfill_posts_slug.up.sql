UPDATE posts
SET slug = trim(BOTH '-' FROM lower(regexp_replace(title, '[^a-zA-Z0-9]+', '-', 'g'))) || '-' || id;
