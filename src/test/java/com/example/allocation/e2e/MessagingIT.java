package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TcpProxy;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestRedis;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service with its neighbours (docs/spec.md §4, book chapter 11): running on PostgreSQL with a real Redis and
 * a real SMTP server, and what happens when they, or the service, go away.
 */
class MessagingIT {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestRedis redis = new TestRedis();
    private final int smtpPort = TestRedis.freePort();
    private final GreenMail mailServer = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private final DatabaseUrl database = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
    private final String sku = unique("SKU");
    private Service service;

    MessagingIT() {
        mailServer.start();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        redis.close();
        mailServer.stop();
    }

    private ApiClient start() {
        service = Bootstrap.start(TestConfig.on(database)
                .with("REDIS_URL", redis.url())
                .with("SMTP_HOST", "127.0.0.1").with("SMTP_PORT", String.valueOf(smtpPort))
                .outboxPolledEvery(Duration.ofMillis(300)).build());
        ApiClient api = new ApiClient(service.port());
        awaitTrue(() -> api.get("/health").json().path("redis").path("consumer").asText().equals("subscribed"), "consumer subscribed");
        return api;
    }

    private static JsonNode json(String message) {
        try {
            return JSON.readTree(message);
        } catch (Exception e) {
            throw new AssertionError(message, e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Eventually.await(what, SOON, condition);
    }

    @Test
    void change_batch_quantity_on_redis_reallocates_and_line_allocated_names_the_new_batch() throws Exception {
        ApiClient api = start();
        String earlier = unique("earlier");
        String later = unique("later");
        String order = unique("order");
        api.addBatch(earlier, sku, 10, "2026-12-01");
        api.addBatch(later, sku, 10, "2026-12-02");
        api.allocate(order, sku, 10);
        assertThat(api.get("/allocations/" + order).json().get(0).get("batchref").asText()).isEqualTo(earlier);

        try (TestRedis.Listener lineAllocated = redis.listen("line_allocated")) {
            redis.publish("change_batch_quantity", "{\"batchref\": \"" + earlier + "\", \"qty\": 5}");

            // The first allocation's own message may arrive here too, since the relay is asynchronous: wait for
            // the one the reallocation caused.
            JsonNode message = json(lineAllocated.await(m -> m.contains(order) && m.contains(later), SOON));
            assertThat(message.get("orderid").asText()).isEqualTo(order);
            assertThat(message.get("sku").asText()).isEqualTo(sku);
            assertThat(message.get("qty").asInt()).isEqualTo(10);
            assertThat(message.get("batchref").asText()).isEqualTo(later);
            assertThat(message.get("message_id").asText()).isNotBlank();
        }
        assertThat(api.get("/allocations/" + order).json().get(0).get("batchref").asText()).isEqualTo(later);
    }

    @Test
    void an_out_of_stock_line_emails_stock_from_allocations() throws Exception {
        ApiClient api = start();
        api.addBatch(unique("batch"), sku, 1, null);

        api.allocate(unique("order"), sku, 5);

        awaitTrue(() -> mailServer.getReceivedMessages().length == 1, "email received");
        MimeMessage email = mailServer.getReceivedMessages()[0];
        assertThat(GreenMailUtil.getAddressList(email.getFrom())).isEqualTo("allocations@example.com");
        assertThat(GreenMailUtil.getAddressList(email.getAllRecipients())).isEqualTo("stock@made.com");
        assertThat(GreenMailUtil.getBody(email)).contains("Out of stock for " + sku);
    }

    @Test
    void messages_recorded_but_not_relayed_when_the_service_stopped_are_published_after_a_restart() throws Exception {
        redis.stop();
        service = Bootstrap.start(TestConfig.on(database).with("REDIS_URL", redis.url()).outboxPolledEvery(Duration.ofMillis(300)).build());
        ApiClient api = new ApiClient(service.port());
        String order = unique("order");
        api.addBatch(unique("batch"), sku, 10, null);
        assertThat(api.allocate(order, sku, 3).status()).isEqualTo(202);
        awaitTrue(() -> api.get("/health").json().get("outbox_backlog").asInt() == 1, "one message waiting");
        service.close();
        service = null;

        redis.start();
        try (TestRedis.Listener lineAllocated = redis.listen("line_allocated")) {
            start();
            assertThat(json(lineAllocated.await(m -> m.contains(order), SOON)).get("qty").asInt()).isEqualTo(3);
        }
    }

    @Test
    void with_redis_unreachable_allocations_succeed_and_their_messages_arrive_once_it_is_back() throws Exception {
        // The outage is between the service and Redis, so the test's own listener stays subscribed throughout:
        // a message published during the outage, or the moment it ends, cannot slip past it unseen.
        try (TcpProxy network = new TcpProxy(redis.port()); TestRedis.Listener lineAllocated = redis.listen("line_allocated")) {
            service = Bootstrap.start(TestConfig.on(database)
                    .with("REDIS_URL", "redis://127.0.0.1:" + network.port())
                    .outboxPolledEvery(Duration.ofMillis(300)).build());
            ApiClient api = new ApiClient(service.port());
            api.addBatch(unique("batch"), sku, 10, null);
            network.cut();
            awaitTrue(() -> api.get("/health").json().at("/redis/publisher").asText().equals("not connected"),
                    "the service sees that Redis is out of reach");

            String order = unique("order");
            assertThat(api.allocate(order, sku, 2).status()).isEqualTo(202);
            assertThat(api.get("/health").json().get("status").asText()).as("allocation goes on").isEqualTo("ok");
            assertThat(api.get("/health").json().get("outbox_backlog").asInt()).as("waiting in the outbox").isEqualTo(1);
            assertThat(lineAllocated.received()).isEmpty();

            network.restore();

            // Had a failed delivery been marked delivered, the message would never arrive.
            assertThat(json(lineAllocated.await(m -> m.contains(order), Duration.ofSeconds(30))).get("qty").asInt()).isEqualTo(2);
            awaitTrue(() -> api.get("/health").json().get("outbox_backlog").asInt() == 0, "outbox drained");
        }
    }

    @Test
    void with_the_mail_server_down_the_email_arrives_once_it_is_back() {
        ApiClient api = start();
        api.addBatch(unique("batch"), sku, 1, null);
        mailServer.stop();

        assertThat(api.allocate(unique("order"), sku, 5).status()).isEqualTo(202);
        awaitTrue(() -> api.get("/health").json().get("smtp").asText().startsWith("failing"), "SMTP failure reported");

        mailServer.start();
        awaitTrue(() -> mailServer.getReceivedMessages().length == 1, "email received after the outage");
        assertThat(GreenMailUtil.getBody(mailServer.getReceivedMessages()[0])).contains("Out of stock for " + sku);
    }

    @Test
    void malformed_inbound_messages_are_skipped_and_the_next_good_one_is_handled() {
        ApiClient api = start();
        String batch = unique("batch");
        api.addBatch(batch, sku, 10, null);

        redis.publish("change_batch_quantity", "not json at all");
        redis.publish("change_batch_quantity", "{\"batchref\": \"" + batch + "\"}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"" + batch + "\", \"qty\": \"many\"}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"" + batch + "\", \"qty\": 99999999999}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"" + unique("unknown") + "\", \"qty\": 3}");
        redis.publish("change_batch_quantity", "{\"batchref\": \"" + batch + "\", \"qty\": 4, \"note\": \"extra keys are fine\"}");

        awaitTrue(() -> api.get("/products/" + sku).json().get("batches").get(0).get("purchased").asInt() == 4, "good message handled");
        assertThat(api.get("/health").json().path("redis").path("consumer").asText()).isEqualTo("subscribed");
    }
}
