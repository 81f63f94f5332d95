package io.statusflow.it;

import io.statusflow.testkit.WorkerProcess;
import io.statusflow.testkit.Ports;
import static io.statusflow.it.Clients.TOPICS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.topology.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's first command: the jar with no cluster given runs its own broker, kept between runs. */
class TryItIT {

    @Test
    void without_bootstrap_servers_the_jar_runs_an_embedded_broker_that_any_client_can_use() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-tryit");
        int port = Ports.freePair();
        String[] args = {"--embedded-port", Integer.toString(port), "--embedded-dir", dir.resolve("kafka").toString(),
            "--state-dir", dir.resolve("state").toString(), "--http-port", "0"};
        Cmd register = Cmd.tenant("acme-corp", "register");
        String firstToken;

        try (WorkerProcess first = WorkerProcess.start(dir, args).awaitReady()) {
            assertTrue(first.output().contains("embedded Kafka broker listening on localhost:" + port), first.output());
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("TOKEN=(\\S+)").matcher(first.output());
            assertTrue(token.find(), "try-it mode prints a platform-admin token:\n" + first.output());
            String body = "{\"tenantId\":\"tryit-http\",\"target\":{\"type\":\"tenant\",\"id\":\"tryit-http\"},\"action\":\"register\"}";
            assertEquals(200, HttpIT.post(first, "/v1/commands", token.group(1), body).statusCode(), "the printed token works");
            firstToken = token.group(1);
            assertTrue(first.output().contains("so tokens printed before a restart keep working"), first.output());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("try-it-jwt-secret"))), "the key is its owner's only");
            try (Clients clients = new Clients("localhost:" + port);
                    Clients.Reader results = clients.reader(TOPICS.results())) {
                clients.send(register);
                JsonNode r = results.awaitCount(x -> x.path("commandId").asText().equals(register.commandId()), 1,
                        Duration.ofSeconds(60)).get(0);
                assertEquals("applied", r.path("outcome").asText());
            }
            assertEquals(0, first.terminate());
        }

        try (WorkerProcess second = WorkerProcess.start(dir, args).awaitReady();
                Clients clients = new Clients("localhost:" + port);
                Clients.Reader results = clients.reader(TOPICS.results())) {
            clients.send(register);
            List<JsonNode> answers = results.awaitCount(x -> x.path("commandId").asText().equals(register.commandId()), 2,
                    Duration.ofSeconds(60));
            assertEquals(true, answers.get(1).path("duplicate").asBoolean(), "broker data and state kept between runs");
            String again = "{\"tenantId\":\"tryit-http-2\",\"target\":{\"type\":\"tenant\",\"id\":\"tryit-http-2\"},"
                    + "\"action\":\"register\"}";
            assertEquals(200, HttpIT.post(second, "/v1/commands", firstToken, again).statusCode(),
                    "the token printed before the restart still works");
            assertEquals(0, second.terminate());
        }
    }

    @Test
    void a_second_start_in_the_same_folder_exits_1_in_one_line_and_leaves_the_first_running() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-twice");
        int port = Ports.freePair();
        String[] args = {"--embedded-port", Integer.toString(port), "--embedded-dir", dir.resolve("kafka").toString(),
            "--state-dir", dir.resolve("state").toString(), "--http-port", "0"};
        try (WorkerProcess first = WorkerProcess.start(dir, args).awaitReady()) {
            WorkerProcess second = WorkerProcess.start(dir, args);
            java.util.Optional<Integer> exit = second.awaitExit(Duration.ofSeconds(10));
            assertEquals(java.util.Optional.of(1), exit, second.output());
            List<String> lines = second.output().lines().filter(l -> l.startsWith("statusflow: ")).toList();
            assertEquals(1, lines.size(), second.output());
            assertTrue(lines.get(0).contains("--embedded-dir") && lines.get(0).contains("--embedded-port"), lines.get(0));
            assertTrue(!second.output().contains("Exception"), "no stack trace:\n" + second.output());

            Cmd register = Cmd.tenant("twice", "register");
            try (Clients clients = new Clients("localhost:" + port);
                    Clients.Reader results = clients.reader(TOPICS.results())) {
                clients.send(register);
                assertEquals("applied", results.awaitCount(x -> x.path("commandId").asText().equals(register.commandId()), 1,
                        Duration.ofSeconds(60)).get(0).path("outcome").asText(), "the first instance still answers");
            }
            assertEquals(0, first.terminate());
        }
    }

    @Test
    void a_taken_port_exits_1_in_one_line_that_names_the_option_to_change() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-ports");
        int port = Ports.freePair();
        for (int taken : new int[] {port, port + 1}) {
            try (java.net.ServerSocket holder = new java.net.ServerSocket(taken, 1, java.net.InetAddress.getLoopbackAddress())) {
                WorkerProcess w = WorkerProcess.start(dir, "--embedded-port", Integer.toString(port), "--embedded-dir",
                        dir.resolve("kafka-" + taken).toString(), "--state-dir", dir.resolve("state").toString(), "--http-port", "0");
                assertEquals(java.util.Optional.of(1), w.awaitExit(Duration.ofSeconds(20)), w.output());
                List<String> lines = w.output().lines().filter(l -> l.startsWith("statusflow: ")).toList();
                assertEquals(1, lines.size(), w.output());
                assertTrue(lines.get(0).contains("port " + taken) && lines.get(0).contains("--embedded-port"), lines.get(0));
                assertTrue(!w.output().contains("Exception"), "no stack trace:\n" + w.output());
            }
        }
        int http = Ports.freePair();
        try (java.net.ServerSocket holder = new java.net.ServerSocket(http)) {
            WorkerProcess w = WorkerProcess.start(dir, "--embedded-port", Integer.toString(port), "--embedded-dir",
                    dir.resolve("kafka").toString(), "--state-dir", dir.resolve("state").toString(), "--http-port",
                    Integer.toString(http));
            assertEquals(java.util.Optional.of(1), w.awaitExit(Duration.ofSeconds(60)), w.output());
            List<String> lines = w.output().lines().filter(l -> l.startsWith("statusflow: ")).toList();
            assertEquals(1, lines.size(), w.output());
            assertTrue(lines.get(0).contains("port " + http) && lines.get(0).contains("--http-port"), lines.get(0));
            assertTrue(!w.output().contains("Exception"), "no stack trace:\n" + w.output());
        }
    }
}
