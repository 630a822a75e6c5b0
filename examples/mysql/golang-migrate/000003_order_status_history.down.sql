DROP TRIGGER IF EXISTS orders_status_history;
DROP TABLE IF EXISTS order_status_history;
