CREATE TABLE posts (
    id           bigserial PRIMARY KEY,
    author_id    bigint       NOT NULL,
    title        varchar(300) NOT NULL,
    body         text         NOT NULL DEFAULT '',
    published_at timestamptz
);

CREATE INDEX posts_author_id_idx ON posts (author_id);

INSERT INTO authors (handle, full_name)
SELECT 'author' || g, 'Author ' || g FROM generate_series(1, 50) AS g;

INSERT INTO posts (author_id, title, body, published_at)
SELECT 1 + g % 50,
       'Post number ' || g,
       repeat('Lorem ipsum dolor sit amet. ', 1 + g % 20),
       CASE WHEN g % 5 = 0 THEN NULL ELSE now() - g * interval '1 hour' END
FROM generate_series(1, 1000) AS g;

-- The foreign key last: it locks authors against writes until the transaction ends.
ALTER TABLE posts ADD CONSTRAINT posts_author_id_fkey
    FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE;
