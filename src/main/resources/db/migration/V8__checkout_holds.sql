-- Checkout holds (docs/spec.md §2, rules 11 to 16): stock set aside for a cart until it expires. Identifiers take
-- 510, as everywhere since V2 (H2 counts UTF-16 units).

-- held is a running total kept by the product, as allocated is: what its holds' stock on the batch adds up to,
-- expired or not, until a change lets the expired go. Allocated and held stock together never pass what was
-- purchased; summed as BIGINT, since each may be up to 2^31 - 1 and an INTEGER sum would fail, not compare.
-- V1's check (allocated <= purchased) stays beside the new one: it was declared unnamed, and the names the two
-- databases gave it (batches_allocated_check on PostgreSQL, CONSTRAINT_<internal id> on H2) cannot be written once
-- for both, nor can its columns be dropped on H2 while it refers to them. With held never negative, the new check
-- implies it, so it never refuses what the new one allows.
ALTER TABLE batches ADD COLUMN held INTEGER DEFAULT 0 NOT NULL CHECK (held >= 0);
ALTER TABLE batches ADD CONSTRAINT batch_stock_within_purchased CHECK (CAST(allocated AS BIGINT) + held <= purchased);

-- The part of each hold a product keeps (HeldStock): a row exactly while the product holds stock for the hold.
-- Products load theirs by SKU, the key's first column. holdid refers to holds by value only: a commit writes the
-- products before the holds, and the check command (ConsistencyCheck) looks for rows of no active hold.
-- line_sequence comes from the product's counter of lines, so the newest hold on a shrinking batch goes first.
CREATE TABLE held_stock (
    sku           VARCHAR(510) NOT NULL REFERENCES products (sku),
    holdid        VARCHAR(510) NOT NULL,
    batchref      VARCHAR(510) NOT NULL REFERENCES batches (reference),
    qty           INTEGER      NOT NULL CHECK (qty >= 1),
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    line_sequence BIGINT       NOT NULL,
    PRIMARY KEY (sku, holdid)
);

-- One row per Hold aggregate. Every change bumps version (optimistic concurrency, as for products). status is as
-- last recorded: an active hold past expires_at is expired to its readers before the sweeper records it, and the
-- sweeper finds those through the index, oldest expiry first.
CREATE TABLE holds (
    holdid     VARCHAR(510) PRIMARY KEY,
    status     VARCHAR(16)  NOT NULL CHECK (status IN ('active', 'released', 'expired', 'confirmed', 'lost')),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    orderid    VARCHAR(510),
    version    BIGINT       NOT NULL
);
CREATE INDEX holds_by_expiry ON holds (status, expires_at);

-- What each hold held, and where: written once when the hold is placed, never changed, so a hold still tells what
-- it was after its stock has gone (confirmed, released, expired or lost).
CREATE TABLE hold_lines (
    holdid   VARCHAR(510) NOT NULL REFERENCES holds (holdid),
    sku      VARCHAR(510) NOT NULL REFERENCES products (sku),
    qty      INTEGER      NOT NULL CHECK (qty >= 1),
    batchref VARCHAR(510) NOT NULL REFERENCES batches (reference),
    eta      DATE,
    PRIMARY KEY (holdid, sku)
);
