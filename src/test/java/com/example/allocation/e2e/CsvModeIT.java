package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar allocation.jar csv FOLDER} (the book's appendix C) as a planner runs it, on real files in a
 * folder of the test's own: the service's rules, with no database.
 */
class CsvModeIT {

    private static Path folder(String batches, String orders) throws IOException {
        Path folder = Files.createTempDirectory(Path.of("target"), "csv-").toAbsolutePath();
        Files.writeString(folder.resolve("batches.csv"), batches);
        Files.writeString(folder.resolve("orders.csv"), orders);
        return folder;
    }

    private static RunningJar.Finished csv(Path folder) throws Exception {
        return RunningJar.command(Files.createTempDirectory(Path.of("target"), "csv-run-").toAbsolutePath(),
                TestDatabases.freshUrl(TestDatabases.Kind.H2), Map.of(), "csv", folder.toString());
    }

    private static List<String> lines(Path folder, String file) throws IOException {
        return Files.readAllLines(folder.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void an_order_of_several_skus_goes_to_the_warehouse_first_then_the_earliest_eta_and_a_line_too_big_waits() throws Exception {
        Path folder = folder("""
                ref,sku,qty,eta
                late,LAMP,10,2027-01-10
                soon,LAMP,10,2026-12-24
                shelf,LAMP,3,
                chairs,CHAIR,4,
                """, """
                orderid,sku,qty
                o1,LAMP,3
                o1,CHAIR,4
                o2,LAMP,8
                o3,LAMP,9
                o4,CHAIR,1
                """);

        RunningJar.Finished run = csv(folder);

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(lines(folder, "allocations.csv")).containsExactly("orderid,sku,qty,batchref",
                "o1,LAMP,3,shelf", "o1,CHAIR,4,chairs", "o2,LAMP,8,soon", "o3,LAMP,9,late");
        assertThat(lines(folder, "backorders.csv")).containsExactly("orderid,sku,qty", "o4,CHAIR,1");
        assertThat(lines(folder, "rejected.csv")).containsExactly("orderid,sku,qty,reason");
    }

    @Test
    void earlier_allocations_keep_their_batches_and_new_lines_follow_them_into_the_next_batch_when_one_is_full() throws Exception {
        Path folder = folder("""
                ref,sku,qty,eta
                first,SOFA,10,2026-12-01
                second,SOFA,10,2026-12-15
                """, """
                orderid,sku,qty
                old-1,SOFA,6
                new-1,SOFA,6
                new-2,SOFA,4
                """);
        Files.writeString(folder.resolve("allocations.csv"), "orderid,sku,qty,batchref\nold-1,SOFA,6,first\nold-2,SOFA,4,first\n");

        RunningJar.Finished run = csv(folder);

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(lines(folder, "allocations.csv")).containsExactly("orderid,sku,qty,batchref",
                "old-1,SOFA,6,first", "old-2,SOFA,4,first", "new-1,SOFA,6,second", "new-2,SOFA,4,second");
    }

    @Test
    void lines_the_rules_refuse_are_rejected_with_the_reason_and_the_rest_are_still_processed_exit_3() throws Exception {
        Path folder = folder("ref,sku,qty,eta\nb1,LAMP,10,\n", """
                orderid,sku,qty
                o1,LAMP,2
                o2,HOVERBOARD,1
                o1,LAMP,5
                o3,LAMP,3
                o1,LAMP,2
                """);

        RunningJar.Finished run = csv(folder);

        assertThat(run.status()).isEqualTo(3);
        assertThat(run.output()).contains("2 of 5 order line(s) rejected: see rejected.csv");
        assertThat(lines(folder, "allocations.csv")).containsExactly("orderid,sku,qty,batchref", "o1,LAMP,2,b1", "o3,LAMP,3,b1");
        assertThat(lines(folder, "rejected.csv")).containsExactly("orderid,sku,qty,reason",
                "o2,HOVERBOARD,1,Invalid sku HOVERBOARD",
                "o1,LAMP,5,\"Order o1 already has a line for LAMP with qty 2, not 5; cancel it first to change the quantity\"");
    }

    @Test
    void quoted_fields_with_commas_and_quotes_are_read_and_written_back_as_they_were() throws Exception {
        Path folder = folder("ref,sku,qty,eta\n\"b, \"\"one\"\"\",\"TABLE, OAK\",5,\n", "orderid,sku,qty\n\"ord \"\"1\"\"\",\"TABLE, OAK\",2\n");

        RunningJar.Finished run = csv(folder);

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(Files.readString(folder.resolve("allocations.csv")))
                .isEqualTo("orderid,sku,qty,batchref\r\n\"ord \"\"1\"\"\",\"TABLE, OAK\",2,\"b, \"\"one\"\"\"\r\n");
    }

    @Test
    void a_malformed_file_is_named_with_its_line_and_problem_exit_2_and_the_folder_is_left_exactly_as_it_was() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"ref,sku,qty\nb1,LAMP,5\n", "orderid,sku,qty\no1,LAMP,1\n", "batches.csv line 1: the header must be ref,sku,qty,eta"},
                new String[] {"ref,sku,qty,eta\nb1,LAMP,5,\n", "orderid,sku,qty\no1,LAMP,1\no2,LAMP,two\n",
                        "orders.csv line 3: qty must be a whole number, not the string \"two\""},
                new String[] {"ref,sku,qty,eta\nb1,LAMP,5,2026-02-30\n", "orderid,sku,qty\no1,LAMP,1\n",
                        "batches.csv line 2: eta \"2026-02-30\" is not a real calendar date"},
                new String[] {"ref,sku,qty,eta\nb1,LAMP,5,\n", "orderid,sku,qty\no1,LAMP\n", "orders.csv line 2: 3 fields expected"},
                new String[] {"ref,sku,qty,eta\nb1,LAMP,5,\n", "orderid,sku,qty\no\u0000,LAMP,1\n", "orders.csv line 2: orderid must not contain control characters"},
                new String[] {"ref,sku,qty,eta\nb1,LAMP,5,\n", null, "orders.csv: the file is missing"});
        for (String[] bad : cases) {
            Path folder = folder(bad[0], bad[1] == null ? "" : bad[1]);
            if (bad[1] == null) {
                Files.delete(folder.resolve("orders.csv"));
            }
            Files.writeString(folder.resolve("allocations.csv"), "orderid,sku,qty,batchref\n");
            Map<String, String> before = contents(folder);

            RunningJar.Finished run = csv(folder);

            assertThat(run.status()).as(bad[2]).isEqualTo(2);
            assertThat(run.output()).contains("Nothing written: " + bad[2]);
            assertThat(contents(folder)).as("the folder after: " + bad[2]).isEqualTo(before);
        }
    }

    @Test
    void results_that_cannot_be_written_are_one_line_naming_the_file_and_why_exit_1_and_the_folder_is_left_as_it_was() throws Exception {
        Path folder = folder("ref,sku,qty,eta\nb1,LAMP,10,\n", "orderid,sku,qty\no1,LAMP,8\n");
        Files.writeString(folder.resolve("allocations.csv"), "orderid,sku,qty,batchref\n");
        Files.createDirectory(folder.resolve("rejected.csv"));
        Map<String, String> before = contents(folder);

        RunningJar.Finished run = csv(folder);

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.output().strip()).isEqualTo("Nothing written to " + folder + ": rejected.csv is a folder there, not a file");
        assertThat(run.output()).doesNotContain("at com.").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(contents(folder)).isEqualTo(before);
    }

    @Test
    void the_readme_example_gives_what_the_readme_shows() throws Exception {
        Path folder = Files.createTempDirectory(Path.of("target"), "csv-readme-").toAbsolutePath();
        for (String file : List.of("batches.csv", "orders.csv")) {
            Files.copy(Path.of("docs", "csv-example", file), folder.resolve(file));
        }
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf("```csv-example");
        assertThat(start).as("the README's csv-example block").isPositive();

        RunningJar.Finished run = csv(folder);

        String shownRun = readme.get(start + 2);
        assertThat(run.output().strip()).isEqualTo(shownRun);
        for (String file : List.of("allocations.csv", "backorders.csv", "rejected.csv")) {
            int shown = readme.indexOf("$ cat /tmp/plan/" + file);
            assertThat(shown).as("the README shows " + file).isPositive();
            List<String> expected = new ArrayList<>();
            for (int i = shown + 1; !readme.get(i).startsWith("$") && !readme.get(i).startsWith("```"); i++) {
                expected.add(readme.get(i));
            }
            assertThat(lines(folder, file)).as(file).isEqualTo(expected);
        }
    }

    /** Each regular file of the folder, by name, with its content; folders by name alone. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.isDirectory(file) ? "(folder)" : Files.readString(file));
            }
        }
        return contents;
    }
}
