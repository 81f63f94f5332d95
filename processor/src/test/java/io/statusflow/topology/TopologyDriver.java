package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The topology under a {@link TopologyTestDriver}, with JSON in and out. */
public final class TopologyDriver implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<String, byte[]> commands;
    private final TestInputTopic<byte[], byte[]> rawCommands;
    private final TestOutputTopic<String, byte[]> results;
    private final TestOutputTopic<String, byte[]> events;
    private final TestOutputTopic<String, byte[]> current;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<byte[], byte[]> rerouted;

    public TopologyDriver() {
        this(WorkerSettings.defaults());
    }

    public TopologyDriver(WorkerSettings settings) {
        this(settings, new Properties());
    }

    /** With more Streams properties, which win over the harness's own. */
    public TopologyDriver(WorkerSettings settings, Properties extra) {
        try {
            stateDir = Files.createTempDirectory("statusflow-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "statusflow-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.putAll(extra);
        driver = new TopologyTestDriver(StatusTopology.build(settings), props, START);
        Topics t = settings.topics();
        // Producers in tests send string keys; the topology reads every key as bytes, as the topic says.
        commands = driver.createInputTopic(t.commands().name(), new StringSerializer(), t.commands().valueSerde().serializer());
        rawCommands = input(t.commands());
        results = output(t.results());
        events = output(t.events());
        current = output(t.current());
        deadLetters = output(t.deadLetters());
        rerouted = output(t.rerouted());
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Sends a command keyed by its tenantId and returns its one result. */
    public JsonNode send(Cmd cmd) {
        return send(cmd.tenantId(), cmd.bytes());
    }

    /** Sends raw bytes under a key and returns the one result they produced. */
    public JsonNode send(String key, byte[] value) {
        commands.pipeInput(key, value);
        List<JsonNode> out = results();
        assertEquals(1, out.size(), "exactly one result per command");
        return out.get(0);
    }

    /** Sends a record and returns nothing: for records that may get no result. */
    public void pipe(byte[] key, byte[] value) {
        rawCommands.pipeInput(key, value);
    }

    /** Sends a record with headers; returns nothing. */
    public void pipe(TestRecord<byte[], byte[]> record) {
        rawCommands.pipeInput(record);
    }

    /** A store of the topology, to set up state no command could make, or to look into it. */
    public <K, V> org.apache.kafka.streams.state.KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    public void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    public List<JsonNode> results() {
        return values(results.readRecordsToList());
    }

    public List<JsonNode> events() {
        return values(events.readRecordsToList());
    }

    /** Snapshots published on the current-status topic; a null value is a tombstone. */
    public List<KeyValue<String, JsonNode>> current() {
        List<KeyValue<String, JsonNode>> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : current.readRecordsToList()) {
            out.add(KeyValue.pair(r.key(), r.value() == null ? null : parse(r.value())));
        }
        return out;
    }

    /** Records forwarded to the reroute topic (which the driver also feeds back into the topology). */
    public List<TestRecord<byte[], byte[]>> rerouted() {
        return rerouted.readRecordsToList();
    }

    public List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** Number of entries in a key-value store of the topology. */
    public long storeSize(String store) {
        long n = 0;
        try (var it = driver.<Object, Object>getKeyValueStore(store).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    public boolean storeHasKey(String store, String key) {
        return driver.getKeyValueStore(store).get(key) != null;
    }

    public boolean quiet() {
        return results.isEmpty() && events.isEmpty() && current.isEmpty() && deadLetters.isEmpty();
    }

    public static JsonNode parse(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> values(List<TestRecord<String, byte[]>> records) {
        return records.stream().map(r -> parse(r.value())).toList();
    }

    /** A topic the test writes to with string keys and byte values (a topic other than the commands). */
    public TestInputTopic<String, byte[]> inputTopic(String name) {
        return driver.createInputTopic(name, new StringSerializer(), new ByteArraySerializer());
    }

    /** A topic the topology writes, read with string keys and byte values. */
    public TestOutputTopic<String, byte[]> outputTopic(String name) {
        return driver.createOutputTopic(name, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
