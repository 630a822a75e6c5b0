CREATE TABLE tags (
    id   serial PRIMARY KEY,
    name varchar(60) NOT NULL UNIQUE
);

CREATE TABLE post_tags (
    post_id bigint  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id  integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, tag_id)
);

CREATE INDEX post_tags_tag_id_idx ON post_tags (tag_id);

-- Keep tag names normalised whatever the application sends.
CREATE FUNCTION tags_normalise_name() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.name := lower(trim(NEW.name));
    RETURN NEW;
END;
$$;

CREATE TRIGGER tags_normalise_name
BEFORE INSERT OR UPDATE ON tags
FOR EACH ROW EXECUTE FUNCTION tags_normalise_name();

INSERT INTO tags (name) VALUES (' Go '), ('PostgreSQL'), ('migrations');
