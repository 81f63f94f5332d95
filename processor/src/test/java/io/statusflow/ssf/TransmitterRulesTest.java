package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.schema.ActorType;
import io.statusflow.wire.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The issuer, the metadata, who may manage which stream, polls, push answers and stream status. */
class TransmitterRulesTest {

    private static final Stream ACME = new Stream("a".repeat(32), "siem", Optional.of("acme"), List.of(),
            new Stream.Delivery(Stream.POLL, "https://sf.example/ssf/poll/" + "a".repeat(32), Optional.empty()),
            Optional.empty(), Stream.DefaultSubjects.ALL);

    private static Receiver receiver(String sub, ActorType type, Optional<String> tenant, String... rights) {
        return new Receiver(sub, type, Set.of(rights), tenant);
    }

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void the_issuer_is_an_https_origin_or_a_loopback_http_one() {
        assertEquals("https://sf.example", Issuer.parse("https://sf.example/"));
        assertEquals("https://sf.example:8443", Issuer.parse("https://SF.example:8443"));
        assertEquals("http://localhost:8080", Issuer.parse("http://localhost:8080"));
        for (String bad : List.of("http://sf.example", "https://sf.example/ssf", "https://sf.example?x=1",
                "https://sf.example#f", "https://u:p@sf.example", "sf.example", "ftp://sf.example", "https://")) {
            assertThrows(IllegalArgumentException.class, () -> Issuer.parse(bad), bad);
        }
    }

    @Test
    void the_metadata_is_exactly_the_profiles() throws Exception {
        Map<String, Object> m = Metadata.of("https://sf.example");
        assertEquals(json("{\"spec_version\":\"1_0\",\"issuer\":\"https://sf.example\","
                + "\"jwks_uri\":\"https://sf.example/ssf/jwks.json\","
                + "\"delivery_methods_supported\":[\"urn:ietf:rfc:8935\",\"urn:ietf:rfc:8936\"],"
                + "\"configuration_endpoint\":\"https://sf.example/ssf/stream\","
                + "\"status_endpoint\":\"https://sf.example/ssf/status\","
                + "\"verification_endpoint\":\"https://sf.example/ssf/verify\","
                + "\"authorization_schemes\":[{\"spec_urn\":\"urn:ietf:rfc:6749\"}],\"default_subjects\":\"ALL\","
                + "\"add_subject_endpoint\":\"https://sf.example/ssf/subjects:add\","
                + "\"remove_subject_endpoint\":\"https://sf.example/ssf/subjects:remove\"}"),
                Json.MAPPER.valueToTree(m));
    }

    @Test
    void a_receiver_manages_its_own_streams_of_its_own_tenant() throws Exception {
        Receiver siem = receiver("siem", ActorType.service, Optional.of("acme"), "ssf.manage");
        assertDoesNotThrow(() -> StreamRights.check(siem, StreamRights.Operation.MANAGE, ACME));
        assertEquals(Optional.of("acme"), StreamRights.toCreate(siem, Optional.empty()), "limited to its tenant");
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class, () -> StreamRights.toCreate(siem, Optional.of("globex"))).kind());
        Receiver other = receiver("idp", ActorType.service, Optional.of("acme"), "ssf.manage");
        assertEquals(Refused.Kind.NOT_FOUND, assertThrows(Refused.class,
                () -> StreamRights.check(other, StreamRights.Operation.READ, ACME)).kind(), "another's stream is not seen");
        assertFalse(StreamRights.lists(other, ACME));
    }

    @Test
    void rights_are_per_operation_and_count_for_services_only() throws Exception {
        Receiver reader = receiver("siem", ActorType.service, Optional.of("acme"), "SSF.READ");
        assertDoesNotThrow(() -> StreamRights.check(reader, StreamRights.Operation.READ, ACME));
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class,
                () -> StreamRights.check(reader, StreamRights.Operation.MANAGE, ACME)).kind());
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class,
                () -> StreamRights.check(reader, StreamRights.Operation.POLL, ACME)).kind());
        Receiver poller = receiver("siem", ActorType.service, Optional.of("acme"), "ssf.manage.poll");
        assertDoesNotThrow(() -> StreamRights.check(poller, StreamRights.Operation.POLL, ACME));
        Receiver person = receiver("siem", ActorType.user, Optional.of("acme"), "ssf.manage", "platform-admin");
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class,
                () -> StreamRights.check(person, StreamRights.Operation.READ, ACME)).kind());
        assertThrows(Refused.class, () -> StreamRights.checkList(person));
    }

    @Test
    void only_a_platform_admin_creates_streams_without_a_tenant_and_sees_every_stream() throws Exception {
        Receiver unlimited = receiver("siem", ActorType.service, Optional.empty(), "ssf.manage");
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class, () -> StreamRights.toCreate(unlimited, Optional.empty())).kind());
        Receiver platform = receiver("ops", ActorType.service, Optional.empty(), "platform-admin");
        assertEquals(Optional.empty(), StreamRights.toCreate(platform, Optional.empty()), "all tenants");
        assertEquals(Optional.of("globex"), StreamRights.toCreate(platform, Optional.of("globex")));
        assertDoesNotThrow(() -> StreamRights.check(platform, StreamRights.Operation.MANAGE, ACME));
        assertTrue(StreamRights.lists(platform, ACME));
    }

    @Test
    void a_poll_is_bounded_and_answers_errors_in_rfc_8936s_shape() throws Exception {
        PollRequest none = PollRequest.parse(null, 1000);
        assertEquals(100, none.maxEvents());
        assertFalse(none.returnImmediately());
        PollRequest p = PollRequest.parse(json("{\"maxEvents\":5000,\"returnImmediately\":true,\"ack\":[\"j1\",\"j2\"],"
                + "\"setErrs\":{\"j3\":{\"err\":\"invalid_key\",\"description\":\"no kid\"}}}"), 1000);
        assertEquals(1000, p.maxEvents(), "capped by the operator");
        assertEquals(List.of("j1", "j2"), p.ack());
        assertEquals(new PollRequest.SetError("invalid_key", "no kid"), p.setErrs().get("j3"));
        assertEquals(0, PollRequest.parse(json("{\"maxEvents\":0,\"ack\":[\"j1\"]}"), 1000).maxEvents(), "acknowledge only");
        for (String bad : List.of("[]", "{\"maxEvents\":-1}", "{\"maxEvents\":1.5}", "{\"returnImmediately\":\"yes\"}",
                "{\"ack\":\"j1\"}", "{\"ack\":[1]}", "{\"ack\":[\"\"]}", "{\"ack\":[\"" + "j".repeat(129) + "\"]}",
                "{\"setErrs\":{\"j\":\"bad\"}}", "{\"setErrs\":[]}")) {
            Refused r = assertThrows(Refused.class, () -> PollRequest.parse(json(bad), 1000), bad);
            assertEquals(Refused.Kind.MALFORMED, r.kind());
        }
        assertEquals(json("{\"sets\":{\"j\":\"eyJ...\"},\"moreAvailable\":true}"),
                Json.MAPPER.valueToTree(PollRequest.answer(Map.of("j", "eyJ..."), true)));
    }

    @Test
    void a_push_is_retried_with_doubling_jittered_waits_unless_its_set_was_refused() throws Exception {
        RandomGenerator none = () -> 0L;
        Duration max = Duration.ofMinutes(5);
        assertInstanceOf(PushOutcome.Delivered.class, PushOutcome.of(Optional.of(202), Optional.empty(), Optional.empty(), 1, max, none));
        assertEquals(new PushOutcome.Rejected("invalid_audience"), PushOutcome.of(Optional.of(400),
                Optional.of(json("{\"err\":\"invalid_audience\"}")), Optional.empty(), 1, max, none));
        for (int status : new int[] {400, 401, 403, 404, 429, 500, 503}) {
            assertInstanceOf(PushOutcome.Retry.class, PushOutcome.of(Optional.of(status),
                    Optional.of(json("{\"err\":\"authentication_failed\"}")), Optional.empty(), 1, max, none), "HTTP " + status);
        }
        PushOutcome.Retry timeout = assertInstanceOf(PushOutcome.Retry.class,
                PushOutcome.of(Optional.empty(), Optional.empty(), Optional.empty(), 3, max, none));
        assertEquals(Duration.ofSeconds(4), timeout.after());
        assertEquals(max, PushOutcome.backoff(40, max, none), "doubling stops at the maximum");
        assertEquals(Duration.ofSeconds(30), ((PushOutcome.Retry) PushOutcome.of(Optional.of(429), Optional.empty(),
                Optional.of(Duration.ofSeconds(30)), 1, max, none)).after(), "Retry-After is honoured");
        assertEquals(max, ((PushOutcome.Retry) PushOutcome.of(Optional.of(503), Optional.empty(),
                Optional.of(Duration.ofDays(1)), 1, max, none)).after(), "but not beyond the maximum");
        RandomGenerator most = new RandomGenerator() {
            @Override
            public long nextLong() {
                return -1L;
            }

            @Override
            public double nextDouble() {
                return 0.999;
            }
        };
        Duration jittered = PushOutcome.backoff(2, max, most);
        assertTrue(jittered.toMillis() > 2_000 && jittered.toMillis() <= 2_400, jittered.toString());
    }

    @Test
    void paused_streams_queue_disabled_ones_drop_and_others_changes_are_told() {
        assertTrue(StreamStatus.paused.queues());
        assertFalse(StreamStatus.paused.delivers());
        assertFalse(StreamStatus.disabled.queues());
        assertEquals(Optional.empty(), StreamStatus.updated("s", StreamStatus.enabled, StreamStatus.paused,
                Optional.empty(), true), "the receiver's own change");
        SecurityEvent told = StreamStatus.updated("s", StreamStatus.enabled, StreamStatus.disabled,
                Optional.of("tenant deleted"), false).orElseThrow();
        assertEquals(EventTypes.STREAM_UPDATED, told.type());
        assertEquals(Map.of("status", "disabled", "reason", "tenant deleted"), told.payload());
        assertEquals(Map.of("format", "opaque", "id", "s"), told.subject());
        assertEquals(Map.of("state", "x"), StreamStatus.verification("s", Optional.of("x")).payload());
        assertEquals(Map.of(), StreamStatus.verification("s", Optional.empty()).payload());
        assertEquals(Optional.of(StreamStatus.paused), StreamStatus.fromWire("paused"));
        assertEquals(Optional.empty(), StreamStatus.fromWire("PAUSED"));
    }
}
