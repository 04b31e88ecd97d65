package com.example.allocation.e2e;

import static com.example.allocation.e2e.RunningServices.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.allocation.Bootstrap;
import com.example.allocation.Eventually;
import com.example.allocation.Service;
import com.example.allocation.TestConfig;
import com.example.allocation.TestDatabases;
import com.example.allocation.TestKafka;
import com.example.allocation.adapters.persistence.DatabaseUrl;
import com.example.allocation.servicelayer.messagebus.Commands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commands from Kafka (docs/asyncapi.yaml): applied exactly once however often they arrive, bad ones on the
 * dead-letter topic with their reason, and instances of one group sharing the work across a rebalance.
 */
class KafkaCommandsIT {

    private static final TestKafka kafka = new TestKafka();

    private final String commands = "allocation.commands." + UUID.randomUUID();
    private final String deadLetters = commands + ".dlq";
    private final String events = "allocation.events." + UUID.randomUUID();
    private final String group = "allocation-" + UUID.randomUUID();
    private final DatabaseUrl database = TestDatabases.freshUrl(TestDatabases.Kind.POSTGRES);
    private final List<Service> services = new ArrayList<>();

    KafkaCommandsIT() {
        kafka.createTopic(commands, 3);
    }

    @AfterEach
    void stopServices() {
        services.forEach(Service::close);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private ApiClient start() {
        Service service = Bootstrap.start(TestConfig.on(database)
                .with("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()).with("KAFKA_EVENTS_TOPIC", events)
                .with("KAFKA_COMMANDS_TOPIC", commands).with("KAFKA_DLQ_TOPIC", deadLetters).with("KAFKA_GROUP_ID", group).build());
        services.add(service);
        return new ApiClient(service.port());
    }

    private static ProducerRecord<String, String> command(String key, String json) {
        return new ProducerRecord<>("ignored", key, json);
    }

    private static int available(ApiClient api, String sku) {
        return api.get("/products/" + sku).json().path("batches").get(0).path("available").asInt();
    }

    @Test
    void commands_are_applied_and_one_sent_twice_with_its_message_id_is_applied_once() {
        ApiClient api = start();
        String sku = unique("LAMP");

        kafka.send(commands, List.of(
                command(sku, "{\"type\": \"CreateBatch\", \"ref\": \"b-" + sku + "\", \"sku\": \"" + sku + "\", \"qty\": 10, \"eta\": null}"),
                command(sku, "{\"type\": \"Allocate\", \"orderid\": \"o1\", \"sku\": \"" + sku + "\", \"qty\": 2, \"sent_by\": \"web\"}"),
                command(sku, "{\"type\": \"ChangeBatchQuantity\", \"ref\": \"b-" + sku + "\", \"qty\": 20, \"message_id\": \"restock-1\"}"),
                command(sku, "{\"type\": \"ChangeBatchQuantity\", \"ref\": \"b-" + sku + "\", \"qty\": 30, \"message_id\": \"restock-1\"}"),
                command(sku, "{\"type\": \"Allocate\", \"orderid\": \"o2\", \"sku\": \"" + sku + "\", \"qty\": 3}"),
                command(sku, "{\"type\": \"Deallocate\", \"orderid\": \"o2\", \"sku\": \"" + sku + "\"}"),
                command(sku, "{\"type\": \"Allocate\", \"orderid\": \"last\", \"sku\": \"" + sku + "\", \"qty\": 1}")));

        // One key, one partition: the commands are applied in the order sent, so the last one marks the end.
        Eventually.await("the commands applied", () -> api.get("/allocations/last").status() == 200);
        assertThat(api.get("/products/" + sku).json().path("batches").get(0).path("purchased").asInt()).isEqualTo(20);
        assertThat(available(api, sku)).isEqualTo(17);
        assertThat(api.get("/allocations/o1").status()).isEqualTo(200);
        assertThat(api.get("/allocations/o2").status()).isEqualTo(404);
        assertThat(kafka.count(deadLetters)).isZero();
    }

    @Test
    void a_bad_or_refused_command_goes_to_the_dead_letter_topic_with_its_reason_and_the_next_one_is_applied() {
        ApiClient api = start();
        String sku = unique("SOFA");
        kafka.send(commands, List.of(
                command(sku, "{\"type\": \"CreateBatch\", \"ref\": \"b-" + sku + "\", \"sku\": \"" + sku + "\", \"qty\": 10, \"eta\": null}"),
                command("k1", "this is not json"),
                command("k2", "{\"type\": \"Allocate\", \"orderid\": \"o1\", \"sku\": \"" + sku + "\"}"),
                command("k3", "{\"type\": \"Teleport\"}"),
                command("k4", "{\"type\": \"Allocate\", \"orderid\": \"o1\", \"sku\": \"HOVERBOARD\", \"qty\": 1}"),
                command(sku, "{\"type\": \"Allocate\", \"orderid\": \"good\", \"sku\": \"" + sku + "\", \"qty\": 4}")));

        Eventually.await("the good command applied", () -> api.get("/allocations/good").status() == 200);
        List<ConsumerRecord<String, String>> dead = kafka.read(deadLetters, 4);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("k1", "k2", "k3", "k4");
        assertThat(dead).extracting(record -> new String(record.headers().lastHeader("error").value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("The record is not JSON", "qty is required",
                        "Unknown command type Teleport: one of " + String.join(", ", Commands.names()),
                        "Invalid sku HOVERBOARD");
        assertThat(dead).filteredOn(record -> record.key().equals("k1")).singleElement()
                .satisfies(record -> assertThat(record.value()).isEqualTo("this is not json"));
        assertThat(available(api, sku)).isEqualTo(6);
        String inbound = "allocation_inbound_messages_total{channel=\"" + commands + "\",outcome=";
        Eventually.await("the records counted", () -> Metrics.scrape(api).value(inbound + "\"applied\"}") == 2
                && Metrics.scrape(api).value(inbound + "\"dead_lettered\"}") == 4);
        assertThat(Metrics.scrape(api).hasAny("kafka_consumer_fetch_manager_records_lag_max{")).as("the consumer's lag").isTrue();
    }

    @Test
    void two_instances_of_one_group_apply_every_command_once_across_a_rebalance() {
        ApiClient first = start();
        String sku = unique("CHAIR");
        int lines = 300;
        kafka.send(commands, List.of(command(sku,
                "{\"type\": \"CreateBatch\", \"ref\": \"b-" + sku + "\", \"sku\": \"" + sku + "\", \"qty\": 1000, \"eta\": null}")));
        Eventually.await("the batch", () -> first.get("/products/" + sku).status() == 200);

        List<ProducerRecord<String, String>> allocations = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            // Keys spread the lines over the partitions; the SKU in the value is one product.
            allocations.add(command("line-" + i, "{\"type\": \"Allocate\", \"orderid\": \"line-" + i + "\", \"sku\": \"" + sku + "\", \"qty\": 1}"));
        }
        kafka.send(commands, allocations.subList(0, lines / 2));
        ApiClient second = start();
        kafka.send(commands, allocations.subList(lines / 2, lines));
        services.remove(0).close();

        Eventually.await("every line applied", Duration.ofSeconds(60), () -> available(second, sku) <= 1000 - lines);
        assertThat(available(second, sku)).isEqualTo(1000 - lines);
        for (int i = 0; i < lines; i += 37) {
            assertThat(second.get("/allocations/line-" + i).status()).isEqualTo(200);
        }
        assertThat(kafka.count(deadLetters)).isZero();
    }
}
