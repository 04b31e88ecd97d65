package com.example.allocation.adapters.csv;

import static com.example.allocation.TestDates.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.servicelayer.ports.UnitOfWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV adapter against real files: what it writes it reads back; it writes all or nothing. */
class CsvFolderIT {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @TempDir
    Path folder;

    private void files(String batches, String orders) throws IOException {
        Files.writeString(folder.resolve(CsvFolder.BATCHES), batches);
        Files.writeString(folder.resolve(CsvFolder.ORDERS), orders);
    }

    @Test
    void what_a_committed_unit_of_work_allocated_is_published_and_read_back_the_same() throws IOException {
        files("ref,sku,qty,eta\nb1,LAMP,10,\nb2,LAMP,5,2026-12-24\n", "orderid,sku,qty\no1,LAMP,8\no2,LAMP,4\n");
        CsvFolder csv = CsvFolder.open(folder);
        try (UnitOfWork uow = csv.units().start()) {
            Product lamp = uow.products().get("LAMP").orElseThrow();
            lamp.allocate(new OrderLine("o1", "LAMP", 8), NOW);
            lamp.allocate(new OrderLine("o2", "LAMP", 4), NOW);
            uow.commit();
        }
        csv.publish(List.of());

        CsvFolder again = CsvFolder.open(folder);
        try (UnitOfWork uow = again.units().start()) {
            Product lamp = uow.products().get("LAMP").orElseThrow();
            assertThat(lamp.line("o1").map(AcceptedLine::batchRef)).contains("b1");
            assertThat(lamp.line("o2").map(AcceptedLine::batchRef)).contains("b2");
            assertThat(lamp.batches()).extracting(Batch::batchRef, Batch::allocatedQuantity)
                    .containsExactly(tuple("b1", 8), tuple("b2", 4));
        }
    }

    @Test
    void a_unit_of_work_closed_without_commit_leaves_the_folders_state_as_it_was() throws IOException {
        files("ref,sku,qty,eta\nb1,LAMP,10,\n", "orderid,sku,qty\no1,LAMP,8\n");
        CsvFolder csv = CsvFolder.open(folder);
        try (UnitOfWork uow = csv.units().start()) {
            uow.products().get("LAMP").orElseThrow().allocate(new OrderLine("o1", "LAMP", 8), NOW);
        }

        try (UnitOfWork uow = csv.units().start()) {
            assertThat(uow.products().get("LAMP").orElseThrow().line("o1")).isEmpty();
        }
        csv.publish(List.of());
        assertThat(Files.readAllLines(folder.resolve(CsvFolder.ALLOCATIONS))).containsExactly("orderid,sku,qty,batchref");
    }

    @Test
    void a_publish_that_fails_part_way_puts_back_what_it_had_replaced_and_leaves_nothing_of_its_own() throws IOException {
        files("ref,sku,qty,eta\nb1,LAMP,10,\n", "orderid,sku,qty\no1,LAMP,8\n");
        Files.writeString(folder.resolve(CsvFolder.ALLOCATIONS), "orderid,sku,qty,batchref\n");
        Files.writeString(folder.resolve(CsvFolder.BACKORDERS), "orderid,sku,qty\nfrom-before,LAMP,99\n");
        // The last file's move into place fails, after allocations.csv and backorders.csv were replaced.
        CsvFolder csv = CsvFolder.open(folder).movingWith((from, to) -> {
            if (to.getFileName().toString().equals(CsvFolder.REJECTED)) {
                throw new IOException("disk full");
            }
            Files.move(from, to);
        });
        try (UnitOfWork uow = csv.units().start()) {
            uow.products().get("LAMP").orElseThrow().allocate(new OrderLine("o1", "LAMP", 8), NOW);
            uow.commit();
        }
        Map<String, String> before = contents();

        assertThatThrownBy(() -> csv.publish(List.of())).isInstanceOf(UncheckedIOException.class)
                .isInstanceOf(CsvFolder.NotWritten.class)
                .hasMessageContaining("it is as it was")
                .hasMessage("Nothing written to " + folder + ": rejected.csv could not be put in place (disk full), so it is as it was");

        assertThat(contents()).isEqualTo(before);
    }

    @Test
    void a_publish_that_cannot_put_back_what_it_replaced_says_so_and_where_the_earlier_content_is() throws IOException {
        files("ref,sku,qty,eta\nb1,LAMP,10,\n", "orderid,sku,qty\no1,LAMP,8\n");
        Files.writeString(folder.resolve(CsvFolder.ALLOCATIONS), "orderid,sku,qty,batchref\n");
        CsvFolder csv = CsvFolder.open(folder).movingWith((from, to) -> {
            if (to.getFileName().toString().equals(CsvFolder.REJECTED) || from.getFileName().toString().endsWith(".bak")) {
                throw new IOException("disk full");
            }
            Files.move(from, to);
        });

        assertThatThrownBy(() -> csv.publish(List.of())).isInstanceOf(CsvFolder.NotWritten.class)
                .hasMessageStartingWith(folder + " is left part-written: rejected.csv could not be put in place (disk full), "
                        + "and could not put back allocations.csv (its earlier content is in .allocations.csv.")
                .hasMessageNotContaining("as it was");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(".allocations.csv.")))
                    .singleElement().satisfies(name -> assertThat(Files.readString(folder.resolve(name))).isEqualTo("orderid,sku,qty,batchref\n"));
        }
    }

    /** Each regular file of the folder, by name, with its content; directories by name alone. */
    private Map<String, String> contents() throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.isDirectory(file) ? "(folder)" : Files.readString(file));
            }
        }
        return contents;
    }
}
