-- Identifiers are up to 255 characters (Unicode code points), checked by the domain. PostgreSQL counts
-- VARCHAR lengths in code points, but H2 counts UTF-16 units, in which a character outside the Basic
-- Multilingual Plane (an emoji, a rare CJK ideograph) takes two: 255 characters fit in 510.
ALTER TABLE products ALTER COLUMN sku SET DATA TYPE VARCHAR(510);
ALTER TABLE batches ALTER COLUMN reference SET DATA TYPE VARCHAR(510);
ALTER TABLE batches ALTER COLUMN sku SET DATA TYPE VARCHAR(510);
ALTER TABLE order_lines ALTER COLUMN sku SET DATA TYPE VARCHAR(510);
ALTER TABLE order_lines ALTER COLUMN orderid SET DATA TYPE VARCHAR(510);
ALTER TABLE order_lines ALTER COLUMN batchref SET DATA TYPE VARCHAR(510);
ALTER TABLE allocations_view ALTER COLUMN orderid SET DATA TYPE VARCHAR(510);
ALTER TABLE allocations_view ALTER COLUMN sku SET DATA TYPE VARCHAR(510);
ALTER TABLE allocations_view ALTER COLUMN batchref SET DATA TYPE VARCHAR(510);
