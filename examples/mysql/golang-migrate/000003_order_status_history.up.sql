CREATE TABLE order_status_history (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    order_id   BIGINT UNSIGNED NOT NULL,
    old_status VARCHAR(16)     NOT NULL,
    new_status VARCHAR(16)     NOT NULL,
    changed_at DATETIME        NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY order_status_history_order_id_idx (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A compound trigger body, written without a DELIMITER directive (that is a mysql client
-- command, not SQL): the server reads BEGIN ... END as one statement.
CREATE TRIGGER orders_status_history
AFTER UPDATE ON orders
FOR EACH ROW
BEGIN
    IF NEW.status <> OLD.status THEN
        INSERT INTO order_status_history (order_id, old_status, new_status)
        VALUES (NEW.id, OLD.status, NEW.status);
    END IF;
END;
