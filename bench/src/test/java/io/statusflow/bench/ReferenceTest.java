package io.statusflow.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference applications do what BENCHMARKS.md says they do: a ratio to a reference that does less
 * than its description flatters nothing but the reference.
 */
class ReferenceTest {

    private static final String[] OUTPUTS = {"results", "events", "current", "rerouted"};
    private static final byte[] COMMAND = Mix.command("c-1", "t1", "user", "u7", "suspend", ",\"reason\":\"review\"",
            Mix.ADMIN);

    @TempDir
    Path state;

    @Test
    void theContractWritesTheContractsJsonFromBothInputs() {
        try (TopologyTestDriver driver = driver(Reference.CONTRACT, OUTPUTS)) {
            pipe(driver, "commands", COMMAND);
            pipe(driver, "rerouted", Mix.command("c-2", "t1", "user", "u8", "activate", "", Mix.ADMIN));

            List<TestRecord<byte[], byte[]>> results = read(driver, "results");
            assertEquals(2, results.size());
            assertEquals("c-1", text(results.get(0).key()));
            assertTrue(text(results.get(0).value()).contains("\"outcome\":\"applied\""), text(results.get(0).value()));
            TestRecord<byte[], byte[]> event = read(driver, "events").get(0);
            assertEquals("t1/u7", text(event.key()));
            assertTrue(text(event.value()).contains("\"reason\":\"review\""), text(event.value()));
            assertNotNull(event.headers().lastHeader("ce_id"));
            assertTrue(text(read(driver, "current").get(0).value()).contains("\"snapshot\":{"));

            // Garbage still has its one record on the counted topic, or the benchmark would wait for it.
            byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
            pipe(driver, "commands", garbage);
            assertArrayEquals(garbage, read(driver, "results").get(0).value());
            assertTrue(read(driver, "events").isEmpty());
        }
    }

    @Test
    void theShapeSendsItsInputKeyedAsStatusflowKeysIt() {
        try (TopologyTestDriver driver = driver(Reference.SHAPE, List.of(OUTPUTS).subList(0, 3).toArray(String[]::new))) {
            pipe(driver, "commands", COMMAND);

            for (String topic : List.of("results", "events", "current")) {
                TestRecord<byte[], byte[]> out = read(driver, topic).get(0);
                assertArrayEquals(COMMAND, out.value(), topic);
                assertNull(out.headers().lastHeader("ce_id"), topic);
                assertEquals(topic.equals("results") ? 't' : 'e', text(out.key()).charAt(0), topic);
                assertTrue(topic.equals("results") || text(out.key()).equals("e/t1/u7"), text(out.key()));
            }
        }
    }

    @Test
    void getPutSendsEachRecordOnce() {
        try (TopologyTestDriver driver = driver(Reference.GET_PUT, new String[] {"out"})) {
            pipe(driver, "commands", COMMAND);
            pipe(driver, "commands", COMMAND);

            assertEquals(2, read(driver, "out").size());
        }
    }

    private TopologyTestDriver driver(String mode, String[] outputs) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "reference-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return new TopologyTestDriver(Reference.topology(mode, "commands", outputs), p);
    }

    private static void pipe(TopologyTestDriver driver, String topic, byte[] value) {
        driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput("t1".getBytes(StandardCharsets.UTF_8), value);
    }

    private static List<TestRecord<byte[], byte[]>> read(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
