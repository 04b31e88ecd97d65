package com.example.allocation.domain;

import com.example.allocation.domain.refusals.HoldConflict;
import com.example.allocation.domain.refusals.HoldShort.Shortfall;
import com.example.allocation.domain.refusals.HoldShort;
import com.example.allocation.domain.refusals.InvalidInput;
import com.example.allocation.domain.refusals.InvalidSku;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A checkout hold (docs/spec.md §2, rules 11 to 16): stock set aside for one cart, on one or more products, for a
 * limited time, then confirmed into order lines, released, expired, or lost to a shrinking batch.
 *
 * <p>The stock itself is held inside each product's consistency boundary ({@link HeldStock}), so that allocation
 * never takes it; a hold is the record of the whole: its lines, its expiry and its status. Each of its changes
 * changes its products in the same unit of work — all of them or none — and so every method here takes the products
 * it needs ({@code products}, by SKU). Time is never read here: {@code now} is given.
 */
public final class Hold {

    public static final int MAX_LINES = 100;
    /** How long a hold lasts when its caller does not say: a checkout's usual quarter of an hour. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    public static final Duration MAX_TTL = Duration.ofDays(1);

    /** Where a hold stands. {@code expired} is also what an active hold is from its expiry on, swept or not. */
    public enum Status {
        ACTIVE, RELEASED, EXPIRED, CONFIRMED, LOST;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A line a caller asks to hold. */
    public record Wanted(String sku, int qty) {

        public Wanted {
            Require.identifier("sku", sku);
            Require.atLeast("qty", qty, 1);
        }
    }

    /** A held line as the hold keeps it: the batch it was held on, and that batch's ETA (null: in the warehouse). */
    public record Line(String sku, int qty, String batchRef, LocalDate eta) {

        public Line {
            Require.identifier("sku", sku);
            Require.atLeast("qty", qty, 1);
            Require.identifier("batchref", batchRef);
        }

        Wanted wanted() {
            return new Wanted(sku, qty);
        }
    }

    private final String holdId;
    private final List<Line> lines;
    private Instant expiresAt;
    private Status status;
    private String orderId;
    private long version;

    /** A hold as stored; {@code orderId} is the order it was confirmed for, null until then. */
    public Hold(String holdId, List<Line> lines, Instant expiresAt, Status status, String orderId, long version) {
        this.holdId = Require.identifier("holdid", holdId);
        this.lines = lines.stream().sorted(Comparator.comparing(Line::sku)).toList();
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        this.status = Objects.requireNonNull(status, "status");
        this.orderId = orderId;
        this.version = version;
    }

    /**
     * Holds every wanted line on the batch an order line of its quantity would be allocated to now, or none of them
     * (rule 11).
     *
     * @param products the product of each SKU; it throws {@link InvalidSku} for a SKU never stocked
     * @throws HoldShort naming the lines that cannot be held in full from stock free now
     */
    public static Hold place(String holdId, List<Wanted> wanted, Duration ttl, Instant now, Function<String, Product> products) {
        Require.identifier("holdid", holdId);
        requireLines(wanted);
        Instant expiresAt = now.plus(requireTtl(ttl));
        List<Product> involved = wanted.stream().map(line -> products.apply(line.sku())).toList();
        involved.forEach(product -> product.expireHolds(now));
        List<Shortfall> shortfalls = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            if (involved.get(i).promise(wanted.get(i).qty()).isEmpty()) {
                shortfalls.add(new Shortfall(wanted.get(i).sku(), wanted.get(i).qty(), involved.get(i).largestLine()));
            }
        }
        if (!shortfalls.isEmpty()) {
            throw new HoldShort(holdId, shortfalls);
        }
        List<Line> held = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Batch batch = involved.get(i).hold(holdId, wanted.get(i).qty(), expiresAt);
            held.add(new Line(wanted.get(i).sku(), wanted.get(i).qty(), batch.batchRef(), batch.eta().orElse(null)));
        }
        return new Hold(holdId, held, expiresAt, Status.ACTIVE, null, 0);
    }

    /** The same hold asked for again: nothing changes if the lines are the same, in any order (rule 11). */
    public void placedAgain(List<Wanted> wanted) {
        if (wanted.size() != lines.size() || !new HashSet<>(wanted).equals(new HashSet<>(lines.stream().map(Line::wanted).toList()))) {
            throw new HoldConflict("Hold " + holdId + " exists with other lines");
        }
    }

    /** Sets the expiry to {@code now + ttl}, which may shorten it (rule 12). */
    public void extend(Duration ttl, Instant now, Function<String, Product> products) {
        requireTtl(ttl);
        if (status(now) != Status.ACTIVE) {
            throw new HoldConflict("Hold " + holdId + " is " + status(now) + ", not active: it cannot be extended");
        }
        expiresAt = now.plus(ttl);
        version++;
        lines.forEach(line -> products.apply(line.sku()).extendHold(holdId, expiresAt));
    }

    /** Gives the stock back (rule 13); a hold already released, expired or lost stays as it is. */
    public void release(Instant now, Function<String, Product> products) {
        Status current = status(now);
        if (current == Status.CONFIRMED) {
            throw new HoldConflict("Hold " + holdId + " is confirmed for order " + orderId + "; cancel the order's lines instead");
        }
        if (current == Status.ACTIVE) {
            endAs(Status.RELEASED, now, products, null);
        }
    }

    /**
     * Turns every line into a line of the order, allocated to the batch it was held on, or none of them (rule 14). A
     * hold that expired is confirmed if that stock is still free. Confirming again for the same order changes nothing.
     *
     * @throws HoldShort if the hold expired and some of its stock has been taken since
     */
    public void confirm(String orderId, Instant now, Function<String, Product> products) {
        Require.identifier("orderid", orderId);
        Status current = status(now);
        if (current == Status.CONFIRMED) {
            if (orderId.equals(this.orderId)) {
                return;
            }
            throw new HoldConflict("Hold " + holdId + " is confirmed for order " + this.orderId + " already");
        }
        if (current != Status.ACTIVE && current != Status.EXPIRED) {
            throw new HoldConflict("Hold " + holdId + " is " + current + ": there is nothing to confirm");
        }
        List<Product> involved = lines.stream().map(line -> products.apply(line.sku())).toList();
        involved.forEach(product -> product.expireHolds(now));
        List<Shortfall> shortfalls = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            Optional<AcceptedLine> existing = involved.get(i).line(orderId);
            if (existing.isPresent()) {
                throw new HoldConflict("Order " + orderId + " already has a line for " + line.sku()
                        + "; confirm the hold into another order");
            }
            int room = involved.get(i).roomFor(line.batchRef(), holdId);
            if (room < line.qty()) {
                shortfalls.add(new Shortfall(line.sku(), line.qty(), room));
            }
        }
        if (!shortfalls.isEmpty()) {
            throw new HoldShort(holdId, shortfalls);
        }
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            involved.get(i).confirmHold(holdId, new OrderLine(orderId, line.sku(), line.qty()), line.batchRef());
        }
        status = Status.CONFIRMED;
        this.orderId = orderId;
        version++;
    }

    /** Records that the hold ran out, freeing what its products still hold for it (rule 15); otherwise nothing. */
    public void expire(Instant now, Function<String, Product> products) {
        if (status == Status.ACTIVE && status(now) == Status.EXPIRED) {
            lines.forEach(line -> products.apply(line.sku()).expireHolds(now));
            status = Status.EXPIRED;
            version++;
        }
    }

    /**
     * The hold is given up as a whole because a batch of {@code shrunk} shrank under it (rule 16): that product has let
     * its stock go already; its lines on other products are freed now.
     */
    public void lose(String shrunk, Instant now, Function<String, Product> products) {
        endAs(Status.LOST, now, products, shrunk);
    }

    private void endAs(Status end, Instant now, Function<String, Product> products, String skipped) {
        lines.stream().filter(line -> !line.sku().equals(skipped))
                .forEach(line -> products.apply(line.sku()).releaseHold(holdId, end, now));
        status = end;
        version++;
    }

    public String holdId() {
        return holdId;
    }

    /** The held lines, by SKU. */
    public List<Line> lines() {
        return lines;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** The status at {@code now}: an active hold is {@code expired} from its expiry on, whether swept or not. */
    public Status status(Instant now) {
        return status == Status.ACTIVE && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
    }

    /** The status as last recorded, for storage: {@code active} until the expiry is swept. */
    public Status recordedStatus() {
        return status;
    }

    /** The order it was confirmed for. */
    public Optional<String> orderId() {
        return Optional.ofNullable(orderId);
    }

    public long version() {
        return version;
    }

    private static void requireLines(List<Wanted> wanted) {
        if (wanted.isEmpty() || wanted.size() > MAX_LINES) {
            throw new InvalidInput("lines must hold 1 to " + MAX_LINES + " lines, got " + wanted.size());
        }
        Set<String> skus = new HashSet<>();
        for (Wanted line : wanted) {
            if (!skus.add(line.sku())) {
                throw new InvalidInput("lines has more than one line for sku " + line.sku());
            }
        }
    }

    private static Duration requireTtl(Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new InvalidInput("ttl_seconds must be from 1 to " + MAX_TTL.toSeconds() + ", got " + ttl.toSeconds());
        }
        return ttl;
    }

    @Override
    public String toString() {
        return "Hold[" + holdId + ", " + status + " until " + expiresAt + ", " + lines + "]";
    }
}
