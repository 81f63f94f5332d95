package io.statusflow.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses options, starts the embedded broker when no cluster is given, creates topics, runs the worker. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    /** How a run ended: its exit code and, after a failure, why, for the one line on standard error. */
    private record Stop(int code, Optional<String> why) {}

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            Options.Parsed parsed = Options.parse(args, env);
            if (parsed.help()) {
                out.print(Options.usage(parsed.helpAll()));
                return 0;
            }
            settings = Settings.resolve(parsed.flags(), parsed.configFile(), env);
        } catch (UsageException e) {
            err.println("statusflow: " + e.getMessage());
            return 2;
        }
        try {
            Stop stop = runWorker(settings);
            stop.why().ifPresent(why -> err.println("statusflow: " + why));
            return stop.code();
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

    private static Stop runWorker(Settings settings) throws StartupException, UsageException, InterruptedException {
        EmbeddedKafka broker = null;
        String bootstrap;
        if (settings.bootstrapServers().isPresent()) {
            bootstrap = settings.bootstrapServers().get();
        } else {
            Path dir = Path.of(settings.get(Setting.EMBEDDED_DIR).orElseThrow());
            try {
                broker = EmbeddedKafka.start(dir, settings.embeddedPort());
            } catch (EmbeddedKafka.DirectoryInUse e) {
                throw new StartupException(e.getMessage() + " (a statusflow already runs here?); stop it, or start this one"
                        + " with another " + Setting.EMBEDDED_DIR.option() + " and " + Setting.EMBEDDED_PORT.option());
            } catch (EmbeddedKafka.PortInUse e) {
                throw new StartupException("the embedded broker needs port " + e.port() + ", which is in use; choose another"
                        + " with " + Setting.EMBEDDED_PORT.option() + " (its controller takes the next port)");
            } catch (IOException | RuntimeException e) {
                throw new StartupException("cannot start the embedded Kafka broker on port " + settings.embeddedPort()
                        + ": " + rootMessage(e));
            }
            bootstrap = broker.bootstrapServers();
            log.info("embedded Kafka broker listening on {} (data in {})", bootstrap, dir.toAbsolutePath());
        }
        EmbeddedKafka embedded = broker;
        boolean embeddedClosed = false;
        try {
            // One pass, in order: settings, topics, the worker, the transmitter, then HTTP. The HTTP port is
            // chosen first, because the worker names it to other instances (application.server).
            Optional<Integer> port = settings.httpEnabled() ? Optional.of(Http.port(settings)) : Optional.empty();
            Properties props = settings.streamsProperties(bootstrap);
            port.ifPresent(p -> props.putIfAbsent("application.server", "localhost:" + p));
            String appId = settings.require(Setting.APPLICATION_ID);
            List<String> groups = settings.ssf().isPresent() ? List.of(appId, appId + "-ssf") : List.of(appId);
            TopicCreator.Needs needs = new TopicCreator.Needs(AclCheck.topicNeeds(settings.topics(), settings.ssf(),
                    settings.httpEnabled()), groups, appId + "-");
            TopicCreator.Facts topics = TopicCreator.ensure(props, settings.topics(), settings.ssf(), settings.partitions(),
                    settings.replicationFactor(), settings.currentDeleteRetention(), settings.startupTimeout(),
                    Optional.of(needs));
            if (settings.commandAuth() == CommandAuth.TOKEN && !topics.commandsAppendTime()) {
                throw new StartupException(Setting.COMMAND_AUTH.option() + " token judges a token at the broker's append time,"
                        + " but topic " + settings.topics().commands().name() + " has message.timestamp.type=CreateTime"
                        + " (its producers choose it); fix it with: kafka-configs.sh --bootstrap-server " + bootstrap
                        + " --alter --entity-type topics --entity-name " + settings.topics().commands().name()
                        + " --add-config message.timestamp.type=LogAppendTime");
            }
            if (!topics.created().isEmpty()) {
                log.info("created topics {}", topics.created());
            }
            JwtKeys keys = JwtKeys.make(settings.jwt(), embedded != null, settings.dataDir());
            Metrics metrics = new Metrics();
            Optional<io.statusflow.domain.TokenVerifier> tokens = Optional.empty();
            if (settings.commandAuth() == CommandAuth.TOKEN) {
                tokens = Optional.of(new io.statusflow.auth.CommandTokens(keys.auth(), settings.require(Setting.JWT_TENANT_CLAIM),
                        settings.jwt().clockSkew()));
            } else if (embedded == null) {
                log.warn("{} trusted: a command's actor is believed, so every principal that may write {} acts as any"
                        + " actor, platform admins included. Limit who may write it with ACLs, or run with {} token"
                        + " (docs/security.md).", Setting.COMMAND_AUTH.option(), settings.topics().commands().name(),
                        Setting.COMMAND_AUTH.option());
            }
            Optional<String> issuer = settings.ssf().map(o -> SsfWiring.issuer(o, port.orElse(0), settings.httpTls().isPresent()));
            io.statusflow.topology.WorkerSettings ws = settings.worker().settings(topics.commandPartitions(),
                    Math.min(KafkaProperties.maxRequestBytes(props), topics.deadLetterMaxBytes()),
                    issuer.map(i -> settings.ssf().get().outbox(i)), tokens);
            Worker worker = new Worker(ws, props, settings.rocksDbMemoryBytes(), metrics);
            metrics.bind(worker.streams());
            Optional<SsfWiring> ssf = Optional.empty();
            Optional<Http> http;
            try {
                if (issuer.isPresent()) {
                    ssf = Optional.of(SsfWiring.start(settings.ssf().get(), issuer.get(), settings.dataDir(),
                            KafkaProperties.clients(props), appId, Optional.ofNullable(props.getProperty("application.server")),
                            worker, metrics));
                }
                http = port.isPresent() ? Optional.of(Http.start(settings, port.get(), keys, props, embedded != null, worker,
                        metrics, ssf)) : Optional.empty();
            } catch (StartupException | UsageException | RuntimeException e) {
                ssf.ifPresent(SsfWiring::close);
                worker.close();
                throw e;
            }
            if (ssf.isPresent() && http.isEmpty()) {
                log.info("Shared Signals transmitter {} pushes only: no HTTP API here (--no-http)", issuer.get());
            }
            // The one shutdown path is this thread's, below. On SIGTERM the hook only asks the worker to stop,
            // waits for this thread to close everything, and ends the JVM with the code it chose: 0 for a
            // requested stop (not 143, "killed by signal"), 1 after a failure, so a supervisor sees it.
            CountDownLatch closed = new CountDownLatch(1);
            AtomicInteger exitCode = new AtomicInteger(1);
            Thread hook = new Thread(() -> {
                worker.requestStop();
                try {
                    closed.await(Worker.CLOSE_TIMEOUT.toSeconds() + 8, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(exitCode.get());
            }, "statusflow-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            worker.start();
            int code = worker.awaitStop();
            exitCode.set(code);
            http.ifPresent(Http::close);
            ssf.ifPresent(SsfWiring::close);
            worker.close();
            metrics.close();
            if (embedded != null) {
                embeddedClosed = true;
                embedded.close();
            }
            log.info("statusflow stopped");
            closed.countDown();
            Optional<String> acl = worker.failure().flatMap(f -> AclCheck.explain(f, appId));
            return new Stop(code, code == 0 ? Optional.empty() : Optional.of(acl.orElse("stopped after a fatal error: "
                    + worker.failure().map(Main::rootMessage).orElse("a stream thread failed"))));
        } catch (StartupException | UsageException | RuntimeException e) {
            if (embedded != null && !embeddedClosed) {
                embedded.close();
            }
            if (e instanceof RuntimeException) {
                throw new StartupException(rootMessage(e));
            }
            throw e;
        }
    }

    /** The innermost cause's message: what a person can act on, without the layers around it. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
