package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.TestDatabases;
import com.example.allocation.adapters.persistence.Database;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.domain.Hold;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.PlaceHold;
import com.example.allocation.domain.commands.ReleaseHold;
import com.example.allocation.servicelayer.ports.Outbox;
import com.example.allocation.servicelayer.writes.DirectBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code java -jar allocation.jar check} on a database the service wrote, as it wrote it and corrupted on purpose
 * behind its back, on each database: every broken invariant is named, and the exit status says whether any was.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class CheckIT {

    @Parameter
    TestDatabases.Kind kind;

    /**
     * A database with stock, allocations, a backorder, a hold of one lamp on the warehouse batch, a hold released and
     * undelivered messages, changed afterwards by {@code corruption}.
     */
    private DatabaseUrl database(Consumer<Handle> corruption) {
        DatabaseUrl url = TestDatabases.freshUrl(kind);
        try (Database database = Database.connect(url, 2)) {
            DirectBus bus = Bootstrap.bus(database.unitsOfWork(), Bootstrap.Settings.DEFAULT, () -> { });
            bus.handle(new CreateBatch("warehouse", "LAMP", 10, null));
            bus.handle(new CreateBatch("shipment", "LAMP", 5, LocalDate.of(2026, 12, 24)));
            bus.handle(new Allocate("o1", "LAMP", 8));
            bus.handle(new Allocate("o2", "LAMP", 4));
            bus.handle(new Allocate("o3", "LAMP", 6));
            bus.handle(new PlaceHold("cart", List.of(new Hold.Wanted("LAMP", 1)), 3600));
            bus.handle(new PlaceHold("gone", List.of(new Hold.Wanted("LAMP", 1)), 3600));
            bus.handle(new ReleaseHold("gone"));
            database.jdbi().useHandle(corruption::accept);
        }
        return url;
    }

    /** Writes a row of held stock behind the service's back, for a hold that expires {@code hoursFromNow} from now. */
    private static void holdBehindItsBack(Handle handle, String holdId, String batchRef, int qty, long hoursFromNow) {
        handle.createUpdate("""
                        INSERT INTO held_stock (sku, holdid, batchref, qty, expires_at, line_sequence)
                        VALUES ('LAMP', :holdid, :batchref, :qty, :expires, 99)""")
                .bind("holdid", holdId).bind("batchref", batchRef).bind("qty", qty)
                .bind("expires", OffsetDateTime.now(ZoneOffset.UTC).plusHours(hoursFromNow))
                .execute();
    }

    /** A database whose batches each hold the most a quantity can be, so that their lines' sums pass 32 bits, then {@code corruption}. */
    private DatabaseUrl fullToTheLastUnit(Consumer<Handle> corruption) {
        DatabaseUrl url = TestDatabases.freshUrl(kind);
        try (Database database = Database.connect(url, 2)) {
            DirectBus bus = Bootstrap.bus(database.unitsOfWork(), Bootstrap.Settings.DEFAULT, () -> { });
            bus.handle(new CreateBatch("warehouse", "LAMP", Integer.MAX_VALUE, null));
            bus.handle(new CreateBatch("shipment", "LAMP", Integer.MAX_VALUE, LocalDate.of(2026, 12, 24)));
            bus.handle(new Allocate("o1", "LAMP", Integer.MAX_VALUE - 1));
            bus.handle(new Allocate("o2", "LAMP", 1));
            bus.handle(new Allocate("o3", "LAMP", Integer.MAX_VALUE));
            bus.handle(new Allocate("o4", "LAMP", Integer.MAX_VALUE));
            database.jdbi().useHandle(corruption::accept);
        }
        return url;
    }

    private RunningJar.Finished check(DatabaseUrl url) throws IOException, InterruptedException {
        return RunningJar.command(Files.createTempDirectory(Path.of("target"), "check-").toAbsolutePath(), url, Map.of(), "check");
    }

    @Test
    void a_database_the_service_wrote_is_consistent_and_its_outbox_backlog_is_reported() throws Exception {
        RunningJar.Finished report = check(database(handle -> { }));

        assertThat(report.status()).as(report.output()).isZero();
        assertThat(report.output()).doesNotContain("INCONSISTENT")
                .containsPattern("Outbox: \\d+ message\\(s\\) waiting to be delivered, the oldest for \\d+ s")
                .contains("Consistent.");
    }

    @Test
    void an_over_allocated_batch_is_found() throws Exception {
        RunningJar.Finished report = check(database(handle -> handle.execute(
                "INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) VALUES ('LAMP', 'intruder', 5, 'warehouse', 99)")));

        assertThat(report.status()).isEqualTo(1);
        assertThat(report.output())
                .contains("INCONSISTENT: batch warehouse is over-allocated: its lines hold 13 of 10")
                .contains("INCONSISTENT: batch warehouse records 8 allocated, but its lines hold 13")
                .contains("INCONSISTENT: line intruder/LAMP is allocated to warehouse, but the read model does not show it");
    }

    @Test
    void batches_whose_lines_add_up_past_32_bits_are_checked_with_their_true_sums() throws Exception {
        RunningJar.Finished consistent = check(fullToTheLastUnit(handle -> { }));
        RunningJar.Finished corrupted = check(fullToTheLastUnit(handle -> handle.execute(
                "INSERT INTO order_lines (sku, orderid, qty, batchref, line_sequence) VALUES ('LAMP', 'intruder', 2147483647, 'warehouse', 99)")));

        assertThat(consistent.status()).as(consistent.output()).isZero();
        assertThat(consistent.output()).doesNotContain("INCONSISTENT").contains("Consistent.");
        assertThat(corrupted.status()).as(corrupted.output()).isEqualTo(1);
        assertThat(corrupted.output())
                .contains("INCONSISTENT: batch warehouse is over-allocated: its lines hold 4294967294 of 2147483647")
                .contains("INCONSISTENT: batch warehouse records 2147483647 allocated, but its lines hold 4294967294");
    }

    @Test
    void a_read_model_row_with_no_line_is_found() throws Exception {
        RunningJar.Finished report = check(database(handle -> handle.execute(
                "INSERT INTO allocations_view (orderid, sku, batchref) VALUES ('ghost', 'LAMP', 'shipment')")));

        assertThat(report.status()).isEqualTo(1);
        assertThat(report.output())
                .contains("INCONSISTENT: the read model shows line ghost/LAMP in batch shipment, but no such allocated line exists")
                .contains("1 finding(s).");
    }

    @Test
    void a_backordered_line_that_a_batch_could_take_is_found() throws Exception {
        RunningJar.Finished report = check(database(handle -> handle.execute(
                "UPDATE batches SET purchased = purchased + 100 WHERE reference = 'shipment'")));

        assertThat(report.status()).isEqualTo(1);
        assertThat(report.output()).contains("INCONSISTENT: line o3/LAMP of 6 is backordered, but a batch has 101 free");
    }

    @Test
    void a_batch_whose_allocated_and_actively_held_stock_pass_what_was_purchased_is_found_and_expired_stock_is_not_counted() throws Exception {
        RunningJar.Finished report = check(database(handle -> {
            handle.execute("INSERT INTO holds (holdid, status, expires_at, orderid, version) "
                    + "SELECT 'intruder', status, expires_at, NULL, 0 FROM holds WHERE holdid = 'cart'");
            holdBehindItsBack(handle, "intruder", "warehouse", 5, 1);
            handle.execute("INSERT INTO holds (holdid, status, expires_at, orderid, version) "
                    + "SELECT 'lapsed', status, expires_at, NULL, 0 FROM holds WHERE holdid = 'cart'");
            holdBehindItsBack(handle, "lapsed", "shipment", 100, -1);
        }));

        assertThat(report.status()).as(report.output()).isEqualTo(1);
        assertThat(report.output())
                .contains("INCONSISTENT: batch warehouse promises more than it has: 8 allocated and 6 held by active holds, of 10")
                .contains("INCONSISTENT: batch warehouse records 1 held, but its holds' stock there adds up to 6")
                .contains("INCONSISTENT: batch shipment records 0 held, but its holds' stock there adds up to 100")
                .doesNotContain("batch shipment promises more");
    }

    @Test
    void stock_held_for_a_hold_that_is_not_active_or_not_there_is_found() throws Exception {
        RunningJar.Finished report = check(database(handle -> {
            handle.execute("UPDATE holds SET status = 'released' WHERE holdid = 'cart'");
            handle.execute("UPDATE batches SET held = 2 WHERE reference = 'warehouse'");
            holdBehindItsBack(handle, "ghost", "warehouse", 1, 1);
        }));

        assertThat(report.status()).as(report.output()).isEqualTo(1);
        assertThat(report.output())
                .contains("INCONSISTENT: LAMP holds 1 on batch warehouse for hold cart, which is released, not active")
                .contains("INCONSISTENT: LAMP holds 1 on batch warehouse for hold ghost, which does not exist")
                .contains("2 finding(s).");
    }
}
