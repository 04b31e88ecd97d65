-- Inbound messages already applied (the inbox), written in the transaction of the command each carried:
-- a message delivered again is acknowledged and not applied twice. Its id is the sender's message_id, or
-- the Kafka record's topic, partition and offset. Rows older than a week are deleted.
CREATE TABLE inbox (
    message_id VARCHAR(1024) PRIMARY KEY,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX inbox_applied_at ON inbox (applied_at);
