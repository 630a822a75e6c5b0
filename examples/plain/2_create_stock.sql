CREATE TABLE stock (
    product_id integer PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    quantity   integer NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO stock (product_id, quantity)
SELECT id, (id * 13) % 250 FROM products;
