package com.example.allocation.servicelayer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.domain.commands.Allocate;
import com.example.allocation.domain.commands.CreateBatch;
import com.example.allocation.domain.events.Allocated;
import com.example.allocation.servicelayer.FakeService;
import com.example.allocation.servicelayer.RecordingNotifications.Sent;
import com.example.allocation.servicelayer.RecordingPublisher.Published;
import com.example.allocation.servicelayer.messagebus.Origin;
import org.junit.jupiter.api.Test;

/** Messages to other systems are recorded with the change and delivered after it: late, never lost. */
class OutboxRelayTest {

    private final FakeService service = new FakeService();

    private OutboxRelay relay() {
        return new OutboxRelay(service.store::start, service.publisher, service.notifications,
                FakeService.FAST.deliveries());
    }

    @Test
    void an_email_that_cannot_be_sent_stays_in_the_outbox_and_goes_out_when_the_mail_server_is_back() {
        service.handle(new CreateBatch("b1", "RARE-VASE", 1, null));
        service.notifications.goDown();

        service.handle(new Allocate("o1", "RARE-VASE", 5));

        assertThat(service.notifications.sent()).isEmpty();
        assertThat(service.store.undelivered()).hasSize(1);

        service.notifications.comeBack();
        assertThat(relay().relayPending()).isEqualTo(1);

        assertThat(service.notifications.sent()).containsExactly(new Sent("stock@made.com", "Out of stock for RARE-VASE", Origin.UNAUTHENTICATED));
        assertThat(service.store.undelivered()).isEmpty();
    }

    @Test
    void allocations_go_on_during_a_broker_outage_and_their_messages_follow_in_order_once_it_is_back() {
        service.handle(new CreateBatch("b1", "LAMP", 100, null));
        service.publisher.goDown();

        service.handle(new Allocate("o1", "LAMP", 1));
        service.handle(new Allocate("o2", "LAMP", 2));
        service.handle(new Allocate("o3", "LAMP", 3));

        assertThat(service.store.product("LAMP").orElseThrow().lines()).hasSize(3);
        assertThat(service.publisher.published()).isEmpty();

        service.publisher.comeBack();
        relay().relayPending();

        assertThat(service.publisher.events("line_allocated")).containsExactly(
                new Allocated("o1", "LAMP", 1, "b1"), new Allocated("o2", "LAMP", 2, "b1"), new Allocated("o3", "LAMP", 3, "b1"));
    }

    @Test
    void a_broker_outage_does_not_hold_up_emails() {
        service.handle(new CreateBatch("b1", "LAMP", 1, null));
        service.publisher.goDown();

        service.handle(new Allocate("o1", "LAMP", 1));
        service.handle(new Allocate("o2", "LAMP", 1));

        assertThat(service.notifications.sent()).containsExactly(new Sent("stock@made.com", "Out of stock for LAMP", Origin.UNAUTHENTICATED));
        assertThat(service.store.undelivered()).extracting(OutboxEntry::message).containsExactly(
                new ChannelMessage("line_allocated", new Allocated("o1", "LAMP", 1, "b1")));
    }

    @Test
    void every_message_carries_its_own_id_for_receivers_to_drop_duplicates() {
        service.handle(new CreateBatch("b1", "LAMP", 100, null));

        service.handle(new Allocate("o1", "LAMP", 1));
        service.handle(new Allocate("o2", "LAMP", 1));

        assertThat(service.publisher.published()).extracting(Published::messageId).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void a_delivered_message_is_not_sent_again() {
        service.handle(new CreateBatch("b1", "LAMP", 100, null));
        service.handle(new Allocate("o1", "LAMP", 1));

        assertThat(relay().relayPending()).isZero();

        assertThat(service.publisher.published()).hasSize(1);
    }
}
