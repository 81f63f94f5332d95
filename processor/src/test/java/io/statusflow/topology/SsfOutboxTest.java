package io.statusflow.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.ssf.EventTypes;
import io.statusflow.ssf.OutboxSettings;
import io.statusflow.ssf.Queued;
import io.statusflow.ssf.SecurityEvents;
import io.statusflow.ssf.Stream;
import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.StreamStatus;
import io.statusflow.ssf.Subject;
import io.statusflow.ssf.SubjectRecord;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox on the topology: the events the worker publishes become SETs for the streams that
 * want them, once each, in each subject's order, filtered by tenant, requested types and status.
 */
class SsfOutboxTest {

    private static final OutboxSettings SSF = new OutboxSettings(OutboxSettings.STREAMS, OutboxSettings.OUTBOX,
            new SecurityEvents.Settings("https://sf.example/tenants/{tenant}/{type}s", true));

    private final TopologyDriver w = new TopologyDriver(WorkerSettings.defaults().withSsf(SSF));
    private final TestInputTopic<String, byte[]> streams = w.inputTopic(OutboxSettings.STREAMS);
    private final TestOutputTopic<String, byte[]> outbox = w.outputTopic(OutboxSettings.OUTBOX);

    @AfterEach
    void close() {
        w.close();
    }

    private void stream(String id, Optional<String> tenant, StreamStatus status, String... events) {
        Stream s = new Stream(id, "receiver-" + id, tenant, List.of(events),
                new Stream.Delivery(Stream.POLL, "https://sf.example/ssf/poll/" + id, Optional.empty()), Optional.empty(), Stream.DefaultSubjects.ALL);
        streams.pipeInput(id, new StreamRecord(s, status, Optional.empty(), Optional.empty()).bytes());
    }

    private List<Queued> drained() {
        return outbox.readRecordsToList().stream().map(TestRecord::value).map(v -> Queued.read(v).orElseThrow()).toList();
    }

    @Test
    void a_users_suspension_gives_each_interested_stream_its_sets_in_order() {
        stream("all", Optional.empty(), StreamStatus.enabled, EventTypes.SUPPORTED.toArray(String[]::new));
        stream("revocations", Optional.of("acme"), StreamStatus.enabled, EventTypes.SESSION_REVOKED);
        stream("globex", Optional.of("globex"), StreamStatus.enabled, EventTypes.SUPPORTED.toArray(String[]::new));
        Given.tenantWithAdmin(w, "acme", "alice");
        Given.user(w, "acme", "bob", "active");
        drained();
        w.send(Cmd.user("acme", "bob", "suspend").reason("phishing").by(Actors.admin("alice")));

        List<Queued> out = drained();
        assertEquals(List.of("all:" + EventTypes.ACCOUNT_DISABLED, "all:" + EventTypes.SESSION_REVOKED,
                "revocations:" + EventTypes.SESSION_REVOKED), out.stream().map(q -> q.streamId() + ":" + q.event().type()).toList(),
                "another tenant's stream gets none");
        Queued revoked = out.get(1);
        assertEquals(java.util.Map.of("format", "iss_sub", "iss", "https://sf.example/tenants/acme/users", "sub", "bob"),
                revoked.event().subject());
        assertEquals(out.get(0).txn(), revoked.txn(), "one event's SETs share its id");
        assertTrue(!out.get(1).jti().equals(out.get(2).jti()), "each stream's SET has its own jti");
    }

    @Test
    void a_stream_of_chosen_subjects_gets_only_theirs_and_a_tenant_covers_its_members() {
        String none = "0f".repeat(16);
        String all = "0e".repeat(16);
        Stream s = new Stream(none, "receiver", Optional.empty(), List.of(EventTypes.ACCOUNT_DISABLED),
                new Stream.Delivery(Stream.POLL, "https://sf.example/ssf/poll/x", Optional.empty()), Optional.empty(),
                Stream.DefaultSubjects.NONE);
        streams.pipeInput(none, StreamRecord.created(s).bytes());
        Stream everyone = new Stream(all, "receiver", Optional.empty(), List.of(EventTypes.ACCOUNT_DISABLED),
                new Stream.Delivery(Stream.POLL, "https://sf.example/ssf/poll/y", Optional.empty()), Optional.empty(),
                Stream.DefaultSubjects.ALL);
        streams.pipeInput(all, StreamRecord.created(everyone).choosingSubjects().bytes());
        choose(none, new Subject.IssSub("https://sf.example/tenants/acme/users", "bob"), true);
        choose(all, new Subject.IssSub("https://sf.example/tenants/acme/users", "bob"), false);
        Given.tenantWithAdmin(w, "acme", "alice");
        Given.user(w, "acme", "bob", "active");
        Given.user(w, "acme", "carol", "active");
        drained();
        w.send(Cmd.user("acme", "carol", "deactivate").by(Actors.admin("alice")));
        w.send(Cmd.user("acme", "bob", "deactivate").by(Actors.admin("alice")));
        assertEquals(List.of(all + ":carol", none + ":bob"), drained().stream()
                .map(q -> q.streamId() + ":" + q.event().subject().get("sub")).toList(), "each stream its own choice");

        choose(none, new Subject.Tenant("acme"), true);
        w.send(Cmd.user("acme", "bob", "activate").by(Actors.admin("alice")));
        w.send(Cmd.user("acme", "carol", "activate").by(Actors.admin("alice")));
        drained();
        w.send(Cmd.tenant("acme", "deactivate").reason("unpaid"));
        assertEquals(List.of(all + ":acme", none + ":acme", all + ":alice", none + ":alice", none + ":bob",
                all + ":carol", none + ":carol"), drained().stream().map(q -> q.streamId() + ":" + (q.event().subject()
                .containsKey("sub") ? q.event().subject().get("sub") : "acme")).toList(),
                "the tenant and all its members for the stream that added the tenant");

        streams.pipeInput(SubjectRecord.key(none, new Subject.Tenant("acme")), (byte[]) null);
        streams.pipeInput(SubjectRecord.key(none, new Subject.IssSub("https://sf.example/tenants/acme/users", "bob")),
                (byte[]) null);
        w.send(Cmd.tenant("acme", "activate"));
        drained();
        w.send(Cmd.user("acme", "bob", "suspend").by(Actors.admin("alice")));
        assertEquals(List.of(), drained().stream().filter(q -> q.streamId().equals(none)).toList(),
                "removed subjects get nothing more");
    }

    private void choose(String stream, Subject subject, boolean included) {
        java.util.Map<String, Object> subId = subject instanceof Subject.IssSub i
                ? java.util.Map.of("format", "iss_sub", "iss", i.iss(), "sub", i.sub())
                : java.util.Map.of("format", "complex", "tenant", java.util.Map.of("format", "opaque", "id", "acme"));
        SubjectRecord r = new SubjectRecord(stream, subject, subId, included, true);
        streams.pipeInput(r.key(), r.bytes());
    }

    @Test
    void a_tenant_cascade_reaches_the_tenant_first_then_every_member_that_loses_access() {
        stream("s", Optional.empty(), StreamStatus.enabled, EventTypes.ACCOUNT_DISABLED);
        Given.tenantWithAdmin(w, "acme", "alice");
        Given.user(w, "acme", "bob", "active");
        Given.user(w, "acme", "carol", "inactive");
        drained();
        w.send(Cmd.tenant("acme", "deactivate").reason("unpaid"));

        List<Queued> out = drained();
        assertEquals(List.of("complex", "iss_sub", "iss_sub"), out.stream().map(q -> q.event().subject().get("format")).toList());
        assertEquals(List.of("alice", "bob"), out.stream().skip(1).map(q -> q.event().subject().get("sub")).toList(),
                "carol had no access to lose");
        assertEquals("policy", out.get(1).event().payload().get("initiating_entity"));
    }

    @Test
    void paused_streams_queue_disabled_ones_do_not_and_registrations_give_nothing() {
        stream("paused", Optional.empty(), StreamStatus.paused, EventTypes.ACCOUNT_DISABLED);
        stream("disabled", Optional.empty(), StreamStatus.disabled, EventTypes.ACCOUNT_DISABLED);
        Given.tenantWithAdmin(w, "acme", "alice");
        assertEquals(List.of(), drained(), "registrations give no SET");
        w.send(Cmd.user("acme", "alice", "deactivate").by(Actors.SERVICE_ADMIN));
        assertEquals(List.of("paused"), drained().stream().map(Queued::streamId).toList());
    }

    @Test
    void a_deleted_stream_gets_nothing_more() {
        stream("s", Optional.empty(), StreamStatus.enabled, EventTypes.ACCOUNT_DISABLED);
        streams.pipeInput("s", (byte[]) null);
        Given.tenantWithAdmin(w, "acme", "alice");
        w.send(Cmd.user("acme", "alice", "deactivate").by(Actors.SERVICE_ADMIN));
        assertEquals(List.of(), drained());
    }

    @Test
    void a_record_that_is_not_an_event_or_a_stream_gives_nothing_and_stops_nothing() {
        stream("s", Optional.empty(), StreamStatus.enabled, EventTypes.ACCOUNT_DISABLED);
        streams.pipeInput("junk", "not a stream".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        w.inputTopic(io.statusflow.topology.Topics.EVENTS).pipeInput("x", "{\"not\":\"an event\"}".getBytes());
        Given.tenantWithAdmin(w, "acme", "alice");
        w.send(Cmd.user("acme", "alice", "deactivate").by(Actors.SERVICE_ADMIN));
        assertEquals(List.of("s"), drained().stream().map(Queued::streamId).toList());
    }

    @Test
    void a_deleted_tenants_streams_are_disabled_after_its_sets_and_told_why() {
        TestOutputTopic<String, byte[]> written = w.outputTopic(OutboxSettings.STREAMS);
        stream("acme-all", Optional.of("acme"), StreamStatus.enabled, EventTypes.SUPPORTED.toArray(String[]::new));
        stream("acme-paused", Optional.of("acme"), StreamStatus.paused, EventTypes.SESSION_REVOKED);
        stream("acme-off", Optional.of("acme"), StreamStatus.disabled, EventTypes.SUPPORTED.toArray(String[]::new));
        stream("globex", Optional.of("globex"), StreamStatus.enabled, EventTypes.SUPPORTED.toArray(String[]::new));
        stream("everyone", Optional.empty(), StreamStatus.enabled, EventTypes.ACCOUNT_PURGED);
        Given.applied(w.send(Cmd.tenant("acme", "register")));
        drained();
        written.readRecordsToList();
        Given.applied(w.send(Cmd.tenant("acme", "delete").reason("contract ended").by(Actors.PLATFORM)));

        List<String> out = drained().stream().map(q -> q.streamId() + ":" + q.event().type()
                + (q.stops() ? ":" + q.event().payload().get("status") + ":" + q.event().payload().get("reason") : "")).toList();
        assertEquals(List.of("acme-all:" + EventTypes.ACCOUNT_PURGED, "acme-all:" + EventTypes.SESSION_REVOKED,
                "acme-all:" + EventTypes.STREAM_UPDATED + ":disabled:tenant acme was deleted",
                "acme-paused:" + EventTypes.SESSION_REVOKED,
                "acme-paused:" + EventTypes.STREAM_UPDATED + ":disabled:tenant acme was deleted",
                "everyone:" + EventTypes.ACCOUNT_PURGED), out,
                "the tenant's SETs first, then why its streams stop; a disabled one is not told again, others untouched");
        java.util.Map<String, StreamRecord> now = new java.util.HashMap<>();
        written.readRecordsToList().forEach(r -> now.put(r.key(), StreamRecord.read(r.value()).orElseThrow()));
        assertEquals(java.util.Set.of("acme-all", "acme-paused"), now.keySet());
        now.values().forEach(r -> {
            assertEquals(StreamStatus.disabled, r.status());
            assertEquals(Optional.of("tenant acme was deleted"), r.reason());
            assertTrue(r.tenantGone(), "marked, so that no one enables it again");
        });
    }
}
