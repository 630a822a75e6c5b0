CREATE TABLE products (
    id          serial PRIMARY KEY,
    name        text          NOT NULL,
    price       numeric(10,2) NOT NULL CHECK (price >= 0),
    created_at  timestamptz   NOT NULL DEFAULT now()
);

INSERT INTO products (name, price)
SELECT 'Product ' || g, (g % 200) + 0.99
FROM generate_series(1, 500) AS g;
