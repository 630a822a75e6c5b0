DROP PROCEDURE IF EXISTS cancel_stale_orders;
