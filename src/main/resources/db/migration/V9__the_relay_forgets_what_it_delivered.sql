-- The relay deletes each outbox row once it is delivered, instead of marking it (decision 31): the table then holds
-- what waits, the primary key finds the oldest of it at once, and this index, which had found it among the delivered
-- rows, would cost each message one more index entry for nothing. Rows an older build marked delivered are never
-- handed out again, and go with the hourly clean-up.
DROP INDEX outbox_pending;
