package io.statusflow.it;

import io.statusflow.testkit.Ports;
import io.statusflow.launcher.EmbeddedKafka;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The worker contract against a real KRaft broker started in this JVM: runs everywhere. */
class EmbeddedBrokerIT extends WorkerContract {

    private static EmbeddedKafka broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(Files.createTempDirectory("statusflow-broker"), Ports.freePair());
        startWorker(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        stopWorker();
        broker.close();
    }

    @Override
    String bootstrap() {
        return broker.bootstrapServers();
    }
}
