UPDATE users SET orders_count = 0 WHERE orders_count <> 0;
