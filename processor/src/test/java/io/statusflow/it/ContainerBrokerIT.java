package io.statusflow.it;

import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same contract against a Kafka container; skipped cleanly where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerIT extends WorkerContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @BeforeAll
    static void start() throws Exception {
        startWorker(KAFKA.getBootstrapServers());
    }

    @Override
    String bootstrap() {
        return KAFKA.getBootstrapServers();
    }
}
