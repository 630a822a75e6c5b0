-- Written without DELIMITER: the procedure body's semicolons belong to BEGIN ... END.
CREATE PROCEDURE cancel_stale_orders(IN max_age_days INT, OUT cancelled INT)
BEGIN
    UPDATE orders
    SET status = 'cancelled'
    WHERE status = 'pending'
      AND created_at < NOW() - INTERVAL max_age_days DAY;
    SET cancelled = ROW_COUNT();
END;

CALL cancel_stale_orders(300, @cancelled);
