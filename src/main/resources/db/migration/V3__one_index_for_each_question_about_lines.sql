-- Each question the service asks of order lines has exactly one index that answers it, and no index that
-- merely starts with the same column. PostgreSQL, planning a prepared statement while a table is new and has
-- no statistics, sees every usable index as equally cheap and may keep a plan that reads all of a product's
-- lines to find one (measured: a hot SKU slowed to a quarter). So:
--   a line by order id and SKU   -> the primary key, now (orderid, sku); it also serves an order's lines;
--   the newest line of a batch   -> (batchref, sku, line_sequence);
--   a product's oldest backorder -> the same index, batchref IS NULL.
-- No other index on order_lines leads with sku or orderid. The table is rebuilt because the primary key's
-- columns change, which cannot be written portably for PostgreSQL and H2 any other way.
CREATE TABLE order_lines_rebuilt (
    orderid       VARCHAR(510) NOT NULL,
    sku           VARCHAR(510) NOT NULL REFERENCES products (sku),
    qty           INTEGER      NOT NULL CHECK (qty >= 1),
    batchref      VARCHAR(510) REFERENCES batches (reference),
    line_sequence BIGINT       NOT NULL,
    CONSTRAINT order_line_identity PRIMARY KEY (orderid, sku)
);
INSERT INTO order_lines_rebuilt (orderid, sku, qty, batchref, line_sequence)
    SELECT orderid, sku, qty, batchref, line_sequence FROM order_lines;
DROP TABLE order_lines;
ALTER TABLE order_lines_rebuilt RENAME TO order_lines;
CREATE INDEX order_lines_by_batch ON order_lines (batchref, sku, line_sequence);
