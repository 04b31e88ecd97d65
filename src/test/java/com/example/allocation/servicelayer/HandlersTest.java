package com.example.allocation.servicelayer;

import static com.example.allocation.TestDates.TOMORROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.allocation.domain.AcceptedLine;
import com.example.allocation.domain.Batch;
import com.example.allocation.domain.Product;
import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.ChangeBatchQuantity;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.commands.Deallocate;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.domain.refusals.DuplicateBatch;
import com.example.allocation.domain.refusals.InvalidSku;
import com.example.allocation.domain.refusals.LineConflict;
import com.example.allocation.domain.refusals.UnknownBatch;
import com.example.allocation.domain.refusals.UnknownLine;
import com.example.allocation.servicelayer.RecordingNotifications.Sent;
import com.example.allocation.servicelayer.messagebus.Origin;
import com.example.allocation.servicelayer.outbox.ChannelMessage;
import com.example.allocation.servicelayer.outbox.OutboxEntry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The service's behaviour, driven through the message bus with fakes (high gear). */
class HandlersTest {

    private final FakeService service = new FakeService();

    private Product product(String sku) {
        return service.store.product(sku).orElseThrow();
    }

    private AcceptedLine line(String sku, String orderId) {
        return product(sku).line(orderId).orElseThrow();
    }

    private Batch batch(String sku, String batchRef) {
        return product(sku).batch(batchRef).orElseThrow();
    }

    @Nested
    class AddBatch {

        @Test
        void creates_the_product_with_its_first_batch() {
            service.handle(new CreateBatch("b1", "CRUNCHY-ARMCHAIR", 100, null));

            assertThat(product("CRUNCHY-ARMCHAIR").batches()).extracting(Batch::batchRef).containsExactly("b1");
        }

        @Test
        void adds_later_batches_to_the_existing_product() {
            service.handle(new CreateBatch("b1", "GARISH-RUG", 100, null));
            service.handle(new CreateBatch("b2", "GARISH-RUG", 99, TOMORROW));

            assertThat(product("GARISH-RUG").batches()).extracting(Batch::batchRef).containsExactly("b1", "b2");
        }

        @Test
        void refuses_a_batch_reference_that_exists_even_under_another_sku() {
            service.handle(new CreateBatch("b1", "GARISH-RUG", 100, null));

            assertThatThrownBy(() -> service.handle(new CreateBatch("b1", "OTHER-SKU", 5, null)))
                    .isInstanceOf(DuplicateBatch.class);
            assertThat(service.store.product("OTHER-SKU")).isEmpty();
        }
    }

    @Nested
    class Allocate_ {

        @Test
        void records_the_chosen_batch() {
            service.handle(new CreateBatch("batch1", "COMPLICATED-LAMP", 100, null));

            service.handle(new Allocate("o1", "COMPLICATED-LAMP", 10));

            assertThat(line("COMPLICATED-LAMP", "o1").batchRef()).isEqualTo("batch1");
            assertThat(batch("COMPLICATED-LAMP", "batch1").availableQuantity()).isEqualTo(90);
        }

        @Test
        void prefers_warehouse_stock_to_a_shipment() {
            service.handle(new CreateBatch("shipment", "LAMP", 100, TOMORROW));
            service.handle(new CreateBatch("warehouse", "LAMP", 100, null));

            service.handle(new Allocate("o1", "LAMP", 10));

            assertThat(line("LAMP", "o1").batchRef()).isEqualTo("warehouse");
        }

        @Test
        void errors_for_an_invalid_sku_and_records_nothing() {
            service.handle(new CreateBatch("b1", "AREALSKU", 100, null));
            int commits = service.store.commits();

            assertThatThrownBy(() -> service.handle(new Allocate("o1", "NONEXISTENTSKU", 10)))
                    .isInstanceOf(InvalidSku.class).hasMessage("Invalid sku NONEXISTENTSKU");
            assertThat(service.store.commits()).isEqualTo(commits);
            assertThat(service.store.product("NONEXISTENTSKU")).isEmpty();
        }

        @Test
        void commits_the_allocation_with_its_read_model_row_and_outbox_message() {
            service.handle(new CreateBatch("b1", "OMINOUS-MIRROR", 100, null));

            service.handle(new Allocate("o1", "OMINOUS-MIRROR", 10));

            assertThat(line("OMINOUS-MIRROR", "o1").batchRef()).isEqualTo("b1");
            assertThat(service.store.allocation("o1", "OMINOUS-MIRROR")).contains("b1");
            assertThat(service.store.outbox()).extracting(OutboxEntry::message)
                    .containsExactly(new ChannelMessage("line_allocated", new Allocated("o1", "OMINOUS-MIRROR", 10, "b1")));
        }

        @Test
        void updates_the_read_model() {
            service.handle(new CreateBatch("b1", "LAMP", 100, null));

            service.handle(new Allocate("o1", "LAMP", 10));

            assertThat(service.store.allocation("o1", "LAMP")).contains("b1");
        }

        @Test
        void publishes_the_allocation_on_line_allocated() {
            service.handle(new CreateBatch("b1", "LAMP", 100, null));

            service.handle(new Allocate("o1", "LAMP", 10));

            assertThat(service.publisher.events("line_allocated")).containsExactly(new Allocated("o1", "LAMP", 10, "b1"));
            assertThat(service.store.undelivered()).isEmpty();
        }

        @Test
        void increments_the_product_version() {
            service.handle(new CreateBatch("b1", "LAMP", 100, null));
            long version = product("LAMP").version();

            service.handle(new Allocate("o1", "LAMP", 10));

            assertThat(product("LAMP").version()).isEqualTo(version + 1);
        }

        @Test
        void allocates_a_repeated_line_once_and_reports_the_same_outcome() {
            service.handle(new CreateBatch("b1", "LAMP", 100, null));
            service.handle(new Allocate("o1", "LAMP", 10));
            long version = product("LAMP").version();

            service.handle(new Allocate("o1", "LAMP", 10));

            assertThat(batch("LAMP", "b1").availableQuantity()).isEqualTo(90);
            assertThat(product("LAMP").version()).isEqualTo(version);
            assertThat(service.publisher.events("line_allocated")).hasSize(1);
            assertThat(line("LAMP", "o1").batchRef()).isEqualTo("b1");
        }

        @Test
        void refuses_the_same_line_with_another_quantity_as_a_conflict() {
            service.handle(new CreateBatch("b1", "LAMP", 100, null));
            service.handle(new Allocate("o1", "LAMP", 10));

            assertThatThrownBy(() -> service.handle(new Allocate("o1", "LAMP", 12))).isInstanceOf(LineConflict.class);
            assertThat(line("LAMP", "o1").qty()).isEqualTo(10);
        }

        @Test
        void keeps_a_line_that_does_not_fit_as_backordered() {
            service.handle(new CreateBatch("b1", "POPULAR-CURTAINS", 9, null));

            service.handle(new Allocate("o1", "POPULAR-CURTAINS", 10));

            assertThat(line("POPULAR-CURTAINS", "o1").isBackordered()).isTrue();
            assertThat(service.store.allocation("o1", "POPULAR-CURTAINS")).isEmpty();
        }

        @Test
        void emails_stock_when_a_line_is_out_of_stock() {
            service.handle(new CreateBatch("b1", "POPULAR-CURTAINS", 9, null));

            service.handle(new Allocate("o1", "POPULAR-CURTAINS", 10));

            assertThat(service.notifications.sent())
                    .containsExactly(new Sent("stock@made.com", "Out of stock for POPULAR-CURTAINS", Origin.UNAUTHENTICATED));
        }

        @Test
        void what_an_allocation_sends_out_names_the_caller_who_placed_the_line() {
            service.bus.handle(new CreateBatch("b1", "LAMP", 10, null), Origin.requestedBy("stock-service"));
            service.bus.handle(new CreateBatch("b2", "POPULAR-CURTAINS", 1, null), Origin.requestedBy("stock-service"));

            service.bus.handle(new Allocate("o1", "LAMP", 1), Origin.requestedBy("web-shop"));
            service.bus.handle(new Allocate("o2", "POPULAR-CURTAINS", 5), Origin.requestedBy("phone-orders"));

            assertThat(service.publisher.published()).singleElement()
                    .satisfies(published -> assertThat(published.origin()).isEqualTo(Origin.requestedBy("web-shop")));
            assertThat(service.notifications.sent()).containsExactly(
                    new Sent("stock@made.com", "Out of stock for POPULAR-CURTAINS", Origin.requestedBy("phone-orders")));
        }
    }

    @Nested
    class EventLog {

        @Test
        void with_an_event_log_every_fact_is_published_on_it_in_the_order_it_happened() {
            FakeService withKafka = new FakeService("allocation.events");

            withKafka.handle(new CreateBatch("b1", "LAMP", 10, null));
            withKafka.handle(new Allocate("o1", "LAMP", 8));
            withKafka.handle(new ChangeBatchQuantity("b1", 5));
            withKafka.handle(new Deallocate("o1", "LAMP"));

            assertThat(withKafka.publisher.events("allocation.events")).extracting(event -> event.getClass().getSimpleName())
                    .containsExactly("BatchCreated", "Allocated", "BatchQuantityChanged", "Deallocated", "Backordered", "OutOfStock",
                            "LineCancelled");
            assertThat(withKafka.publisher.events("line_allocated")).hasSize(1);
        }

        @Test
        void without_one_nothing_but_the_books_channel_is_published() {
            service.handle(new CreateBatch("b1", "LAMP", 10, null));
            service.handle(new Allocate("o1", "LAMP", 8));

            assertThat(service.publisher.published()).extracting(RecordingPublisher.Published::channel).containsOnly("line_allocated");
        }
    }

    @Nested
    class ChangeBatchQuantity_ {

        @Test
        void changes_the_available_quantity() {
            service.handle(new CreateBatch("batch1", "ADORABLE-SETTEE", 100, null));

            service.handle(new ChangeBatchQuantity("batch1", 50));

            assertThat(batch("ADORABLE-SETTEE", "batch1").availableQuantity()).isEqualTo(50);
        }

        @Test
        void moves_the_newest_line_out_of_a_shrunk_batch_and_reallocates_it() {
            service.handle(new CreateBatch("batch1", "INDIFFERENT-TABLE", 50, null));
            service.handle(new CreateBatch("batch2", "INDIFFERENT-TABLE", 50, TOMORROW));
            service.handle(new Allocate("order1", "INDIFFERENT-TABLE", 20));
            service.handle(new Allocate("order2", "INDIFFERENT-TABLE", 20));

            service.handle(new ChangeBatchQuantity("batch1", 25));

            assertThat(line("INDIFFERENT-TABLE", "order1").batchRef()).isEqualTo("batch1");
            assertThat(line("INDIFFERENT-TABLE", "order2").batchRef()).isEqualTo("batch2");
            assertThat(batch("INDIFFERENT-TABLE", "batch1").availableQuantity()).isEqualTo(5);
            assertThat(batch("INDIFFERENT-TABLE", "batch2").availableQuantity()).isEqualTo(30);
            assertThat(service.store.allocation("order2", "INDIFFERENT-TABLE")).contains("batch2");
            assertThat(service.publisher.events("line_allocated"))
                    .contains(new Allocated("order2", "INDIFFERENT-TABLE", 20, "batch2"));
        }

        @Test
        void backorders_a_moved_line_with_nowhere_to_go() {
            service.handle(new CreateBatch("batch1", "SHRINKING-SOFA", 10, null));
            service.handle(new Allocate("order1", "SHRINKING-SOFA", 8));

            service.handle(new ChangeBatchQuantity("batch1", 5));

            assertThat(line("SHRINKING-SOFA", "order1").isBackordered()).isTrue();
            assertThat(service.store.allocation("order1", "SHRINKING-SOFA")).isEmpty();
            assertThat(service.notifications.sent()).containsExactly(new Sent("stock@made.com", "Out of stock for SHRINKING-SOFA", Origin.UNAUTHENTICATED));
        }

        @Test
        void fills_backorders_oldest_first_when_the_quantity_is_raised() {
            service.handle(new CreateBatch("batch1", "SOFA", 5, null));
            service.handle(new Allocate("first", "SOFA", 5));
            service.handle(new Allocate("second", "SOFA", 5));
            service.handle(new Allocate("third", "SOFA", 5));

            service.handle(new ChangeBatchQuantity("batch1", 10));

            assertThat(line("SOFA", "second").batchRef()).isEqualTo("batch1");
            assertThat(line("SOFA", "third").isBackordered()).isTrue();
            assertThat(service.store.allocation("second", "SOFA")).contains("batch1");
        }

        @Test
        void errors_for_an_unknown_batch() {
            assertThatThrownBy(() -> service.handle(new ChangeBatchQuantity("nope", 5))).isInstanceOf(UnknownBatch.class);
        }
    }

    @Nested
    class BackordersOnANewBatch {

        @Test
        void are_filled_oldest_first() {
            service.handle(new CreateBatch("sold-out", "STOOL", 1, null));
            service.handle(new Allocate("first", "STOOL", 3));
            service.handle(new Allocate("second", "STOOL", 3));

            service.handle(new CreateBatch("restock", "STOOL", 4, TOMORROW));

            assertThat(line("STOOL", "first").batchRef()).isEqualTo("restock");
            assertThat(line("STOOL", "second").isBackordered()).isTrue();
            assertThat(service.publisher.events("line_allocated")).containsExactly(new Allocated("first", "STOOL", 3, "restock"));
        }
    }

    @Nested
    class Deallocate_ {

        @Test
        void cancels_the_line_frees_its_stock_and_does_not_reallocate_it() {
            service.handle(new CreateBatch("batch1", "CHAIR", 10, null));
            service.handle(new CreateBatch("batch2", "CHAIR", 10, TOMORROW));
            service.handle(new Allocate("o1", "CHAIR", 4));

            service.handle(new Deallocate("o1", "CHAIR"));

            assertThat(product("CHAIR").line("o1")).isEmpty();
            assertThat(batch("CHAIR", "batch1").availableQuantity()).isEqualTo(10);
            assertThat(batch("CHAIR", "batch2").availableQuantity()).isEqualTo(10);
            assertThat(service.store.allocation("o1", "CHAIR")).isEmpty();
        }

        @Test
        void gives_the_freed_stock_to_a_backordered_line() {
            service.handle(new CreateBatch("batch1", "CHAIR", 10, null));
            service.handle(new Allocate("o1", "CHAIR", 10));
            service.handle(new Allocate("waiting", "CHAIR", 6));

            service.handle(new Deallocate("o1", "CHAIR"));

            assertThat(line("CHAIR", "waiting").batchRef()).isEqualTo("batch1");
            assertThat(service.store.allocation("waiting", "CHAIR")).contains("batch1");
        }

        @Test
        void errors_for_an_unknown_line() {
            service.handle(new CreateBatch("batch1", "CHAIR", 10, null));

            assertThatThrownBy(() -> service.handle(new Deallocate("o404", "CHAIR"))).isInstanceOf(UnknownLine.class);
            assertThatThrownBy(() -> service.handle(new Deallocate("o1", "NO-SUCH-SKU"))).isInstanceOf(UnknownLine.class);
        }
    }
}
