package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.schema.ActorType;
import io.statusflow.wire.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Subjects a receiver chooses (SSF 1.0, 8.1.3 and 9): what its stream then gets, what is kept, and
 * a clear refusal for every body that is not a subject of the stream's tenant.
 */
class SubjectControlTest {

    private static final String I = "https://sf.example";
    private static final String ISS = I + "/tenants/acme/users";
    private final MemoryStreams stored = new MemoryStreams();
    private final AtomicInteger ids = new AtomicInteger();
    private final StreamService service = new StreamService(I, new StreamRequests(I, Duration.ofSeconds(10),
            new PushEndpoints(false)), stored, set -> { }, 5, new SubjectRequests(I + "/tenants/{tenant}/{type}s"), 3,
            Duration.ofSeconds(10), Clock.systemUTC(), () -> String.format("%032x", ids.incrementAndGet()));

    private static final Receiver SIEM = new Receiver("siem", ActorType.service, Set.of("ssf.manage"), Optional.of("acme"));
    private static final Receiver READER = new Receiver("siem", ActorType.service, Set.of("ssf.read"), Optional.of("acme"));
    private static final Receiver OTHER = new Receiver("idp", ActorType.service, Set.of("ssf.manage"), Optional.of("acme"));

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String stream(String defaults) throws Refused {
        return (String) service.create(SIEM, json("{\"default_subjects\":\"" + defaults + "\"}")).get("stream_id");
    }

    private static String user(String id) {
        return "{\"format\":\"iss_sub\",\"iss\":\"" + ISS + "\",\"sub\":\"" + id + "\"}";
    }

    private static String tenant(String id) {
        return "{\"format\":\"complex\",\"tenant\":{\"format\":\"opaque\",\"id\":\"" + id + "\"}}";
    }

    private void add(String stream, String subject) throws Refused {
        service.chooseSubject(SIEM, json("{\"stream_id\":\"" + stream + "\",\"subject\":" + subject + "}"), true);
    }

    private void remove(String stream, String subject) throws Refused {
        service.chooseSubject(SIEM, json("{\"stream_id\":\"" + stream + "\",\"subject\":" + subject + "}"), false);
    }

    /** Whether a SET about user {@code id} of acme goes to the stream, as the outbox decides it. */
    private boolean gets(String stream, String id) {
        return gets(stream, new Subject.IssSub(ISS, id));
    }

    private boolean tenantGets(String stream) {
        return gets(stream, new Subject.Tenant("acme"));
    }

    private boolean gets(String stream, Subject subject) {
        return SubjectChoice.delivers(stored.get(stream).orElseThrow(), subject, "acme",
                s -> stored.subject(stream, s).map(SubjectRecord::included));
    }

    private Refused.Kind refused(String stream, String body) {
        return assertThrows(Refused.class, () -> service.chooseSubject(SIEM, json(body.replace("$S", stream)), true)).kind();
    }

    @Test
    void a_stream_of_no_subjects_gets_only_those_added_until_removed() throws Exception {
        String s = stream("NONE");
        assertEquals("NONE", service.read(SIEM, s).get("default_subjects"));
        assertFalse(gets(s, "alice"));
        add(s, user("alice"));
        assertTrue(gets(s, "alice"));
        assertFalse(gets(s, "bob"));
        assertFalse(tenantGets(s));
        remove(s, user("alice"));
        assertFalse(gets(s, "alice"));
        assertEquals(0, stored.subjects(s), "a removed subject of a NONE stream is simply forgotten");
    }

    @Test
    void a_tenant_subject_covers_its_members_and_a_removed_member_stays_out() throws Exception {
        String s = stream("NONE");
        add(s, tenant("acme"));
        assertTrue(tenantGets(s));
        assertTrue(gets(s, "alice"));
        assertTrue(gets(s, "bob"));
        remove(s, user("bob"));
        assertFalse(gets(s, "bob"), "the member's own choice outranks its tenant's");
        assertTrue(gets(s, "alice"));
        add(s, user("bob"));
        assertTrue(gets(s, "bob"));
        assertEquals(1, stored.subjects(s), "only what differs from the tenant's choice is kept");
    }

    @Test
    void a_stream_of_every_subject_stops_a_removed_one_and_takes_it_back() throws Exception {
        String s = stream("ALL");
        add(s, user("alice"));
        assertEquals(0, stored.subjects(s), "adding to a stream that holds every subject keeps nothing");
        assertTrue(gets(s, "alice"));
        remove(s, user("alice"));
        assertFalse(gets(s, "alice"));
        assertTrue(gets(s, "bob"));
        assertTrue(stored.get(s).orElseThrow().subjectsChosen(), "the outbox now looks this stream's subjects up");
        add(s, user("alice"));
        assertTrue(gets(s, "alice"));
    }

    @Test
    void verified_is_kept_as_given_and_true_when_not_said() throws Exception {
        String s = stream("NONE");
        service.chooseSubject(SIEM, json("{\"stream_id\":\"" + s + "\",\"subject\":" + user("a") + ",\"verified\":false}"), true);
        add(s, user("b"));
        assertFalse(stored.subject(s, new Subject.IssSub(ISS, "a")).orElseThrow().verified());
        assertTrue(stored.subject(s, new Subject.IssSub(ISS, "b")).orElseThrow().verified());
    }

    @Test
    void a_stream_holds_at_most_the_bound_then_409() throws Exception {
        String s = stream("NONE");
        for (String id : new String[] {"a", "b", "c"}) {
            add(s, user(id));
        }
        add(s, user("a"));
        assertEquals(Refused.Kind.CONFLICT, refused(s, "{\"stream_id\":\"$S\",\"subject\":" + user("d") + "}"));
        remove(s, user("a"));
        add(s, user("d"));
        assertEquals(3, stored.subjects(s));
    }

    @Test
    void deleting_a_stream_forgets_its_subjects() throws Exception {
        String s = stream("NONE");
        add(s, user("a"));
        service.delete(SIEM, s);
        assertEquals(0, stored.subjects(s));
    }

    @Test
    void another_tenants_subject_is_403_and_other_receivers_see_no_stream() throws Exception {
        String s = stream("NONE");
        assertEquals(Refused.Kind.FORBIDDEN, refused(s, "{\"stream_id\":\"$S\",\"subject\":" + tenant("globex") + "}"));
        assertEquals(Refused.Kind.FORBIDDEN, refused(s, "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"iss_sub\","
                + "\"iss\":\"" + I + "/tenants/globex/clients\",\"sub\":\"a\"}}"));
        String body = "{\"stream_id\":\"" + s + "\",\"subject\":" + user("a") + "}";
        assertEquals(Refused.Kind.NOT_FOUND, assertThrows(Refused.class,
                () -> service.chooseSubject(OTHER, json(body), true)).kind());
        assertEquals(Refused.Kind.FORBIDDEN, assertThrows(Refused.class,
                () -> service.chooseSubject(READER, json(body), true)).kind(), "reading rights do not choose");
        assertEquals(Refused.Kind.NOT_FOUND, assertThrows(Refused.class, () -> service.chooseSubject(OTHER,
                json("{\"stream_id\":\"" + s + "\",\"subject\":{\"format\":\"email\"}}"), true)).kind(),
                "another receiver's stream is not found, whatever the body");
        assertEquals(Refused.Kind.NOT_FOUND, refused("f".repeat(32), "{\"stream_id\":\"$S\",\"subject\":" + user("a") + "}"));
        assertEquals(0, stored.subjects(s));
    }

    @Test
    void hostile_and_malformed_bodies_are_400() throws Exception {
        String s = stream("NONE");
        String longPart = "x".repeat(SubjectRequests.MAX_PART + 1);
        for (String body : new String[] {
            "[]", "{}", "{\"stream_id\":\"$S\"}", "{\"stream_id\":7,\"subject\":" + user("a") + "}",
            "{\"stream_id\":\"$S\",\"subject\":\"alice\"}",
            "{\"stream_id\":\"$S\",\"subject\":{\"iss\":\"" + ISS + "\",\"sub\":\"a\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"email\",\"email\":\"a@acme.example\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"no-such-format\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"iss_sub\",\"iss\":\"https://elsewhere.example\",\"sub\":\"a\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"iss_sub\",\"iss\":\"" + ISS + "\",\"sub\":\"" + longPart + "\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"iss_sub\",\"iss\":\"" + ISS + "\",\"sub\":\"\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"iss_sub\",\"iss\":\"" + ISS + "\",\"sub\":\"a\\u0000b\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"iss_sub\",\"iss\":\"" + ISS + "\",\"sub\":7}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"iss_sub\",\"iss\":\"" + ISS + "\",\"sub\":\"a\",\"x\":1}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"complex\",\"tenant\":\"acme\"}}",
            "{\"stream_id\":\"$S\",\"subject\":{\"format\":\"complex\",\"tenant\":{\"format\":\"opaque\",\"id\":\"acme\"},"
                    + "\"user\":" + user("a") + "}}",
            "{\"stream_id\":\"$S\",\"subject\":" + user("a") + ",\"verified\":\"yes\"}",
            "{\"stream_id\":\"$S\",\"subject\":" + user("a") + ",\"extra\":1}",
        }) {
            assertEquals(Refused.Kind.MALFORMED, refused(s, body), body);
        }
        assertEquals(0, stored.subjects(s));
    }

    @Test
    void default_subjects_is_all_or_none_and_put_resets_it() throws Exception {
        String s = stream("NONE");
        assertThrows(Refused.class, () -> service.update(SIEM, json("{\"stream_id\":\"" + s + "\",\"default_subjects\":\"SOME\"}"), false));
        assertEquals("NONE", service.update(SIEM, json("{\"stream_id\":\"" + s + "\",\"description\":\"d\"}"), false)
                .get("default_subjects"), "PATCH keeps what it does not name");
        assertEquals("ALL", service.update(SIEM, json("{\"stream_id\":\"" + s + "\"}"), true).get("default_subjects"),
                "PUT sets every receiver-supplied member");
    }
}
