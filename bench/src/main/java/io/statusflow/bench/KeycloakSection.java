package io.statusflow.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Section peer-keycloak: Keycloak's Shared Signals transmitter (experimental since 26.7, feature
 * {@code ssf}) beside statusflow's, at the offered load of statusflow's Shared Signals row. An admin
 * logs users out at a fixed rate; each logout should reach a push receiver as a CAEP
 * session-revoked SET (the closest event Keycloak emits for an admin action). Measured with stock
 * settings and with the push outbox drained every second. Keycloak runs alone: the section starts
 * no statusflow worker.
 */
final class KeycloakSection {

    static final String VERSION = "26.7.3";
    static final int USERS = 500;
    private static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

    private final Benchmark.Bench bench;
    private final double rate;
    private final int seconds;
    private final Optional<Path> javaHome;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KeycloakSection(Benchmark.Bench bench, double rate, int seconds, Optional<Path> javaHome) {
        this.bench = bench;
        this.rate = rate;
        this.seconds = seconds;
        this.javaHome = javaHome;
    }

    void run() throws Exception {
        Optional<Path> java = javaHome.isPresent() ? javaHome.filter(KeycloakSection::java21) : java21Near();
        if (java.isEmpty()) {
            bench.table().note("peer-keycloak skipped: Keycloak " + VERSION + " needs Java 21 or newer, and "
                    + (javaHome.isPresent() ? "--keycloak-java-home is not one" : "none was found (give one with"
                    + " --keycloak-java-home)"));
            return;
        }
        Path home = unpack(fetch());
        SsfReceivers.Receiver arrivals = new SsfReceivers.Receiver();
        try (PushReceiver receiver = new PushReceiver(arrivals::add)) {
            for (boolean tuned : new boolean[] {false, true}) {
                measure(home, java.get(), receiver.endpoint(), arrivals, tuned);
            }
        }
        bench.table().note("Keycloak " + VERSION + " emits CAEP session-revoked (a logout) and credential-change (a"
                + " password change), and no SET for a user disabled or deleted (counted above) or for an organization;"
                + " statusflow emits RISC account-disabled, account-enabled and account-purged, and CAEP session-revoked"
                + " and risk-level-change, for every status change of a user, client or tenant.");
    }

    /** One Keycloak, stock or tuned: logouts at the rate for the run's length, each timed to its SET. */
    private void measure(Path home, Path java, String endpoint, SsfReceivers.Receiver arrivals, boolean tuned) throws Exception {
        String name = tuned ? "tuned" : "stock";
        String realm = "bench-" + name;
        try (KeycloakServer kc = KeycloakServer.start(home, java, tuned, bench.dir().resolve("keycloak-" + name + ".log"))) {
            KeycloakAdmin a = new KeycloakAdmin(http, kc, realm);
            a.post("/admin/realms", "{\"realm\":\"" + realm + "\",\"enabled\":true,\"attributes\":{\"ssf.transmitterEnabled\":\"true\"}}");
            a.post("/admin/realms/" + realm + "/clients", "{\"clientId\":\"receiver\",\"enabled\":true,\"publicClient\":false,"
                    + "\"secret\":\"receiver-secret\",\"serviceAccountsEnabled\":true,\"attributes\":{\"ssf.enabled\":\"true\","
                    + "\"ssf.validPushUrls\":\"" + endpoint + "\",\"ssf.defaultSubjects\":\"ALL\"}}");
            a.post("/admin/realms/" + realm + "/ssf/clients/receiver/stream", "{\"delivery\":{\"method\":"
                    + "\"urn:ietf:rfc:8935\",\"endpoint_url\":\"" + endpoint + "\"},\"events_requested\":[\"" + SESSION_REVOKED + "\"]}");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String username = String.format("user-%04d", i);
                a.post("/admin/realms/" + realm + "/users", "{\"username\":\"" + username + "\",\"enabled\":true,\"email\":\""
                        + username + "@bench.example\",\"firstName\":\"U\",\"lastName\":\"" + i + "\"}");
                ids.add(a.get("/admin/realms/" + realm + "/users?exact=true&username=" + username).get(0).get("id").asText());
            }
            arrivals.taken();
            Map<String, Deque<Long>> sent = new HashMap<>();
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            long next = start;
            int n = 0;
            while (System.nanoTime() - start < Duration.ofSeconds(seconds).toNanos()) {
                String id = ids.get(n++ % ids.size());
                synchronized (sent) {
                    sent.computeIfAbsent(id, k -> new ArrayDeque<>()).add(System.nanoTime());
                }
                a.post("/admin/realms/" + realm + "/users/" + id + "/logout", "");
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            double offered = n / ((System.nanoTime() - start) / 1e9);
            // What comes within two minutes of the last logout counts; a backlog past that is reported as missing.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (arrivals.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Latencies l = new Latencies();
            List<SsfReceivers.Arrival> got = arrivals.taken();
            int matched = 0;
            for (SsfReceivers.Arrival x : got) {
                Deque<Long> q = sent.get(x.subject());
                if (q != null && !q.isEmpty() && x.type().equals(SESSION_REVOKED)) {
                    l.add(x.nanos() - q.removeFirst());
                    matched++;
                }
            }
            double rateIn = got.size() < 2 ? 0 : (got.size() - 1) / ((got.get(got.size() - 1).nanos() - got.get(0).nanos()) / 1e9);
            String settings = tuned ? "drainer every 1 s, 1,000 rows a tick" : "stock: drainer every 30 s, 50 rows a tick";
            bench.table().add("peer-keycloak", String.format("Keycloak %s, admin logout to its session-revoked SET at a push"
                    + " receiver, %.0f logouts/s for %d s, %s", VERSION, offered, seconds, settings),
                    matched == 0 ? "no SET within two minutes" : l.summary() + String.format(", %,d of %,d logouts", matched, n),
                    "");
            bench.table().add("peer-keycloak", "Keycloak " + VERSION + ", SETs/s sustained at the push receiver, " + settings,
                    String.format("%,.0f SETs/s (%,d SETs)", rateIn, got.size()), "");
            if (tuned) {
                // What statusflow sends account-disabled and account-purged for: does Keycloak send anything?
                for (int i = 0; i < 5; i++) {
                    a.send("PUT", "/admin/realms/" + realm + "/users/" + ids.get(i), "{\"enabled\":false}");
                    a.send("DELETE", "/admin/realms/" + realm + "/users/" + ids.get(5 + i), "");
                }
                Thread.sleep(10_000);
                bench.table().add("peer-keycloak", "Keycloak " + VERSION + ", SETs for 5 users disabled and 5 deleted, within"
                        + " 10 s (drainer every 1 s)", String.format("%d SETs", arrivals.taken().size()), "");
            }
        }
    }

    /** The distribution's zip, fetched by Maven into the local repository (once). */
    private Path fetch() throws Exception {
        Path out = bench.dir().resolve("keycloak-zip");
        Process p = new ProcessBuilder("mvn", "-q", "-B", "dependency:copy",
                "-Dartifact=org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip", "-DoutputDirectory=" + out)
                .redirectErrorStream(true).redirectOutput(bench.dir().resolve("keycloak-fetch.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("mvn could not fetch keycloak-quarkus-dist " + VERSION + ": see "
                    + bench.dir().resolve("keycloak-fetch.log"));
        }
        return out.resolve("keycloak-quarkus-dist-" + VERSION + ".zip");
    }

    private Path unpack(Path zip) throws IOException {
        Path dir = bench.dir().resolve("keycloak");
        Path home = dir.resolve("keycloak-" + VERSION);
        if (Files.isDirectory(home)) {
            return home;
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path to = dir.resolve(e.getName()).normalize();
                if (!to.startsWith(dir)) {
                    throw new IOException("zip entry outside its directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                }
            }
        }
        for (String script : List.of("kc.sh", "kcadm.sh")) {
            home.resolve("bin").resolve(script).toFile().setExecutable(true);
        }
        return home;
    }

    /** This JVM when it is 21 or newer, else a sibling JDK of it (installed side by side) that is. */
    private static Optional<Path> java21Near() throws IOException {
        Path self = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 21) {
            return Optional.of(self);
        }
        Path parent = self.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        try (var siblings = Files.list(parent)) {
            return siblings.filter(KeycloakSection::java21).sorted().findFirst();
        }
    }

    /** Whether a Java home holds a JDK of version 21 or newer, by its release file. */
    private static boolean java21(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]) >= 21 && Files.isExecutable(home.resolve("bin/java"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
