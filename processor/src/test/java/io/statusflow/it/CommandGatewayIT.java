package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.statusflow.http.CommandGateway;
import io.statusflow.http.Gateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The HTTP gateway against a real broker, with the test writing the results a worker would: a
 * result reaches only the request of its own (tenant, commandId), whatever another tenant's
 * command with the same id gets.
 */
class CommandGatewayIT extends OwnBroker {

    @Test
    void each_request_gets_only_the_result_of_its_own_tenants_command() throws Exception {
        String results = "gw.results";
        CommandGateway gateway = gateway("gw", 2, java.time.Duration.ofSeconds(60));
        try (KafkaProducer<String, String> worker = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            // globex's command with id victim-42 is never answered (a dead letter, say); acme's is.
            CompletableFuture<byte[]> globex = gateway.submit("globex", "victim-42", command("globex", "victim-42"), java.util.Optional.empty());
            CompletableFuture<byte[]> acme = gateway.submit("acme", "victim-42", command("acme", "victim-42"), java.util.Optional.empty());
            assertInstanceOf(Gateway.InFlight.class, cause(gateway.submit("acme", "victim-42", command("acme", "victim-42"), java.util.Optional.empty())),
                    "a second request for a pair in flight is refused, not given the first one's answer");

            worker.send(new ProducerRecord<>(results, "victim-42", result("acme", "victim-42"))).get();
            String answer = new String(acme.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertEquals(result("acme", "victim-42"), answer);
            assertThrows(TimeoutException.class, () -> globex.get(2, TimeUnit.SECONDS), "globex gets nothing of acme's");

            // A result without a tenant (a record that was not a readable command) answers no one.
            worker.send(new ProducerRecord<>(results, "victim-42", "{\"commandId\":\"victim-42\",\"code\":400}")).get();
            assertThrows(TimeoutException.class, () -> globex.get(2, TimeUnit.SECONDS));

            worker.send(new ProducerRecord<>(results, "victim-42", result("globex", "victim-42"))).get();
            assertEquals(result("globex", "victim-42"), new String(globex.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            assertFalse(gateway.submit("acme", "victim-42", command("acme", "victim-42"), java.util.Optional.empty()).isDone(),
                    "once answered, the pair may be sent again");
        } finally {
            gateway.close();
        }
        assertEquals(false, gateway.healthy(), "a closed gateway's reader has stopped");
        assertInstanceOf(Gateway.Unavailable.class, cause(gateway.submit("acme", "c9", command("acme", "c9"), java.util.Optional.empty())));
    }

    @Test
    void a_request_not_answered_in_time_fails_and_its_pair_may_be_sent_again() throws Exception {
        try (CommandGateway gateway = gateway("gw2", 1, java.time.Duration.ofSeconds(1))) {
            Throwable late = cause(gateway.submit("acme", "c1", command("acme", "c1"), java.util.Optional.empty()));
            assertInstanceOf(io.statusflow.client.StatusCommands.CommandTimeoutException.class, late, "no result within the timeout");
            assertInstanceOf(io.statusflow.client.StatusCommands.CommandTimeoutException.class,
                    cause(gateway.submit("acme", "c1", command("acme", "c1"), java.util.Optional.empty())),
                    "no longer in flight: the same pair is sent again, not refused");
        }
    }

    /** A gateway on new topics {@code prefix.commands} and {@code prefix.results}. */
    private CommandGateway gateway(String prefix, int partitions, java.time.Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(prefix + ".commands", partitions, (short) 1),
                    new NewTopic(prefix + ".results", partitions, (short) 1))).all().get();
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        return new CommandGateway(props, prefix + ".commands", prefix + ".results", false, timeout);
    }

    private static Throwable cause(CompletableFuture<byte[]> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static byte[] command(String tenant, String id) {
        return ("{\"commandId\":\"" + id + "\",\"tenantId\":\"" + tenant + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String result(String tenant, String id) {
        return "{\"commandId\":\"" + id + "\",\"tenantId\":\"" + tenant + "\",\"code\":200}";
    }
}
