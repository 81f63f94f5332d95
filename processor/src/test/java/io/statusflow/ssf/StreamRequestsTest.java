package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statusflow.wire.Json;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Creating, updating and replacing a stream, as a receiver asks and as the SSF rules allow. */
class StreamRequestsTest {

    private static final String I = "https://statusflow.example";
    private static final StreamRequests REQUESTS = new StreamRequests(I, Duration.ofSeconds(10),
            new PushEndpoints(false, host -> new InetAddress[] {InetAddress.getByName("203.0.113.10")}));

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private static Stream created(String body) throws Exception {
        return REQUESTS.create(json(body), "0123456789abcdef0123456789abcdef", "receiver-1", Optional.of("acme"));
    }

    @Test
    void stream_ids_are_32_lowercase_hex_and_do_not_repeat() {
        String a = StreamRequests.newStreamId();
        assertTrue(a.matches("[0-9a-f]{32}"), a);
        assertTrue(!a.equals(StreamRequests.newStreamId()));
    }

    @Test
    void a_stream_without_delivery_is_a_poll_stream_at_the_transmitter() throws Exception {
        Stream s = created("{}");
        Map<String, Object> c = s.config(I, Duration.ofSeconds(10));
        assertEquals(List.of("stream_id", "iss", "aud", "events_supported", "events_requested", "events_delivered",
                "delivery", "min_verification_interval", "default_subjects", "tenant_id"), List.copyOf(c.keySet()));
        assertEquals(Map.of("method", Stream.POLL, "endpoint_url", I + "/ssf/poll/0123456789abcdef0123456789abcdef"),
                c.get("delivery"));
        assertEquals(List.of(), c.get("events_delivered"));
        assertEquals(EventTypes.SUPPORTED, c.get("events_supported"));
        assertEquals(10L, c.get("min_verification_interval"));
    }

    @Test
    void events_delivered_are_the_requested_ones_statusflow_sends() throws Exception {
        Stream s = created("{\"events_requested\":[\"" + EventTypes.SESSION_REVOKED + "\",\"urn:example:unknown\",\""
                + EventTypes.ACCOUNT_DISABLED + "\"]}");
        assertEquals(List.of(EventTypes.ACCOUNT_DISABLED, EventTypes.SESSION_REVOKED), s.eventsDelivered());
    }

    @Test
    void a_push_stream_keeps_its_authorization_header_for_a_get_then_put() throws Exception {
        Stream s = created("{\"delivery\":{\"method\":\"" + Stream.PUSH + "\",\"endpoint_url\":\"https://receiver.example/ssf\","
                + "\"authorization_header\":\"Bearer abc\"},\"description\":\"SIEM\"}");
        JsonNode shown = Json.MAPPER.valueToTree(s.config(I, Duration.ofSeconds(10)));
        assertEquals("Bearer abc", shown.path("delivery").path("authorization_header").asText());
        assertEquals(s, REQUESTS.update(s, shown, true), "what GET shows, PUT back, changes nothing");
    }

    @Test
    void patch_changes_what_it_names_put_removes_what_it_leaves_out() throws Exception {
        Stream s = created("{\"events_requested\":[\"" + EventTypes.SESSION_REVOKED + "\"],\"description\":\"d\"}");
        Stream patched = REQUESTS.update(s, json("{\"description\":\"new\"}"), false);
        assertEquals(Optional.of("new"), patched.description());
        assertEquals(s.eventsRequested(), patched.eventsRequested());
        Stream replaced = REQUESTS.update(s, json("{\"description\":\"new\"}"), true);
        assertEquals(List.of(), replaced.eventsRequested());
        assertEquals(Stream.POLL, replaced.delivery().method());
    }

    @Test
    void transmitter_members_must_be_sent_back_unchanged_and_audience_and_tenant_never_change() throws Exception {
        Stream s = created("{}");
        for (String body : List.of("{\"aud\":\"someone-else\"}", "{\"tenant_id\":\"globex\"}", "{\"iss\":\"https://evil\"}",
                "{\"stream_id\":\"ffffffffffffffffffffffffffffffff\"}", "{\"min_verification_interval\":1}",
                "{\"events_delivered\":[\"" + EventTypes.SESSION_REVOKED + "\"]}")) {
            assertEquals(Refused.Kind.MALFORMED, assertThrows(Refused.class, () -> REQUESTS.update(s, json(body), false)).kind(), body);
        }
        assertEquals(s, REQUESTS.update(s, json("{\"aud\":\"receiver-1\",\"tenant_id\":\"acme\"}"), false));
        assertThrows(Refused.class, () -> created("{\"aud\":\"me\"}"), "a new stream names no transmitter member");
    }

    @Test
    void hostile_members_are_bounded() throws Exception {
        for (String body : List.of("[]", "{\"events_requested\":\"x\"}", "{\"events_requested\":[1]}",
                "{\"delivery\":{\"method\":\"urn:example:carrier-pigeon\"}}",
                "{\"delivery\":{\"method\":\"" + Stream.PUSH + "\"}}",
                "{\"delivery\":{\"method\":\"" + Stream.PUSH + "\",\"endpoint_url\":\"http://receiver.example/\"}}",
                "{\"delivery\":{\"method\":\"" + Stream.PUSH + "\",\"endpoint_url\":\"https://r.example/\",\"authorization_header\":\"a\\nb\"}}",
                "{\"delivery\":{\"method\":\"" + Stream.PUSH + "\",\"endpoint_url\":\"https://r.example/\",\"authorization_header\":\""
                        + "x".repeat(StreamRequests.MAX_AUTHORIZATION + 1) + "\"}}",
                "{\"delivery\":{\"method\":\"" + Stream.POLL + "\",\"endpoint_url\":\"https://r.example/\"}}",
                "{\"description\":\"bell\\u0007\"}", "{\"description\":5}", "{\"unknown\":true}")) {
            assertEquals(Refused.Kind.MALFORMED, assertThrows(Refused.class, () -> created(body), body).kind(), body);
        }
        ObjectNode many = Json.MAPPER.createObjectNode();
        for (int i = 0; i <= StreamRequests.MAX_EVENTS_REQUESTED; i++) {
            many.withArray("events_requested").add("urn:example:" + i);
        }
        assertThrows(Refused.class, () -> created(many.toString()));
        String longText = "é".repeat(300);
        assertEquals(StreamRequests.MAX_DESCRIPTION,
                created("{\"description\":\"" + longText + "\"}").description().orElseThrow().length(), "cut, not refused");
    }
}
