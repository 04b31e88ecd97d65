-- The batched ceiling as the service now writes on PostgreSQL (decision 31), for LoadBenchmark's ceiling16sets: the
-- same reads and per-allocation writes as allocation-ceiling-batched.sql, but the read model, the outbox and the
-- history each one statement over arrays for the whole batch (WritesAtCommit.writeTogether), all writes pipelined.
-- Each ARRAY[<…>] is expanded into the batch's values, one per allocation, :n and :line numbered for each as elsewhere.
-- JdbcProductRepository.loadAll: the products and their batches
SELECT p.sku, p.version, p.last_sequence, b.id, b.reference, b.purchased, b.allocated, b.eta FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku = 'SKU-' || :n
-- JdbcProductRepository.findAll: are these order lines known already? (idempotency)
SELECT sku, orderid, qty, batchref, line_sequence FROM order_lines WHERE sku = 'SKU-' || :n AND orderid = 'o' || :client_id || '-' || :line
-- at commit, JdbcProductRepository.save: the version-checked product rows, the changed batches, the new lines
UPDATE products SET version = version + 1, last_sequence = last_sequence + 1 WHERE sku = 'SKU-' || :n AND version = version;
UPDATE batches SET allocated = allocated + 1 WHERE reference = 'batch-' || :n;
INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) VALUES ('SKU-' || :n, 'o' || :client_id || '-' || :line, 1, 'batch-' || :n, :line);
-- then WritesAtCommit.writeTogether: the read model, the outbox and the order's history, one statement each for the batch
INSERT INTO allocations_view (orderid, sku, batchref) SELECT * FROM unnest(ARRAY[<'o' || :client_id || '-' || :line>], ARRAY[<'SKU-' || :n>], ARRAY[<'batch-' || :n>]) ON CONFLICT (orderid, sku) DO UPDATE SET batchref = EXCLUDED.batchref;
INSERT INTO outbox (message_id, kind, destination, payload, recorded_at, requested_by, correlation_id) SELECT gen_random_uuid(), k, d, p, now(), NULL, c FROM unnest(ARRAY[<'publication'>], ARRAY[<'line_allocated'>], ARRAY[<'{"orderid":"o","sku":"SKU","qty":1,"batchref":"b","type":"Allocated","correlation_id":"4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70"}'>], ARRAY[<'4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70'>]) WITH ORDINALITY AS u(k, d, p, c, n) ORDER BY n;
INSERT INTO order_history (orderid, sku, qty, type, batchref, cause, request_id, recorded_at) SELECT o, s, 1, 'allocated', b, 'order line placed', '4f0c8a9e-2d7b-4d61-9c3e-8b1f6a2e5d70', now() FROM unnest(ARRAY[<'o' || :client_id || '-' || :line>], ARRAY[<'SKU-' || :n>], ARRAY[<'batch-' || :n>]) WITH ORDINALITY AS u(o, s, b, n) ORDER BY n;
