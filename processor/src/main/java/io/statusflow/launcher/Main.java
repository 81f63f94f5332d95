package io.statusflow.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses options, starts the embedded broker when no cluster is given, creates topics, runs the worker. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            CommandLine.Parsed parsed = CommandLine.parse(args, env);
            if (parsed.help()) {
                out.print(CommandLine.usage());
                return 0;
            }
            settings = Settings.resolve(parsed.flags(), parsed.configFile(), env);
        } catch (UsageException e) {
            err.println("statusflow: " + e.getMessage());
            return 2;
        }
        try {
            return runWorker(settings);
        } catch (StartupException e) {
            err.println("statusflow: " + e.getMessage());
            return 1;
        } catch (UsageException e) {
            err.println("statusflow: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int runWorker(Settings settings) throws StartupException, UsageException, InterruptedException {
        EmbeddedKafka broker = null;
        String bootstrap;
        if (settings.bootstrapServers().isPresent()) {
            bootstrap = settings.bootstrapServers().get();
        } else {
            Path dir = Path.of(settings.get(Setting.EMBEDDED_DIR).orElseThrow());
            try {
                broker = EmbeddedKafka.start(dir, settings.embeddedPort());
            } catch (IOException | RuntimeException e) {
                throw new StartupException("cannot start the embedded Kafka broker on port " + settings.embeddedPort()
                        + ": " + rootMessage(e));
            }
            bootstrap = broker.bootstrapServers();
            log.info("embedded Kafka broker listening on {} (data in {})", bootstrap, dir.toAbsolutePath());
        }
        EmbeddedKafka embedded = broker;
        try {
            Properties props = settings.streamsProperties(bootstrap);
            List<String> created = TopicCreator.ensure(props, settings.topics(), settings.partitions(),
                    settings.replicationFactor(), settings.startupTimeout());
            if (!created.isEmpty()) {
                log.info("created topics {}", created);
            }
            AtomicReference<Worker> running = new AtomicReference<>();
            Metrics metrics = new Metrics();
            Optional<Http> http = settings.httpEnabled()
                    ? Optional.of(Http.start(settings, props, embedded != null, running::get, metrics::scrape))
                    : Optional.empty();
            Worker worker = new Worker(settings.worker(), props, settings.rocksDbMemoryBytes(), metrics);
            metrics.bind(worker.streams());
            running.set(worker);
            Thread hook = new Thread(() -> {
                http.ifPresent(Http::close);
                worker.close();
                metrics.close();
                if (embedded != null) {
                    embedded.close();
                }
                log.info("statusflow stopped");
                // A stop on SIGTERM that closed everything is a clean exit, not "killed by signal" (143).
                Runtime.getRuntime().halt(0);
            }, "statusflow-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            worker.start();
            int code = worker.awaitStop();
            http.ifPresent(Http::close);
            worker.close();
            return code;
        } catch (StartupException | UsageException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            if (e instanceof RuntimeException) {
                throw new StartupException(rootMessage(e));
            }
            throw e;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
