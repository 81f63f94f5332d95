package io.statusflow.bench;

import io.statusflow.testkit.Ports;
import io.statusflow.launcher.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A program, not a test: measures statusflow against Kafka's own limits in one run, on one broker,
 * with the same partitions and record sizes throughout, and prints one table (also written to
 * {@code --out}). Run it with {@code bench/run}; {@code bench/run --help} lists the options.
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput, latency, state scale, restore, cascade, failover and sink figures of statusflow.")
public final class Benchmark implements Callable<Integer> {

    static final List<String> SECTIONS = List.of("throughput", "latency", "scale", "restore", "cascade", "failover", "sink", "ssf", "peer-keycloak", "tokens",
            "access-view", "request-reply", "baseline", "contract-pairs", "crc32-pairs");
    /**
     * Baseline needs a second build, peer-keycloak fetches and runs Keycloak, contract-pairs and crc32-pairs repeat what
     * the throughput section measures once: each only when asked for.
     */
    private static final List<String> ALL = SECTIONS.stream()
            .filter(s -> !List.of("baseline", "peer-keycloak", "contract-pairs", "crc32-pairs").contains(s)).toList();

    @Option(names = "--bootstrap-servers", description = "Cluster to use; default: an embedded broker in this JVM.")
    String bootstrap;

    @Option(names = "--scale", defaultValue = "1.0",
            description = "Multiplies every size (commands, entities, members); 0.05 gives a quick run. Default ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--sections", split = ",",
            description = "Sections to run, comma-separated: ${COMPLETION-CANDIDATES}. Default: all but baseline, peer-keycloak and the pairs; with"
                    + " --baseline, baseline only.", completionCandidates = SectionNames.class)
    List<String> sections;

    @Option(names = "--baseline", paramLabel = "GIT-REF", description = "bench/run builds this commit's jar and the baseline"
            + " section measures it beside this tree's, alternated, pair by pair.")
    String baselineRef;

    @Option(names = "--baseline-jar", hidden = true, description = "The baseline's jar, built by bench/run.")
    Path baselineJar;

    @Option(names = "--pairs", defaultValue = "3", description = "Pairs of runs of the baseline, contract-pairs and"
            + " crc32-pairs sections."
            + " Default ${DEFAULT-VALUE}.")
    int pairs;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of every topic. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--commit-intervals", split = ",", defaultValue = "50,100,1000",
            description = "Commit intervals (ms) of the throughput runs. Default ${DEFAULT-VALUE}.")
    List<Integer> commitIntervals;

    @Option(names = "--references", split = ",", defaultValue = "get-put,shape,contract",
            description = "Reference applications measured beside the passthrough ceiling before each statusflow"
                    + " throughput run: get-put, get-put-tenant, shape, contract, or none. Default ${DEFAULT-VALUE}.")
    List<String> references;

    @Option(names = "--guarantees", split = ",", defaultValue = "exactly_once_v2,at_least_once",
            description = "Processing guarantees of the throughput and latency runs. Default ${DEFAULT-VALUE}.")
    List<String> guarantees;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "Length of each latency run. Default ${DEFAULT-VALUE}.")
    int latencySeconds;

    @Option(names = "--latency-commit-intervals", split = ",", defaultValue = "100,50",
            description = "Commit intervals (ms) of the exactly-once latency runs. Default ${DEFAULT-VALUE}.")
    List<Integer> latencyCommitIntervals;

    @Option(names = "--latency-at-least-once-commit-intervals", split = ",", defaultValue = "100",
            description = "Commit intervals (ms) of the at-least-once latency runs (statusflow leaves Kafka Streams' 30000"
                    + " under at-least-once). Default ${DEFAULT-VALUE}.")
    List<Integer> latencyAtLeastOnceCommitIntervals;

    @Option(names = "--stream-threads", defaultValue = "0",
            description = "num.stream.threads of statusflow and the ceiling; 0 keeps statusflow's default. Default ${DEFAULT-VALUE}.")
    int streamThreads;

    @Option(names = "--latency-rate", split = ",", defaultValue = "0",
            description = "Offered loads of the latency runs, commands/s, comma-separated: each configuration runs at each;"
                    + " 0: half the throughput measured in this run.")
    List<Double> latencyRates;

    @Option(names = "--latency-placements", split = ",", defaultValue = "murmur2",
            description = "How the latency runs' load places its keys, comma-separated: murmur2 (Java's producer) or crc32"
                    + " (librdkafka's clients by default: statusflow reroutes most commands); each configuration runs with"
                    + " each. Default ${DEFAULT-VALUE}.")
    List<String> latencyPlacements;

    @Option(names = "--load-linger-ms", defaultValue = "5",
            description = "linger.ms of the producer that offers the latency and failover sections' commands: Kafka's"
                    + " client default since 4.0, as an admin API's producer sends them; 0 was the default before the seventh"
                    + " round. Default ${DEFAULT-VALUE}.")
    int loadLingerMs;

    @Option(names = "--ssf-rate", defaultValue = "100",
            description = "Commands/s of the Shared Signals section's latency run, one SET each. Default ${DEFAULT-VALUE}.")
    double ssfRate;

    @Option(names = "--keycloak-java-home", paramLabel = "DIR", description = "A Java 21 or newer for the peer-keycloak"
            + " section; default: this JVM if new enough, else a JDK installed beside it.")
    Path keycloakJavaHome;

    @Option(names = "--ssf-seconds", defaultValue = "60",
            description = "Length of the Shared Signals section's latency run. Default ${DEFAULT-VALUE}.")
    int ssfSeconds;

    @Option(names = "--request-reply-rate", defaultValue = "1000",
            description = "Commands/s of the request-reply section, through the client library and the HTTP API. Default ${DEFAULT-VALUE}.")
    double requestReplyRate;

    @Option(names = "--request-reply-seconds", defaultValue = "30",
            description = "Length of each measured phase of the request-reply section. Default ${DEFAULT-VALUE}.")
    int requestReplySeconds;

    @Option(names = "--worker-heap", defaultValue = "1g", description = "-Xmx of the worker and the ceiling. Default ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--worker-jvm-args", defaultValue = "", description = "More JVM options for the processes under test (e.g. JFR).")
    String workerJvmArgs;

    @Option(names = "--worker-config", split = ",", description = "More statusflow settings, key=value, comma-separated"
            + " (e.g. statestore.cache.max.bytes=0); not given to the ceiling.")
    List<String> workerConfig = List.of();

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the command mix. Default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", defaultValue = "target/bench/results.md", description = "Results file. Default ${DEFAULT-VALUE}.")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (sections == null) {
            sections = baselineJar != null ? List.of("baseline") : ALL;
        }
        if (sections.contains("baseline") && (baselineJar == null || !Files.isRegularFile(baselineJar))) {
            throw new CommandLine.ParameterException(new CommandLine(this), "the baseline section needs --baseline GIT-REF");
        }
        for (String s : sections) {
            if (!SECTIONS.contains(s)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown section " + s + "; one of " + SECTIONS);
            }
        }
        for (String p : latencyPlacements) {
            if (!p.equals("murmur2") && !p.equals(LatencySection.CRC32)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown placement " + p + "; murmur2 or crc32");
            }
        }
        for (String r : references) {
            if (!r.equals("none") && !Reference.STATEFUL.contains(r)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown reference " + r
                        + "; get-put, get-put-tenant, shape, contract or none");
            }
        }
        Path dir = Files.createTempDirectory("statusflow-bench");
        EmbeddedKafka broker = bootstrap == null ? EmbeddedKafka.start(dir.resolve("kafka"), Ports.freePair()) : null;
        try {
            Kafka kafka = new Kafka(broker == null ? bootstrap : broker.bootstrapServers(), partitions);
            List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + heap));
            if (!workerJvmArgs.isBlank()) {
                jvm.addAll(List.of(workerJvmArgs.strip().split("\\s+")));
            }
            Bench bench = new Bench(kafka, new Workers(kafka, dir, jvm, streamThreads, workerConfig), new Table(), scale, seed, dir,
                    loadLingerMs);
            System.out.printf("statusflow benchmark: %d cores, %s, scale %s, %d partitions, worker heap %s, started %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), scale, partitions, heap,
                    Instant.now());
            ThroughputSection.Result throughput = null;
            if (sections.contains("throughput") || sections.contains("restore") || sections.contains("failover")) {
                throughput = new ThroughputSection(bench, guarantees, commitIntervals,
                        references.stream().filter(r -> !r.equals("none")).toList()).run(sections.contains("throughput"));
            }
            ThroughputSection.Result measured = throughput;
            section(bench, "latency", () -> new LatencySection(bench, latencySeconds, latencyRates, latencyCommitIntervals,
                    latencyAtLeastOnceCommitIntervals, latencyPlacements).run(guarantees, measured));
            // One set of probes for every start of the kept run, so that each probe is a new command, not a duplicate.
            Probes probes = new Probes(bench, bench.scaled(ThroughputSection.TENANTS));
            section(bench, "restore", () -> new RestoreSection(bench, probes).run(measured));
            section(bench, "failover", () -> new FailoverSection(bench, probes).run(measured));
            if (measured != null && measured.kept() != null) {
                bench.workers().discard(measured.kept());
            }
            section(bench, "scale", () -> new ScaleSection(bench).run(measured));
            section(bench, "cascade", () -> new CascadeSection(bench).run());
            section(bench, "sink", () -> new SinkSection(bench).run());
            section(bench, "ssf", () -> new SsfSection(bench, ssfRate, ssfSeconds).run());
            section(bench, "peer-keycloak", () -> new KeycloakSection(bench, ssfRate, ssfSeconds,
                    Optional.ofNullable(keycloakJavaHome)).run());
            section(bench, "tokens", () -> new TokenSection(bench).run());
            section(bench, "access-view", () -> new AccessViewSection(bench).run(bench.scaled(1_000_000L)));
            section(bench, "request-reply", () -> new RequestReplySection(bench, requestReplyRate, requestReplySeconds).run());
            section(bench, "baseline", () -> BaselineSection.baseline(bench, baselineJar, baselineRef, pairs).run());
            section(bench, "contract-pairs", () -> BaselineSection.contract(bench, pairs).run());
            section(bench, "crc32-pairs", () -> BaselineSection.crc32(bench, pairs).run());
            String header = "statusflow benchmark, " + Instant.now() + ": " + Runtime.getRuntime().availableProcessors()
                    + " cores, Java " + System.getProperty("java.version") + ", scale " + scale + ", " + partitions
                    + " partitions, worker heap " + heap + ", sections " + String.join(",", sections);
            bench.table().write(out, header);
            System.out.println();
            System.out.println(header);
            System.out.println();
            System.out.print(bench.table().markdown());
            System.out.println("written to " + out.toAbsolutePath());
            return 0;
        } finally {
            if (broker != null) {
                broker.close();
            }
            ProcessStats.delete(dir);
        }
    }

    /** Runs a chosen section; a failure is reported in the table and the next section still runs. */
    private void section(Bench bench, String name, Section section) {
        if (!sections.contains(name)) {
            return;
        }
        try {
            section.run();
        } catch (Exception | AssertionError e) {
            bench.table().note("section " + name + " FAILED: " + e);
            e.printStackTrace();
        }
    }

    /** The section names, for --help. */
    static final class SectionNames extends java.util.ArrayList<String> {
        SectionNames() {
            super(SECTIONS);
        }
    }

    private interface Section {
        void run() throws Exception;
    }

    /** What every section shares. */
    record Bench(Kafka kafka, Workers workers, Table table, double scale, long seed, Path dir, int loadLingerMs) {
        long scaled(long n) {
            return Math.max(1, Math.round(n * scale));
        }

        int scaled(int n) {
            return (int) Math.max(1, Math.round(n * scale));
        }
    }
}
