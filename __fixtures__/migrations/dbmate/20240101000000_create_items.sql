-- The first table.

-- migrate:up
CREATE TABLE items (
    id int PRIMARY KEY
);

-- migrate:down
DROP TABLE items;
