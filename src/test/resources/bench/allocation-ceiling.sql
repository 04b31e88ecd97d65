-- The ceiling for LoadBenchmark: the statements the service issues for one allocation, in the same order,
-- one transaction per allocation, run by pgbench against the same PostgreSQL server. Keep it in step with
-- the adapters' SQL (adapters.persistence): each statement names the method it mirrors.
\set n random(1, 100)
\set line random(1, 2000000000)
BEGIN;
-- JdbcProductRepository.load: the product and its batches, in one query
SELECT p.version, p.last_sequence, b.reference, b.purchased, b.allocated, b.eta FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku = 'SKU-' || :n ORDER BY b.id \gset
-- JdbcOrderLines.find: is this order line known already? (idempotency)
SELECT orderid, qty, batchref, line_sequence FROM order_lines WHERE sku = 'SKU-' || :n AND orderid = 'o' || :client_id || '-' || :line;
-- at commit, JdbcProductRepository.save: the version-checked product row, the changed batch, the new line
UPDATE products SET version = :version + 1, last_sequence = :last_sequence + 1 WHERE sku = 'SKU-' || :n AND version = :version;
UPDATE batches SET purchased = :purchased, allocated = :allocated + 1 WHERE reference = 'batch-' || :n;
INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) VALUES ('SKU-' || :n, 'o' || :client_id || '-' || :line, 1, 'batch-' || :n, :last_sequence + 1);
-- then PendingWrites.flush: the read model and the outbox
INSERT INTO allocations_view (orderid, sku, batchref) VALUES ('o' || :client_id || '-' || :line, 'SKU-' || :n, 'batch-' || :n) ON CONFLICT (orderid, sku) DO UPDATE SET batchref = EXCLUDED.batchref;
INSERT INTO outbox (message_id, kind, destination, payload, recorded_at) VALUES (gen_random_uuid(), 'publication', 'line_allocated', '{"orderid":"o","sku":"SKU","qty":1,"batchref":"b","type":"Allocated"}', now());
COMMIT;
