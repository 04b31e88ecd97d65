-- Who asked for the change that caused each outgoing message: an access token's subject or client id,
-- NULL when no caller was authenticated (docs/security.md). It travels with the message as requested_by.
ALTER TABLE outbox ADD COLUMN requested_by VARCHAR(510);
