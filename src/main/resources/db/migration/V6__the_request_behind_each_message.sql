-- The request, or inbound message, whose change caused each outgoing message: its X-Request-Id (or the id the
-- service made for it). It travels with the message as correlation_id, so a receiver can tie an event back to
-- the request, and an operator find that request's log lines (README, "Operating it").
ALTER TABLE outbox ADD COLUMN correlation_id VARCHAR(128);
