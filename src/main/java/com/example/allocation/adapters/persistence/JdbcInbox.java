package com.example.allocation.adapters.persistence;

import com.example.allocation.servicelayer.ports.Inbox;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * The {@code inbox} table. A message applied by two instances at once (a rebalance) is stopped by the primary
 * key at commit: a conflict the bus retries, when the second finds the message applied.
 */
final class JdbcInbox implements Inbox {

    private final Handle handle;
    private final WritesAtCommit atCommit;

    JdbcInbox(Handle handle, WritesAtCommit atCommit) {
        this.handle = handle;
        this.atCommit = atCommit;
    }

    @Override
    public boolean contains(String messageId) {
        return atCommit.insertsIntoInbox(messageId) || handle.createQuery("SELECT COUNT(*) FROM inbox WHERE message_id = :messageId")
                .bind("messageId", messageId).mapTo(Integer.class).one() > 0;
    }

    /** Inserted into the table when the unit of work commits, with the command's changes ({@link WritesAtCommit}). */
    @Override
    public void add(String messageId) {
        atCommit.insertIntoInbox(messageId);
    }

    @Override
    public int forgetBefore(Instant cutoff) {
        return handle.createUpdate("DELETE FROM inbox WHERE applied_at < :cutoff").bind("cutoff", cutoff).execute();
    }
}
