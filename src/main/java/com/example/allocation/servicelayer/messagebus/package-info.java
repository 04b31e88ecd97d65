/**
 * The message bus (book chapters 9 and 10): {@link com.example.allocation.servicelayer.messagebus.MessageBus} hands
 * each command to its handler and each event to its handlers ({@link com.example.allocation.servicelayer.messagebus.Handlers});
 * {@link com.example.allocation.servicelayer.messagebus.Commands} is the catalogue that defines every command once —
 * wire name, fields and their rules, routing key, cause, handler — for the bus and for every channel;
 * {@link com.example.allocation.servicelayer.messagebus.CommandBus} is what the entry points call.
 */
package com.example.allocation.servicelayer.messagebus;
