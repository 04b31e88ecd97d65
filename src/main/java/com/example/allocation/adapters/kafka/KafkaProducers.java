package com.example.allocation.adapters.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one way the service makes a Kafka producer: it loses nothing the broker acknowledged and never waits
 * without a bound. The operator's client settings (servers, security) are kept; durability is not theirs to
 * weaken, waits are given defaults.
 */
public final class KafkaProducers {

    /** The longest a send may take, retries included, before it fails: whoever waits for it waits no longer. */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

    private KafkaProducers() {
    }

    /**
     * {@code acks=all} and idempotence: a record counts once every in-sync replica has it, a retried send is
     * written once, and a partition keeps its order. Sends fail within {@link #DELIVERY_TIMEOUT} (less a second),
     * a send blocked on metadata within 5 s.
     */
    public static KafkaProducer<String, String> reliable(Map<String, Object> clientSettings, String clientId) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() - 1_000);
        settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }
}
