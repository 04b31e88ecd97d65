package com.example.allocation.adapters.csv;

import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.InMemoryOrderLines;
import com.example.allocation.domain.OrderLine;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.Command;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.servicelayer.messagebus.CommandType;
import com.example.allocation.servicelayer.messagebus.Commands;
import com.example.allocation.servicelayer.messagebus.Field;
import com.example.allocation.servicelayer.messagebus.MalformedCommand;
import com.example.allocation.servicelayer.messagebus.Raw;
import com.example.allocation.servicelayer.ports.UnitOfWorkFactory;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A folder of CSV files as the service's storage (book appendix C): {@code batches.csv} and, if present,
 * {@code allocations.csv} (the allocations of earlier runs, which keep their batches) are read into products;
 * {@code orders.csv} holds the lines to allocate. Units of work over it ({@link #units()}) commit into the folder's
 * state in memory; {@link #publish} then writes every output file at once — each beside its final name, then
 * renamed — so a run that fails part-way leaves the folder as it was.
 *
 * <p>Files are RFC 4180 CSV in UTF-8 (Commons CSV): quoted fields may hold commas, quotes and line breaks.
 */
public final class CsvFolder {

    public static final String BATCHES = "batches.csv";
    public static final String ORDERS = "orders.csv";
    public static final String ALLOCATIONS = "allocations.csv";
    public static final String BACKORDERS = "backorders.csv";
    public static final String REJECTED = "rejected.csv";

    private static final List<String> BATCH_HEADER = Commands.CREATE_BATCH.fieldNames();
    private static final List<String> ORDER_HEADER = Commands.ALLOCATE.fieldNames();
    private static final Field<String> BATCH_REF = Field.identifier("batchref");
    private static final List<String> ALLOCATION_HEADER = List.of("orderid", "sku", "qty", BATCH_REF.name());
    private static final List<String> REJECTED_HEADER = List.of("orderid", "sku", "qty", "reason");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    /** A line of {@code orders.csv}, as the command that places it, and where it is. */
    public record Order(Allocate command, long lineNumber) {

        public OrderLine line() {
            return command.line();
        }
    }

    /** An order line the rules refused, and why. */
    public record Rejection(OrderLine line, String reason) {
    }

    /** A file that cannot be read as it must be: the message names the file, the line and the problem. */
    public static final class Malformed extends IllegalArgumentException {

        Malformed(String message) {
            super(message);
        }
    }

    /**
     * The results could not be written: the message, one line, names the file and the cause and says whether the
     * folder is as it was (as it is unless putting back a file it had replaced failed too).
     */
    public static final class NotWritten extends UncheckedIOException {

        NotWritten(String message, IOException cause) {
            super(message, cause);
        }
    }

    private final Path folder;
    private AllAtOnce.Mover mover = AllAtOnce::move;
    private final List<OrderLine> earlier;
    private final List<Order> orders;
    private Map<String, Product> products;

    private CsvFolder(Path folder, Map<String, Product> products, List<OrderLine> earlier, List<Order> orders) {
        this.folder = folder;
        this.products = products;
        this.earlier = earlier;
        this.orders = orders;
    }

    /** Reads the folder's input files. @throws Malformed naming the file, the line and the problem */
    public static CsvFolder open(Path folder) {
        Map<String, List<CreateBatch>> batches = new LinkedHashMap<>();
        Set<String> references = new HashSet<>();
        for (CSVRecord record : read(folder, BATCHES, BATCH_HEADER, true)) {
            CreateBatch batch = decode(Commands.CREATE_BATCH, BATCHES, record);
            if (!references.add(batch.batchRef())) {
                throw malformed(BATCHES, record, "batch " + batch.batchRef() + " is listed twice");
            }
            batches.computeIfAbsent(batch.sku(), key -> new ArrayList<>()).add(batch);
        }
        Map<String, Integer> allocated = new HashMap<>();

        Map<String, List<AcceptedLine>> lines = new HashMap<>();
        List<OrderLine> earlier = new ArrayList<>();
        long sequence = 0;
        for (CSVRecord record : read(folder, ALLOCATIONS, ALLOCATION_HEADER, false)) {
            OrderLine line = decode(Commands.ALLOCATE, ALLOCATIONS, record).line();
            String batchref = batchRefOf(record);
            CreateBatch batch = batches.getOrDefault(line.sku(), List.of()).stream().filter(b -> b.batchRef().equals(batchref))
                    .findFirst().orElseThrow(() -> malformed(ALLOCATIONS, record,
                            "batch " + batchref + " of SKU " + line.sku() + " is not in " + BATCHES));
            int left = batch.qty() - allocated.getOrDefault(batchref, 0);
            if (left < line.qty()) {
                throw malformed(ALLOCATIONS, record, "batch " + batchref + " has " + left + " left, not the " + line.qty()
                        + " allocated to it here");
            }
            List<AcceptedLine> ofSku = lines.computeIfAbsent(line.sku(), key -> new ArrayList<>());
            if (ofSku.stream().anyMatch(existing -> existing.orderId().equals(line.orderId()))) {
                throw malformed(ALLOCATIONS, record, "line " + line.orderId() + "/" + line.sku() + " is listed twice");
            }
            allocated.merge(batchref, line.qty(), Integer::sum);
            ofSku.add(AcceptedLine.allocated(line, batchref, ++sequence));
            earlier.add(line);
        }

        List<Order> orders = new ArrayList<>();
        for (CSVRecord record : read(folder, ORDERS, ORDER_HEADER, true)) {
            orders.add(new Order(decode(Commands.ALLOCATE, ORDERS, record), record.getRecordNumber()));
        }

        Map<String, Product> products = new LinkedHashMap<>();
        long last = sequence;
        batches.forEach((sku, ofSku) -> products.put(sku, new Product(sku, 1,
                ofSku.stream().map(row -> new Batch(row.batchRef(), sku, row.qty(), row.eta(), allocated.getOrDefault(row.batchRef(), 0))).toList(),
                new InMemoryOrderLines(lines.getOrDefault(sku, List.of())), List.of(), last)));
        return new CsvFolder(folder, products, List.copyOf(earlier), List.copyOf(orders));
    }

    /** The same folder, moving files with {@code mover}: for the test of a publish that fails part-way. */
    CsvFolder movingWith(AllAtOnce.Mover replacement) {
        this.mover = replacement;
        return this;
    }

    /** The lines of {@code orders.csv}, in file order. */
    public List<Order> orders() {
        return orders;
    }

    /** Units of work over the folder's products, committing into its state in memory. */
    public UnitOfWorkFactory units() {
        return () -> new CsvUnitOfWork(this);
    }

    /** The products as last committed. */
    synchronized Map<String, Product> products() {
        return products;
    }

    synchronized void commit(Map<String, Product> committed) {
        products = Map.copyOf(committed);
    }

    /**
     * Writes {@code allocations.csv} (the earlier allocations first, then the new ones in the order of
     * {@code orders.csv}), {@code backorders.csv} and {@code rejected.csv}: every file beside its final name first,
     * then each renamed into place; if a rename fails, those already renamed are put back as they were.
     *
     * @throws NotWritten naming the file that could not be written and why
     */
    public void publish(List<Rejection> rejections) {
        Set<String> written = new HashSet<>();
        List<List<String>> allocations = new ArrayList<>();
        for (OrderLine line : earlier) {
            written.add(key(line));
            allocations.add(List.of(line.orderId(), line.sku(), String.valueOf(line.qty()), batchOf(line)));
        }
        List<List<String>> backorders = new ArrayList<>();
        for (Order order : orders) {
            OrderLine line = order.line();
            Product product = products().get(line.sku());
            AcceptedLine accepted = product == null ? null : product.line(line.orderId()).orElse(null);
            if (accepted == null || accepted.qty() != line.qty() || !written.add(key(line))) {
                continue;
            }
            List<String> row = List.of(line.orderId(), line.sku(), String.valueOf(line.qty()));
            if (accepted.isAllocated()) {
                allocations.add(List.of(row.get(0), row.get(1), row.get(2), accepted.batchRef()));
            } else {
                backorders.add(row);
            }
        }
        List<List<String>> rejected = rejections.stream().map(rejection -> List.of(rejection.line().orderId(),
                rejection.line().sku(), String.valueOf(rejection.line().qty()), rejection.reason())).toList();
        Map<String, List<List<String>>> outputs = new LinkedHashMap<>();
        outputs.put(ALLOCATIONS, AllAtOnce.withHeader(ALLOCATION_HEADER, allocations));
        outputs.put(BACKORDERS, AllAtOnce.withHeader(ORDER_HEADER, backorders));
        outputs.put(REJECTED, AllAtOnce.withHeader(REJECTED_HEADER, rejected));
        new AllAtOnce(folder, mover, FORMAT).write(outputs);
    }


    private String batchOf(OrderLine line) {
        return products().get(line.sku()).line(line.orderId()).map(AcceptedLine::batchRef).orElseThrow();
    }

    /** The records of a file after its header, which must be exactly {@code header}; none if it is optional and absent. */
    private static List<CSVRecord> read(Path folder, String name, List<String> header, boolean required) {
        Path file = folder.resolve(name);
        if (!required && !Files.exists(file)) {
            return List.of();
        }
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
                CSVParser parser = CSVParser.parse(in, FORMAT)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.isEmpty()) {
                throw new Malformed(name + " line 1: the header is missing; it must be " + String.join(",", header));
            }
            List<String> found = records.get(0).toList();
            if (!found.isEmpty() && found.get(0).startsWith("\uFEFF")) {
                found = new ArrayList<>(found);
                found.set(0, found.get(0).substring(1)); // a byte order mark, as spreadsheets write one
            }
            if (!found.equals(header)) {
                throw new Malformed(name + " line 1: the header must be " + String.join(",", header) + ", not "
                        + String.join(",", found));
            }
            List<CSVRecord> rows = records.subList(1, records.size());
            for (CSVRecord row : rows) {
                if (row.size() != header.size()) {
                    throw malformed(name, row, header.size() + " fields expected (" + String.join(",", header) + "), found "
                            + row.size());
                }
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw new Malformed(name + ": the file is missing from " + folder);
        } catch (CharacterCodingException e) {
            throw new Malformed(name + ": the file is not UTF-8 text");
        } catch (IOException | UncheckedIOException e) {
            throw new Malformed(name + ": cannot be read as CSV (" + e.getMessage() + ")");
        }
    }

    /** A row read as a command, by the catalogue's rules: a cell by its column's name, and an empty cell is a value not given. */
    private static <C extends Command> C decode(CommandType<C> type, String file, CSVRecord record) {
        try {
            return type.decode(field -> cell(record, HEADERS.get(file).indexOf(field)));
        } catch (MalformedCommand malformed) {
            throw malformed(file, record, malformed.getMessage());
        }
    }

    /** The batch an earlier allocation went to, by the catalogue's rule for identifiers. */
    private static String batchRefOf(CSVRecord record) {
        List<String> problems = new ArrayList<>();
        String batchRef = BATCH_REF.read(cell(record, ALLOCATION_HEADER.indexOf(BATCH_REF.name())), problems);
        if (!problems.isEmpty()) {
            throw malformed(ALLOCATIONS, record, String.join("; ", problems));
        }
        return batchRef;
    }

    private static Raw cell(CSVRecord record, int column) {
        String cell = record.get(column);
        return cell.isEmpty() ? Raw.ABSENT : new Raw.Text(cell, false);
    }

    private static final Map<String, List<String>> HEADERS = Map.of(BATCHES, BATCH_HEADER, ORDERS, ORDER_HEADER,
            ALLOCATIONS, ALLOCATION_HEADER);

    private static Malformed malformed(String file, CSVRecord record, String problem) {
        return new Malformed(file + " line " + record.getRecordNumber() + ": " + problem);
    }

    private static String key(OrderLine line) {
        return line.orderId() + "\u0000" + line.sku();
    }
}
