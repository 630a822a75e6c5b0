-- Runs after 2_create_stock.sql: plain files run in natural order (2 before 10).
ALTER TABLE products ADD COLUMN sku text;
UPDATE products SET sku = 'SKU-' || lpad(id::text, 6, '0');
ALTER TABLE products ALTER COLUMN sku SET NOT NULL;
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE (sku);
