package com.example.allocation.servicelayer.messagebus;

import com.example.allocation.domain.Hold;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.ConfirmHold;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.commands.ExpireHold;
import com.example.allocation.domain.commands.ExtendHold;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.domain.commands.ReleaseHold;
import com.example.allocation.domain.events.Deallocated;
import com.example.allocation.domain.events.Event;
import com.example.allocation.domain.events.HoldReleased;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of commands (book chapter 10): each command the service takes, defined once — wire name, fields
 * and their rules, the product it changes, its cause in words, its handler. The bus, group commit and every
 * channel (HTTP, Redis, Kafka, CSV) read it from here. Adding a command is its record, its handler, one entry
 * here and, for HTTP, its route; the catalogue refuses to load if a command of the sealed family has no entry.
 */
public final class Commands {

    private static final Field<String> BATCH_REF = Field.identifier("ref").onRedisCalled("batchref");
    private static final Field<String> SKU = Field.identifier("sku");
    private static final Field<String> ORDER_ID = Field.identifier("orderid");
    private static final Field<LocalDate> ETA = Field.optionalDate("eta");

    public static final CommandType<CreateBatch> CREATE_BATCH = CommandType.of("CreateBatch", "add_batch", CreateBatch.class,
            BATCH_REF, SKU, Field.quantity("qty", 1), ETA, CreateBatch::new,
            (command, stored) -> command.sku(),
            (command, raised) -> "batch " + command.batchRef() + " added",
            Handlers::addBatch);

    public static final CommandType<Allocate> ALLOCATE = CommandType.of("Allocate", "allocate", Allocate.class,
            ORDER_ID, SKU, Field.quantity("qty", 1), Allocate::new,
            (command, stored) -> command.sku(),
            (command, raised) -> "order line placed",
            Handlers::allocate);

    /**
     * A batch is routed by its product: it never moves to another. Whether it shrank shows in the events it raised: a
     * line taken out (rule 7), or a hold lost (rule 16).
     */
    public static final CommandType<ChangeBatchQuantity> CHANGE_BATCH_QUANTITY = CommandType.of("ChangeBatchQuantity",
            "change_batch_quantity", ChangeBatchQuantity.class,
            BATCH_REF, Field.quantity("qty", 0), ChangeBatchQuantity::new,
            (command, stored) -> stored.skuOfBatch(command.batchRef()),
            (command, raised) -> "batch " + command.batchRef()
                    + (raised.stream().anyMatch(Commands::takenByAShrink) ? " reduced to " : " raised to ") + command.qty(),
            Handlers::changeBatchQuantity);

    public static final CommandType<Deallocate> DEALLOCATE = CommandType.of("Deallocate", "deallocate", Deallocate.class,
            ORDER_ID, SKU, Deallocate::new,
            (command, stored) -> command.sku(),
            (command, raised) -> "line " + command.orderId() + "/" + command.sku() + " cancelled",
            Handlers::deallocate);

    private static final Field<String> HOLD_ID = Field.identifier("holdid");
    private static final int MAX_TTL_SECONDS = (int) Hold.MAX_TTL.toSeconds();

    /** Routed by its first SKU, as its later changes are, so that a one-SKU hold meets that product's allocations. */
    public static final CommandType<PlaceHold> PLACE_HOLD = CommandType.of("PlaceHold", "holds", PlaceHold.class,
            HOLD_ID, Field.holdLines("lines"), Field.optionalQuantity("ttl_seconds", 1, MAX_TTL_SECONDS), PlaceHold::new,
            (command, stored) -> command.lines().stream().map(Hold.Wanted::sku).min(Comparator.naturalOrder()).orElseThrow(),
            (command, raised) -> "hold " + command.holdId() + " placed",
            (command, uow, now) -> Handlers.placeHold(command, uow, now, Hold.DEFAULT_TTL));

    public static final CommandType<ExtendHold> EXTEND_HOLD = CommandType.of("ExtendHold", "holds/{holdid}/extend",
            ExtendHold.class, HOLD_ID, Field.quantity("ttl_seconds", 1, MAX_TTL_SECONDS), ExtendHold::new,
            (command, stored) -> stored.skuOfHold(command.holdId()),
            (command, raised) -> "hold " + command.holdId() + " extended",
            Handlers::extendHold);

    public static final CommandType<ReleaseHold> RELEASE_HOLD = CommandType.of("ReleaseHold", "holds/{holdid}",
            ReleaseHold.class, HOLD_ID, ReleaseHold::new,
            (command, stored) -> stored.skuOfHold(command.holdId()),
            (command, raised) -> "hold " + command.holdId() + " released",
            Handlers::releaseHold);

    public static final CommandType<ConfirmHold> CONFIRM_HOLD = CommandType.of("ConfirmHold", "holds/{holdid}/confirm",
            ConfirmHold.class, HOLD_ID, ORDER_ID, ConfirmHold::new,
            (command, stored) -> stored.skuOfHold(command.holdId()),
            (command, raised) -> "hold " + command.holdId() + " confirmed",
            Handlers::confirmHold);

    /** Sent by the service's own sweeper, by no route. */
    public static final CommandType<ExpireHold> EXPIRE_HOLD = CommandType.of("ExpireHold", null, ExpireHold.class,
            HOLD_ID, ExpireHold::new,
            (command, stored) -> stored.skuOfHold(command.holdId()),
            (command, raised) -> "hold " + command.holdId() + " expired",
            Handlers::expireHold);

    public static final List<CommandType<?>> ALL = List.of(CREATE_BATCH, ALLOCATE, CHANGE_BATCH_QUANTITY, DEALLOCATE,
            PLACE_HOLD, EXTEND_HOLD, RELEASE_HOLD, CONFIRM_HOLD, EXPIRE_HOLD);

    private static final Map<Class<?>, CommandType<?>> BY_CLASS = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(CommandType::type, Function.identity()));
    private static final Map<String, CommandType<?>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(CommandType::name, Function.identity()));

    static {
        List<String> missing = Arrays.stream(Command.class.getPermittedSubclasses())
                .filter(type -> !BY_CLASS.containsKey(type)).map(Class::getSimpleName).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("No entry in the catalogue of commands for " + missing + ": every command needs one");
        }
    }

    private Commands() {
    }

    private static boolean takenByAShrink(Event event) {
        return event instanceof Deallocated || event instanceof HoldReleased released && released.reason().equals(Hold.Status.LOST.toString());
    }

    /** The catalogue's entry for the command's type. */
    public static CommandType<?> of(Command command) {
        return BY_CLASS.get(command.getClass());
    }

    /** The command type of this wire name, if there is one. */
    public static Optional<CommandType<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The wire names, for a message that lists them. */
    public static List<String> names() {
        return ALL.stream().map(CommandType::name).toList();
    }
}
