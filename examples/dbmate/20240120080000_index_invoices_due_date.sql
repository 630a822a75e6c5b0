-- CREATE INDEX CONCURRENTLY cannot run in a transaction: dbmate's transaction:false.
-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY invoices_unpaid_due_date_idx ON invoices (due_date) WHERE paid_at IS NULL;

-- migrate:down transaction:false
DROP INDEX CONCURRENTLY IF EXISTS invoices_unpaid_due_date_idx;
