-- The ceiling for LoadBenchmark: the statements the service issues for one allocation alone, in the same
-- order, run by pgbench against the same PostgreSQL server, one transaction per allocation; LoadBenchmark
-- wraps it in BEGIN/COMMIT and chooses :n (the SKU) and :line (the order line). Keep it in step with the
-- adapters' SQL (adapters.persistence): each statement names the method it mirrors. The batched ceiling is
-- allocation-ceiling-batched.sql.
-- JdbcProductRepository.load: the product and its batches, in one query
SELECT p.sku, p.version, p.last_sequence, b.id, b.reference, b.purchased, b.allocated, b.eta FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku = 'SKU-' || :n \gset
-- JdbcOrderLines.find: is this order line known already? (idempotency)
SELECT orderid, qty, batchref, line_sequence FROM order_lines WHERE sku = 'SKU-' || :n AND orderid = 'o' || :client_id || '-' || :line;
-- at commit, JdbcProductRepository.save: the version-checked product row, the changed batch, the new line
UPDATE products SET version = :version + 1, last_sequence = :last_sequence + 1 WHERE sku = 'SKU-' || :n AND version = :version;
UPDATE batches SET purchased = :purchased, allocated = :allocated + 1 WHERE reference = 'batch-' || :n;
INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) VALUES ('SKU-' || :n, 'o' || :client_id || '-' || :line, 1, 'batch-' || :n, :last_sequence + 1);
-- then PendingWrites.flush: the read model, the outbox and the order's history
INSERT INTO allocations_view (orderid, sku, batchref) VALUES ('o' || :client_id || '-' || :line, 'SKU-' || :n, 'batch-' || :n) ON CONFLICT (orderid, sku) DO UPDATE SET batchref = EXCLUDED.batchref;
INSERT INTO outbox (message_id, kind, destination, payload, recorded_at, requested_by, correlation_id) VALUES (gen_random_uuid(), 'publication', 'line_allocated', '{"orderid":"o","sku":"SKU","qty":1,"batchref":"b","type":"Allocated","correlation_id":"4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70"}', now(), NULL, '4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70');
INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, request_id, recorded_at) VALUES ('o' || :client_id || '-' || :line, 'SKU-' || :n, 1, 'allocated', 'batch-' || :n, 'order line placed', '4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70', now());
