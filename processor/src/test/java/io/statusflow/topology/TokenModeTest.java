package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.auth.Authenticator;
import io.statusflow.auth.CommandTokens;
import io.statusflow.auth.JwtSettings;
import io.statusflow.auth.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topology in token mode: actors from record headers, reroutes that keep them, dead letters that never do. */
class TokenModeTest {

    private static final String TOKEN = Tokens.hs256(Tokens.claims("provisioner", "service", List.of("platform-admin")).build());
    private final TopologyDriver w;

    TokenModeTest() throws Exception {
        Authenticator auth = new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(),
                Optional.empty(), JwtSettings.DEFAULT_ROLES_CLAIM, JwtSettings.DEFAULT_ACTOR_TYPE_CLAIM, Duration.ofSeconds(5)));
        w = new TopologyDriver(WorkerSettings.defaults().withCluster(5, WorkerSettings.DEFAULT_MAX_RECORD_BYTES)
                .withTokens(new CommandTokens(auth, "tenant_id", Duration.ofSeconds(5))));
    }

    @AfterEach
    void close() {
        w.close();
    }

    private static TestRecord<byte[], byte[]> record(Cmd cmd, String... headerNamesAndValues) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            h.add(headerNamesAndValues[i], headerNamesAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new TestRecord<>(cmd.tenantId().getBytes(StandardCharsets.UTF_8), cmd.bytes(), h, System.currentTimeMillis());
    }

    private JsonNode answer(TestRecord<byte[], byte[]> r) {
        w.pipe(r);
        List<JsonNode> results = w.results();
        assertEquals(1, results.size(), results::toString);
        return results.get(0);
    }

    @Test
    void a_command_without_a_token_is_401_and_changes_nothing() {
        JsonNode r = answer(record(Cmd.tenant("ta", "register")));
        assertEquals(401, r.path("code").asInt());
        assertTrue(r.path("message").asText().contains("authorization header"), r::toString);
        assertTrue(w.events().isEmpty());
    }

    @Test
    void the_header_name_is_any_case_and_the_actor_is_the_tokens() {
        JsonNode r = answer(record(Cmd.of("ta", "tenant", "ta", "register"), "Authorization", "Bearer " + TOKEN));
        assertEquals(200, r.path("code").asInt(), r::toString);
        JsonNode event = w.events().get(0);
        assertEquals("provisioner", event.path("actor").path("id").asText());
    }

    @Test
    void two_authorization_headers_are_refused() {
        String other = Tokens.hs256(Tokens.claims("x", "service", List.of("platform-admin")).build());
        JsonNode r = answer(record(Cmd.of("ta", "tenant", "ta", "register"), "authorization", "Bearer " + TOKEN,
                "AUTHORIZATION", "Bearer " + other));
        assertEquals(401, r.path("code").asInt());
        assertEquals("the record has more than one authorization header", r.path("message").asText());
    }

    @Test
    void an_oversized_or_undecodable_authorization_header_is_401_and_never_echoed() {
        String huge = "Bearer " + "a".repeat(9_000);
        JsonNode tooLong = answer(record(Cmd.of("ta", "tenant", "ta", "register"), "authorization", huge));
        assertEquals(401, tooLong.path("code").asInt());
        assertEquals("the token is longer than 8192 characters", tooLong.path("message").asText());
        RecordHeaders h = new RecordHeaders();
        h.add("authorization", new byte[] {'B', 'e', 'a', 'r', 'e', 'r', ' ', (byte) 0xC3, (byte) 0x28});
        Cmd cmd = Cmd.of("ta", "tenant", "ta", "register");
        w.pipe(new TestRecord<>("ta".getBytes(StandardCharsets.UTF_8), cmd.bytes(), h, System.currentTimeMillis()));
        JsonNode notUtf8 = w.results().get(0);
        assertEquals(401, notUtf8.path("code").asInt());
        assertEquals("the authorization header is not UTF-8", notUtf8.path("message").asText());
        assertTrue(w.events().isEmpty());
    }

    @Test
    void a_rerouted_command_keeps_its_token_and_is_verified_by_its_owner() {
        // tb is owned by partition 4 of 5; the driver reads every record from partition 0.
        JsonNode r = answer(record(Cmd.of("tb", "tenant", "tb", "register"), "authorization", "Bearer " + TOKEN));
        assertEquals(200, r.path("code").asInt(), r::toString);
        List<TestRecord<byte[], byte[]>> forwarded = w.rerouted();
        assertEquals(1, forwarded.size());
        assertArrayEquals(("Bearer " + TOKEN).getBytes(StandardCharsets.UTF_8),
                forwarded.get(0).headers().lastHeader("authorization").value());
    }

    @Test
    void a_dead_letter_never_carries_the_token_and_says_it_was_left_out() {
        RecordHeaders h = new RecordHeaders();
        h.add("Authorization", ("Bearer " + TOKEN).getBytes(StandardCharsets.UTF_8));
        h.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        w.pipe(new TestRecord<>("ta".getBytes(StandardCharsets.UTF_8),
                "{\"commandId\":\"c1\",\"action\":\"x\",\"action\":\"y\"}".getBytes(StandardCharsets.UTF_8), h,
                System.currentTimeMillis()));
        TestRecord<byte[], byte[]> dead = w.deadLetters().get(0);
        for (Header header : dead.headers()) {
            assertFalse(header.key().equalsIgnoreCase("authorization"), header.key());
            assertFalse(new String(header.value(), StandardCharsets.UTF_8).contains(signature()), header.key());
        }
        assertEquals("1", new String(dead.headers().lastHeader("statusflow.dlq.authorization-dropped").value(),
                StandardCharsets.UTF_8));
        assertArrayEquals("00-abc-def-01".getBytes(StandardCharsets.UTF_8), dead.headers().lastHeader("traceparent").value());
        JsonNode result = w.results().get(0);
        assertEquals(400, result.path("code").asInt());
        assertFalse(result.toString().contains(signature()));
    }

    @Test
    void a_forged_body_actor_with_a_real_token_is_403() {
        Cmd forged = Cmd.of("ta", "tenant", "ta", "register").by(new Actors.Actor("root", "service", List.of("platform-admin")));
        JsonNode r = answer(record(forged, "authorization", "Bearer " + TOKEN));
        assertEquals(403, r.path("code").asInt(), r::toString);
        assertNull(w.store(StoreNames.ENTITIES).get("ta/tenant/ta"));
    }

    private static String signature() {
        return TOKEN.substring(TOKEN.lastIndexOf('.') + 1);
    }
}
