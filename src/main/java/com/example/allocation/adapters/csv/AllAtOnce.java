package com.example.allocation.adapters.csv;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Several CSV files written into a folder as one: each beside its final name first, then each renamed into place,
 * the files it replaces kept until every rename is done and put back if one fails — so a run that fails part-way
 * leaves the folder as it was. A failure is a {@link CsvFolder.NotWritten} naming the file and the cause in words, for
 * the one line a planner reads.
 */
final class AllAtOnce {

    /** How a file is moved into place: the file system's rename (a test may make one fail). */
    @FunctionalInterface
    interface Mover {
        void move(Path from, Path to) throws IOException;
    }

    private final Path folder;
    private final Mover mover;
    private final CSVFormat format;

    AllAtOnce(Path folder, Mover mover, CSVFormat format) {
        this.folder = folder;
        this.mover = mover;
        this.format = format;
    }

    /**
     * @param files each file's name and its records, the header first
     * @throws CsvFolder.NotWritten if any could not be written; the folder is then as it was, unless the message says otherwise
     */
    void write(Map<String, List<List<String>>> files) {
        for (String name : files.keySet()) {
            if (Files.isDirectory(folder.resolve(name))) {
                throw new CsvFolder.NotWritten("Nothing written to " + folder + ": " + name + " is a folder there, not a file",
                        new IOException(name + " is a folder"));
            }
        }
        Map<String, Path> staged = new LinkedHashMap<>();
        try {
            files.forEach((name, rows) -> staged.put(name, stage(name, rows)));
            renameAll(staged);
        } finally {
            staged.values().forEach(AllAtOnce::deleteQuietly);
        }
    }

    private Path stage(String name, List<List<String>> rows) {
        Path beside = folder.resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        try (Writer out = Files.newBufferedWriter(beside, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            deleteQuietly(beside);
            throw new CsvFolder.NotWritten("Nothing written to " + folder + ": " + name + " could not be written (" + why(e) + ")", e);
        }
        return beside;
    }

    /** Renames each staged file into place, keeping the originals until all are done; puts them back if one fails. */
    private void renameAll(Map<String, Path> staged) {
        Map<Path, Path> kept = new LinkedHashMap<>();
        List<Path> placed = new ArrayList<>();
        String current = null;
        try {
            for (Map.Entry<String, Path> file : staged.entrySet()) {
                current = file.getKey();
                Path target = folder.resolve(file.getKey());
                if (Files.exists(target)) {
                    Path backup = folder.resolve("." + file.getKey() + "." + UUID.randomUUID() + ".bak");
                    mover.move(target, backup);
                    kept.put(target, backup);
                }
                mover.move(file.getValue(), target);
                placed.add(target);
            }
        } catch (IOException e) {
            placed.forEach(AllAtOnce::deleteQuietly);
            List<String> notPutBack = new ArrayList<>();
            kept.forEach((target, backup) -> {
                try {
                    mover.move(backup, target);
                } catch (IOException lost) {
                    e.addSuppressed(lost);
                    notPutBack.add(target.getFileName() + " (its earlier content is in " + backup.getFileName() + ")");
                }
            });
            String failure = current + " could not be put in place (" + why(e) + ")";
            throw new CsvFolder.NotWritten(notPutBack.isEmpty()
                    ? "Nothing written to " + folder + ": " + failure + ", so it is as it was"
                    : folder + " is left part-written: " + failure + ", and could not put back " + String.join(", ", notPutBack), e);
        }
        kept.values().forEach(AllAtOnce::deleteQuietly);
    }

    /** Why a file could not be written or moved, in words: not the exception's type, nor the names of temporary files. */
    private static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the folder or a file in it is gone";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : "an input or output error";
    }

    /** A file's records: its header, then its rows. */
    static List<List<String>> withHeader(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file beside the results, named as such
        }
    }
}
