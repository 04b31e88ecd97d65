package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.events.Event;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Everything about one kind of command, defined once (see {@link Commands}): its wire name, its fields and how
 * each is decoded, the product it changes (so that group commit can route it), what it is called in an order's
 * history, and its handler. HTTP, Redis, Kafka and CSV all read a command through {@link #decode}.
 *
 * @param name the command's name on the commands topic and in the metrics, its record's simple name
 * @param channel its HTTP route's path ({@code allocate}, {@code holds/{holdid}/confirm}: a field may be a path
 *     parameter) and, where it has one, a Redis channel; null for a command the service sends itself
 * @param fieldNames the fields' names, in order: an HTTP body's keys, a CSV file's header
 */
public record CommandType<C extends Command>(String name, String channel, Class<C> type, List<Field<?>> fields,
        List<String> fieldNames, Function<Object[], C> make, Router<C> router, BiFunction<C, List<Event>, String> cause,
        CommandHandler<C> handler) {

    /** The SKU of the product a command changes (the first, by SKU, of a hold's), for group commit's lanes. */
    @FunctionalInterface
    public interface Router<C> {

        String skuOf(C command, Stored stored);
    }

    /**
     * What routing may have to read, looked up only when asked, since it reads the database. Where there is nothing
     * stored, the key itself stands in: the handler refuses the command then.
     */
    public interface Stored {

        /** The SKU of a batch's product, or the batch reference itself. */
        String skuOfBatch(String batchRef);

        /** The first SKU of a hold, or the hold id itself. */
        String skuOfHold(String holdId);
    }

    public CommandType {
        fields = List.copyOf(fields);
        fieldNames = List.copyOf(fieldNames);
    }

    /** The command type with these fields, their names taken from them. */
    public CommandType(String name, String channel, Class<C> type, List<Field<?>> fields, Function<Object[], C> make,
            Router<C> router, BiFunction<C, List<Event>, String> cause, CommandHandler<C> handler) {
        this(name, channel, type, fields, fields.stream().map(Field::name).toList(), make, router, cause, handler);
    }

    /**
     * The command a channel received, read by the catalogue's rules.
     *
     * @param valueOf each field's value as the channel received it, by the name the channel gives it
     * @param wireName the name a channel gives a field: {@link Field#name()}, or {@link Field#redisName()} on Redis
     * @param earlier problems the channel found already (an unknown field, a bad message id), named first
     * @throws MalformedCommand naming every problem, in the same words for every channel
     */
    public C decode(Function<String, Raw> valueOf, Function<Field<?>, String> wireName, List<String> earlier) {
        List<String> problems = new ArrayList<>(earlier);
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            String called = wireName.apply(fields.get(i));
            values[i] = fields.get(i).read(called, valueOf.apply(called), problems);
        }
        if (!problems.isEmpty()) {
            throw new MalformedCommand(problems);
        }
        return make.apply(values);
    }

    /** Reads the command under the fields' own names, with no problem found before (CSV). */
    public C decode(Function<String, Raw> valueOf) {
        return decode(valueOf, Field::name, List.of());
    }

    /** @throws ClassCastException if {@code command} is not of this type; {@link Commands#of} finds the right one */
    public String routeOf(Command command, Stored stored) {
        return router.skuOf(type.cast(command), stored);
    }

    /** The command in words, as an order's history gives its cause; {@code raised} are the events it raised. */
    public String causeOf(Command command, List<Event> raised) {
        return cause.apply(type.cast(command), raised);
    }

    /** Handles a command of this type with its handler, in a unit of work its caller commits. */
    public void handle(Command command, UnitOfWork uow, Instant now) {
        handler.handle(type.cast(command), uow, now);
    }

    /** A command of one field. */
    @SuppressWarnings("unchecked")
    public static <C extends Command, T1> CommandType<C> of(String name, String channel, Class<C> type, Field<T1> first,
            Function<T1, C> make, Router<C> router, BiFunction<C, List<Event>, String> cause, CommandHandler<C> handler) {
        return new CommandType<>(name, channel, type, List.of(first), v -> make.apply((T1) v[0]), router, cause, handler);
    }

    /** A command of two fields. */
    @SuppressWarnings("unchecked")
    public static <C extends Command, T1, T2> CommandType<C> of(String name, String channel, Class<C> type,
            Field<T1> first, Field<T2> second, BiFunction<T1, T2, C> make, Router<C> router, BiFunction<C, List<Event>, String> cause,
            CommandHandler<C> handler) {
        return new CommandType<>(name, channel, type, List.of(first, second), v -> make.apply((T1) v[0], (T2) v[1]), router, cause, handler);
    }

    /** A command of three fields. */
    @SuppressWarnings("unchecked")
    public static <C extends Command, T1, T2, T3> CommandType<C> of(String name, String channel, Class<C> type,
            Field<T1> first, Field<T2> second, Field<T3> third, Make3<T1, T2, T3, C> make, Router<C> router,
            BiFunction<C, List<Event>, String> cause, CommandHandler<C> handler) {
        return new CommandType<>(name, channel, type, List.of(first, second, third), v -> make.apply((T1) v[0], (T2) v[1], (T3) v[2]),
                router, cause, handler);
    }

    /** A command of four fields. */
    @SuppressWarnings("unchecked")
    public static <C extends Command, T1, T2, T3, T4> CommandType<C> of(String name, String channel, Class<C> type,
            Field<T1> first, Field<T2> second, Field<T3> third, Field<T4> fourth, Make4<T1, T2, T3, T4, C> make, Router<C> router,
            BiFunction<C, List<Event>, String> cause, CommandHandler<C> handler) {
        return new CommandType<>(name, channel, type, List.of(first, second, third, fourth),
                v -> make.apply((T1) v[0], (T2) v[1], (T3) v[2], (T4) v[3]), router, cause, handler);
    }

    @FunctionalInterface
    public interface Make3<T1, T2, T3, R> {
        R apply(T1 first, T2 second, T3 third);
    }

    @FunctionalInterface
    public interface Make4<T1, T2, T3, T4, R> {
        R apply(T1 first, T2 second, T3 third, T4 fourth);
    }
}
