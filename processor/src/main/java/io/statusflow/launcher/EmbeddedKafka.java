package io.statusflow.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this process, bound
 * to localhost. Its data stays in its directory between runs; it is formatted only once.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;
    private final FileChannel lock;

    private EmbeddedKafka(KafkaRaftServer server, int port, FileChannel lock) {
        this.server = server;
        this.port = port;
        this.lock = lock;
    }

    /** The directory is held by another broker (another statusflow started in the same folder). */
    public static final class DirectoryInUse extends IOException {
        DirectoryInUse(Path dir) {
            super("the embedded broker's data directory " + dir.toAbsolutePath() + " is in use by another process", null);
        }
    }

    /** A port the broker or its controller needs is taken. */
    public static final class PortInUse extends IOException {
        private final int port;

        PortInUse(int port) {
            super("port " + port + " is in use", null);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }

    /**
     * Takes the directory's lock, checks both ports, formats the directory if it is new, then starts
     * the broker; the controller uses port + 1. The lock comes before anything is read or written, so
     * a second start in the same folder leaves the first broker's data untouched.
     */
    public static EmbeddedKafka start(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        FileChannel lock = lock(dir);
        try {
            for (int p : new int[] {port, port + 1}) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress("localhost", p));
                } catch (IOException e) {
                    throw new PortInUse(p);
                }
            }
            return start(dir, port, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static FileChannel lock(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("statusflow.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() == null) {
                channel.close();
                throw new DirectoryInUse(dir);
            }
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new DirectoryInUse(dir);
        }
        return channel;
    }

    private static EmbeddedKafka start(Path dir, int port, FileChannel lock) throws IOException {
        Path logs = dir.resolve("logs").toAbsolutePath();
        Files.createDirectories(logs);
        Properties p = singleNode(logs, port);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1));
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        Path config = dir.resolve("server.properties").toAbsolutePath();
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "embedded statusflow broker; formatted once, reused between runs");
        }
        KafkaConfig kafkaConfig = KafkaConfig.fromProps(p, false);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            var args = StorageTool.parseArguments(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted"});
            try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
                StorageTool.runFormatCommand(args, kafkaConfig, quiet);
            } catch (Exception e) {
                throw new IOException("cannot format the embedded broker's directory " + logs + ": " + e.getMessage(), e);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(server, port, lock);
    }

    /**
     * What a one-node KRaft cluster on localhost needs whatever its listeners: the combined roles,
     * the controller on {@code port + 1}, internal topics of one replica, no auto-created topics.
     * The caller adds its listeners (a secured broker in the tests adds SASL_SSL ones).
     */
    public static Properties singleNode(Path logs, int port) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@localhost:" + (port + 1));
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("log.dirs", logs.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try {
            lock.close();
        } catch (IOException e) {
            // the process is ending or the directory is gone; the lock goes with it
        }
    }
}
