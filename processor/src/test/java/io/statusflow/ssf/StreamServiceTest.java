package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.schema.ActorType;
import io.statusflow.wire.Json;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Stream management end to end on an in-memory store: rights, limits, status, verification and what is told. */
class StreamServiceTest {

    private static final String I = "https://sf.example";
    private final MemoryStreams stored = new MemoryStreams();
    private final List<Queued> queued = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final StreamService service = new StreamService(I,
            new StreamRequests(I, Duration.ofSeconds(10), new PushEndpoints(false, h -> new InetAddress[] {
                InetAddress.getByName("203.0.113.1")})),
            stored, queued::add, 2, new SubjectRequests(I + "/tenants/{tenant}/{type}s"), 3, Duration.ofSeconds(10), new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            }, () -> String.format("%032x", ids.incrementAndGet()));

    private static final Receiver SIEM = new Receiver("siem", ActorType.service, Set.of("ssf.manage"), Optional.of("acme"));
    private static final Receiver OTHER = new Receiver("idp", ActorType.service, Set.of("ssf.manage"), Optional.of("acme"));
    private static final Receiver PLATFORM = new Receiver("ops", ActorType.service, Set.of("platform-admin"), Optional.empty());

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String create(Receiver r) throws Refused {
        return (String) service.create(r, json("{}")).get("stream_id");
    }

    @Test
    void a_receiver_creates_reads_lists_updates_and_deletes_its_own_streams() throws Exception {
        String id = create(SIEM);
        assertEquals("acme", service.read(SIEM, id).get("tenant_id"), "limited to the receiver's tenant");
        assertEquals(1, service.list(SIEM).size());
        assertEquals(0, service.list(OTHER).size());
        assertEquals(Refused.Kind.NOT_FOUND, assertThrows(Refused.class, () -> service.read(OTHER, id)).kind());
        Map<String, Object> changed = service.update(SIEM, json("{\"stream_id\":\"" + id + "\",\"description\":\"SIEM\"}"), false);
        assertEquals("SIEM", changed.get("description"));
        service.delete(SIEM, id);
        assertEquals(Refused.Kind.NOT_FOUND, assertThrows(Refused.class, () -> service.read(SIEM, id)).kind());
    }

    @Test
    void a_receiver_has_a_bounded_number_of_streams() throws Exception {
        create(SIEM);
        create(SIEM);
        assertEquals(Refused.Kind.CONFLICT, assertThrows(Refused.class, () -> create(SIEM)).kind());
        create(OTHER);
    }

    @Test
    void a_status_change_by_someone_else_tells_the_receiver_its_own_does_not() throws Exception {
        String id = create(SIEM);
        service.setStatus(SIEM, json("{\"stream_id\":\"" + id + "\",\"status\":\"paused\"}"));
        assertEquals(List.of(), queued);
        assertEquals(Map.of("stream_id", id, "status", "paused"), service.status(SIEM, id));
        service.setStatus(PLATFORM, json("{\"stream_id\":\"" + id + "\",\"status\":\"disabled\",\"reason\":\"abuse\"}"));
        assertEquals(1, queued.size());
        assertEquals(EventTypes.STREAM_UPDATED, queued.get(0).event().type());
        assertEquals(Map.of("status", "disabled", "reason", "abuse"), queued.get(0).event().payload());
        assertEquals(Optional.empty(), queued.get(0).txn());
        assertEquals(Refused.Kind.MALFORMED, assertThrows(Refused.class,
                () -> service.setStatus(SIEM, json("{\"stream_id\":\"" + id + "\",\"status\":\"off\"}"))).kind());
    }

    @Test
    void a_stream_disabled_because_its_tenant_was_deleted_stays_disabled_for_everyone() throws Exception {
        String id = create(SIEM);
        StreamRecord gone = StreamRecord.read(stored.get(id).orElseThrow().tenantDeleted("tenant acme was deleted").bytes())
                .orElseThrow();
        assertTrue(gone.tenantGone(), "the mark survives the streams topic");
        stored.put(gone);
        for (Receiver r : List.of(SIEM, PLATFORM)) {
            for (String status : List.of("enabled", "paused")) {
                assertEquals(Refused.Kind.MALFORMED, assertThrows(Refused.class, () -> service.setStatus(r,
                        json("{\"stream_id\":\"" + id + "\",\"status\":\"" + status + "\"}"))).kind());
            }
        }
        service.update(SIEM, json("{\"stream_id\":\"" + id + "\",\"description\":\"old\"}"), false);
        assertEquals(Map.of("stream_id", id, "status", "disabled", "reason", "tenant acme was deleted"),
                service.status(SIEM, id), "an update keeps it disabled");
        service.delete(SIEM, id);
    }

    @Test
    void verification_is_rate_limited_and_follows_the_stream_status() throws Exception {
        String id = create(SIEM);
        service.verify(SIEM, json("{\"stream_id\":\"" + id + "\",\"state\":\"abc\"}"));
        assertEquals(Map.of("state", "abc"), queued.get(0).event().payload());
        now = now.plusSeconds(4);
        StreamService.TooSoon soon = assertThrows(StreamService.TooSoon.class,
                () -> service.verify(SIEM, json("{\"stream_id\":\"" + id + "\"}")));
        assertEquals(Duration.ofSeconds(6), soon.retryAfter());
        now = now.plusSeconds(6);
        service.setStatus(SIEM, json("{\"stream_id\":\"" + id + "\",\"status\":\"disabled\"}"));
        service.verify(SIEM, json("{\"stream_id\":\"" + id + "\"}"));
        assertEquals(1, queued.size(), "a disabled stream gets no verification SET");
    }

    @Test
    void management_needs_its_rights() {
        Receiver reader = new Receiver("siem", ActorType.service, Set.of("ssf.read"), Optional.of("acme"));
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class, () -> create(reader)).kind());
        Receiver nobody = new Receiver("x", ActorType.service, Set.of(), Optional.of("acme"));
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class, () -> service.list(nobody)).kind());
        assertEquals(Refused.Kind.MALFORMED, assertThrows(Refused.class, () -> service.update(SIEM, json("{}"), true)).kind());
        assertTrue(stored.isEmpty());
    }
}
