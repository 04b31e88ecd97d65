package com.example.allocation.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The soak's report for people: {@code report.txt} (every kind of request by outcome, each fault and how long the
 * service took to come back from it, every violation) and {@code throughput.png}.
 */
public final class SoakReport {

    private static final List<String> OUTCOMES = List.of("2xx", "4xx", "503", "none", "other");

    private SoakReport() {
    }

    /** Writes both files into {@code dir} and returns the one-line summary, also printed. */
    public static String write(Journal journal, List<Fault> faults, List<String> violations, Path dir, long startMillis)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Journal.Op> ops = journal.ops();
        String summary = String.format("soak: %d operations, %d faults, %d violations", ops.size(), faults.size(), violations.size());
        StringBuilder text = new StringBuilder(summary).append("\n\n");
        operations(text, ops);
        faults(text, faults, startMillis);
        text.append("\nViolations\n");
        if (violations.isEmpty()) {
            text.append("  none: every promise held\n");
        }
        violations.forEach(violation -> text.append("  - ").append(violation).append('\n'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.txt"), text, StandardCharsets.UTF_8);
        ThroughputChart.draw(ops, faults, startMillis, dir.resolve("throughput.png"));
        System.out.println(summary);
        return summary;
    }

    private static String outcome(Journal.Op op) {
        if (op.acknowledged()) {
            return "2xx";
        }
        if (op.status() == 0) {
            return "none";
        }
        if (op.status() == 503) {
            return "503";
        }
        return op.status() >= 400 && op.status() < 500 ? "4xx" : "other";
    }

    private static void operations(StringBuilder text, List<Journal.Op> ops) {
        Map<String, Map<String, Long>> byKind = ops.stream().collect(Collectors.groupingBy(Journal.Op::kind, TreeMap::new,
                Collectors.groupingBy(SoakReport::outcome, Collectors.counting())));
        text.append(String.format("%-14s", "Operations"));
        OUTCOMES.forEach(outcome -> text.append(String.format("%9s", outcome)));
        text.append(String.format("%9s%n", "total"));
        byKind.forEach((kind, counts) -> row(text, kind, counts));
        row(text, "all", ops.stream().collect(Collectors.groupingBy(SoakReport::outcome, Collectors.counting())));
    }

    private static void row(StringBuilder text, String label, Map<String, Long> counts) {
        text.append(String.format("%-14s", label));
        OUTCOMES.forEach(outcome -> text.append(String.format("%9d", counts.getOrDefault(outcome, 0L))));
        text.append(String.format("%9d%n", counts.values().stream().mapToLong(Long::longValue).sum()));
    }

    private static void faults(StringBuilder text, List<Fault> faults, long startMillis) {
        text.append(String.format("%nFaults (lasted: until healed; silent: the longest the service acknowledged no change, from the%n"
                + "fault's start to 10 s after it healed, other faults included)%n%-24s%10s%10s%10s%n", "kind", "at (s)", "lasted", "silent"));
        if (faults.isEmpty()) {
            text.append("  none\n");
        }
        for (Fault fault : faults) {
            text.append(String.format("%-24s%10.1f%10s%10s%n", fault.kind(), (fault.startMillis() - startMillis) / 1000.0,
                    String.format("%.1f s", (fault.endMillis() - fault.startMillis()) / 1000.0),
                    String.format("%.1f s", fault.silentMillis() / 1000.0)));
        }
    }
}
