package com.example.allocation.servicelayer;

import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import com.example.allocation.servicelayer.ports.MessagePublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A publisher that remembers what was published, and can be switched off to stand for a broker outage. */
public final class RecordingPublisher implements MessagePublisher {

    public record Published(String channel, Event event, UUID messageId, Origin origin) {
    }

    private final List<Published> published = new ArrayList<>();
    private boolean down;

    @Override
    public synchronized void publish(OutboxEntry entry) {
        if (down) {
            throw new IllegalStateException("broker unavailable");
        }
        ChannelMessage publication = (ChannelMessage) entry.message();
        published.add(new Published(publication.channel(), publication.event(), entry.messageId(), entry.origin()));
    }

    public synchronized void goDown() {
        down = true;
    }

    public synchronized void comeBack() {
        down = false;
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    public synchronized List<Event> events(String channel) {
        return published.stream().filter(p -> p.channel().equals(channel)).map(Published::event).toList();
    }
}
