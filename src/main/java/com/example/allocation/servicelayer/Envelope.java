package com.example.allocation.servicelayer;

import com.example.allocation.domain.commands.Command;

/** A command with who sent it: what the bus handles. The command stays plain data; the envelope carries the rest. */
public record Envelope(Command command, Origin origin) {
}
