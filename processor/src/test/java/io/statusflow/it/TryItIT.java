package io.statusflow.it;

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

        try (WorkerProcess first = WorkerProcess.start(dir, args).awaitReady()) {
            assertTrue(first.output().contains("embedded Kafka broker listening on localhost:" + port), first.output());
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("TOKEN=(\\S+)").matcher(first.output());
            assertTrue(token.find(), "try-it mode prints a platform-admin token:\n" + first.output());
            String body = "{\"tenantId\":\"tryit-http\",\"target\":{\"type\":\"tenant\",\"id\":\"tryit-http\"},\"action\":\"register\"}";
            assertEquals(200, HttpIT.post(first, "/v1/commands", token.group(1), body).statusCode(), "the printed token works");
            try (Clients clients = new Clients("localhost:" + port);
                    Clients.Reader results = clients.reader("status.command-results")) {
                clients.send(register);
                JsonNode r = results.awaitCount(x -> x.path("commandId").asText().equals(register.commandId()), 1,
                        Duration.ofSeconds(60)).get(0);
                assertEquals("applied", r.path("outcome").asText());
            }
            assertEquals(0, first.terminate());
        }

        try (WorkerProcess second = WorkerProcess.start(dir, args).awaitReady();
                Clients clients = new Clients("localhost:" + port);
                Clients.Reader results = clients.reader("status.command-results")) {
            clients.send(register);
            List<JsonNode> answers = results.awaitCount(x -> x.path("commandId").asText().equals(register.commandId()), 2,
                    Duration.ofSeconds(60));
            assertEquals(true, answers.get(1).path("duplicate").asBoolean(), "broker data and state kept between runs");
            assertEquals(0, second.terminate());
        }
    }
}
