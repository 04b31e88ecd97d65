-- The batched ceiling for LoadBenchmark: the statements the service issues for a batch of allocations handled
-- together (group commit), run by pgbench on the same server with 16 allocations per transaction, each on
-- another SKU, in ascending order as no two transactions could deadlock. LoadBenchmark numbers :n and :line
-- for each allocation; each SELECT below is one arm, joined with UNION ALL over the batch's allocations, as
-- JdbcProductRepository.prefetch reads them; each write is sent once per allocation, all of them pipelined, as
-- the service's JDBC batches are. A write's values are computed in SQL (version + 1) rather than from the
-- rows read, which pgbench cannot keep for 16 rows: the same rows, indexes and WAL, one statement each.
-- JdbcProductRepository.loadAll: the products and their batches
SELECT p.sku, p.version, p.last_sequence, b.id, b.reference, b.purchased, b.allocated, b.eta FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku = 'SKU-' || :n
-- JdbcProductRepository.findAll: are these order lines known already? (idempotency)
SELECT sku, orderid, qty, batchref, line_sequence FROM order_lines WHERE sku = 'SKU-' || :n AND orderid = 'o' || :client_id || '-' || :line
-- at commit, JdbcProductRepository.save: the version-checked product rows, the changed batches, the new lines
UPDATE products SET version = version + 1, last_sequence = last_sequence + 1 WHERE sku = 'SKU-' || :n AND version = version;
UPDATE batches SET allocated = allocated + 1 WHERE reference = 'batch-' || :n;
INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) VALUES ('SKU-' || :n, 'o' || :client_id || '-' || :line, 1, 'batch-' || :n, :line);
-- then PendingWrites.flush: the read model, the outbox and the order's history
INSERT INTO allocations_view (orderid, sku, batchref) VALUES ('o' || :client_id || '-' || :line, 'SKU-' || :n, 'batch-' || :n) ON CONFLICT (orderid, sku) DO UPDATE SET batchref = EXCLUDED.batchref;
INSERT INTO outbox (message_id, kind, destination, payload, recorded_at, requested_by, correlation_id) VALUES (gen_random_uuid(), 'publication', 'line_allocated', '{"orderid":"o","sku":"SKU","qty":1,"batchref":"b","type":"Allocated","correlation_id":"4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70"}', now(), NULL, '4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70');
INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, request_id, recorded_at) VALUES ('o' || :client_id || '-' || :line, 'SKU-' || :n, 1, 'allocated', 'batch-' || :n, 'order line placed', '4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70', now());
