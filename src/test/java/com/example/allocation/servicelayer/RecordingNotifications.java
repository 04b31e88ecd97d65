package com.example.allocation.servicelayer;

import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.ports.Notifier;
import java.util.ArrayList;
import java.util.List;

/** Notifier that remember what was sent, and can be switched off to stand for an outage. */
public final class RecordingNotifications implements Notifier {

    public record Sent(String destination, String message, Origin origin) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private boolean down;

    @Override
    public synchronized void send(String destination, String message, Origin origin) {
        if (down) {
            throw new IllegalStateException("mail server unavailable");
        }
        sent.add(new Sent(destination, message, origin));
    }

    public synchronized void goDown() {
        down = true;
    }

    public synchronized void comeBack() {
        down = false;
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }
}
