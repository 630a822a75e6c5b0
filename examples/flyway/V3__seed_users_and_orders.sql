-- Demo data: 2,000 users and 6,000 orders spread over the last year.
INSERT INTO users (email, name, created_at)
SELECT 'user' || g || '@example.com',
       'User ' || g,
       now() - (g % 365) * interval '1 day'
FROM generate_series(1, 2000) AS g;

INSERT INTO orders (user_id, status, total_cents, created_at)
SELECT 1 + (g * 7919) % 2000,
       (ARRAY['pending', 'paid', 'shipped', 'cancelled'])[1 + g % 4],
       100 + (g * 37) % 50000,
       now() - (g % 365) * interval '1 day' - (g % 24) * interval '1 hour'
FROM generate_series(1, 6000) AS g;
