package io.statusflow.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stream management (SSF 1.0, 8.1): create, read, update, replace, delete, status and
 * verification, with the rights of {@link StreamRights}, over a store every instance shares and an
 * outbox for the SETs the transmitter sends of its own accord.
 */
public final class StreamService {

    /** The streams, as every instance sees them; a write returns once it can be read back. */
    public interface Store {
        Optional<StreamRecord> get(String streamId);

        List<StreamRecord> all();

        void put(StreamRecord record);

        /** Deletes a stream and every subject its receiver chose. */
        void delete(String streamId);

        Optional<SubjectRecord> subject(String streamId, Subject subject);

        /** How many subjects a stream's receiver added or removed. */
        int subjects(String streamId);

        void put(SubjectRecord record);

        void forget(String streamId, Subject subject);
    }

    /** Where verification and stream-updated SETs go: the stream's queue, behind what is already there. */
    public interface Outbox {
        void queue(Queued set);
    }

    /** A verification asked for too soon: 429, with when to ask again. */
    public static final class TooSoon extends Exception {
        private final Duration retryAfter;

        TooSoon(Duration retryAfter) {
            super("verification was asked for less than the stream's min_verification_interval ago", null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final String issuer;
    private final StreamRequests requests;
    private final Store store;
    private final Outbox outbox;
    private final int maxStreams;
    private final SubjectRequests subjectRequests;
    private final int maxSubjects;
    private final Duration minVerificationInterval;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param subjectRequests reads the subjects receivers add and remove
     * @param maxSubjects how many subjects one stream's receiver may add or remove
     */
    public StreamService(String issuer, StreamRequests requests, Store store, Outbox outbox, int maxStreams,
            SubjectRequests subjectRequests, int maxSubjects, Duration minVerificationInterval, Clock clock,
            Supplier<String> ids) {
        this.subjectRequests = subjectRequests;
        this.maxSubjects = maxSubjects;
        this.issuer = issuer;
        this.requests = requests;
        this.store = store;
        this.outbox = outbox;
        this.maxStreams = maxStreams;
        this.minVerificationInterval = minVerificationInterval;
        this.clock = clock;
        this.ids = ids;
    }

    /** 201 and the new stream's configuration. */
    public Map<String, Object> create(Receiver r, JsonNode body) throws Refused {
        Optional<String> asked = body != null && body.path("tenant_id").isTextual()
                ? Optional.of(body.get("tenant_id").asText()) : Optional.empty();
        Optional<String> tenant = StreamRights.toCreate(r, asked);
        long own = store.all().stream().filter(s -> s.stream().audience().equals(r.sub())).count();
        if (own >= maxStreams) {
            throw Refused.conflict("this receiver has " + own + " streams, the most allowed");
        }
        JsonNode rest = body;
        if (body != null && body.isObject() && body.has("tenant_id")) {
            rest = body.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) rest).remove("tenant_id");
        }
        Stream s = requests.create(rest, ids.get(), r.sub(), tenant);
        store.put(StreamRecord.created(s));
        return config(s);
    }

    /** One stream's configuration. */
    public Map<String, Object> read(Receiver r, String streamId) throws Refused {
        return config(visible(r, streamId, StreamRights.Operation.READ).stream());
    }

    /** The configurations of the caller's streams (every stream for a platform admin), maybe none. */
    public List<Map<String, Object>> list(Receiver r) throws Refused {
        StreamRights.checkList(r);
        return store.all().stream().filter(s -> StreamRights.lists(r, s.stream())).map(s -> config(s.stream())).toList();
    }

    /** PATCH ({@code replace} false) or PUT: the body names its stream_id. */
    public Map<String, Object> update(Receiver r, JsonNode body, boolean replace) throws Refused {
        StreamRecord current = visible(r, streamId(body), StreamRights.Operation.MANAGE);
        Stream changed = requests.update(current.stream(), body, replace);
        store.put(current.with(changed));
        return config(changed);
    }

    /** 204; the stream's queue is dropped with it. */
    public void delete(Receiver r, String streamId) throws Refused {
        visible(r, streamId, StreamRights.Operation.MANAGE);
        store.delete(streamId);
    }

    public Map<String, Object> status(Receiver r, String streamId) throws Refused {
        return status(visible(r, streamId, StreamRights.Operation.READ));
    }

    /**
     * Sets a stream's status. When someone else than its receiver does it, the receiver is told with a
     * stream-updated SET: queued before the stream stops, after it starts again.
     */
    public Map<String, Object> setStatus(Receiver r, JsonNode body) throws Refused {
        StreamRecord current = visible(r, streamId(body), StreamRights.Operation.MANAGE);
        StreamStatus to = StreamStatus.fromWire(body.path("status").asText()).orElseThrow(() -> Refused.malformed(
                "status must be enabled, paused or disabled"));
        Optional<String> reason = body.path("reason").isTextual()
                ? Optional.of(cut(body.get("reason").asText(), 256)) : Optional.empty();
        if (current.tenantGone() && to != StreamStatus.disabled) {
            throw Refused.malformed("stream " + current.stream().id() + " was disabled because its tenant was deleted;"
                    + " it stays disabled");
        }
        boolean byReceiver = current.stream().audience().equals(r.sub());
        Optional<SecurityEvent> told = StreamStatus.updated(current.stream().id(), current.status(), to, reason, byReceiver);
        StreamRecord next = current.with(to, reason);
        if (told.isPresent() && !to.delivers()) {
            outbox.queue(Queued.once(current.stream().id(), told.get()));
        }
        store.put(next);
        if (told.isPresent() && to.delivers()) {
            outbox.queue(Queued.once(current.stream().id(), told.get()));
        }
        return status(next);
    }

    /** 204, then a verification SET, unless one was asked for within min_verification_interval. */
    public void verify(Receiver r, JsonNode body) throws Refused, TooSoon {
        StreamRecord current = visible(r, streamId(body), StreamRights.Operation.MANAGE);
        Instant now = clock.instant();
        if (current.verifiedAt().isPresent()) {
            Duration since = Duration.between(current.verifiedAt().get(), now);
            if (since.compareTo(minVerificationInterval) < 0) {
                throw new TooSoon(minVerificationInterval.minus(since));
            }
        }
        Optional<String> state = body.path("state").isTextual()
                ? Optional.of(cut(body.get("state").asText(), 256)) : Optional.empty();
        store.put(current.verified(now));
        if (current.status().queues()) {
            outbox.queue(Queued.once(current.stream().id(), StreamStatus.verification(current.stream().id(), state)));
        }
    }

    /**
     * Adds ({@code include}) or removes a subject (SSF 1.0, 9.1 and 9.2): from then on its SETs go to
     * the stream, or stop. Only what differs from what the subject would get anyway is kept, so a
     * removed member of an added tenant is kept as removed, and an added one of a stream that holds
     * every subject needs nothing.
     */
    public void chooseSubject(Receiver r, JsonNode body, boolean include) throws Refused {
        // The stream and the caller's rights first, as the other stream operations: a caller who may
        // not manage it learns nothing from how its body is read.
        StreamRecord current = visible(r, streamId(body), StreamRights.Operation.MANAGE);
        SubjectRequests.Request req = subjectRequests.parse(body);
        Optional<String> scope = current.stream().tenantId();
        if (scope.isPresent() && req.tenantId().isPresent() && !scope.equals(req.tenantId())) {
            throw Refused.forbidden("stream " + req.streamId() + " is limited to tenant " + scope.get()
                    + "; the subject is of another tenant");
        }
        String id = current.stream().id();
        Optional<SubjectRecord> own = store.subject(id, req.subject());
        boolean anyway = SubjectChoice.fallback(current, req.subject(), req.tenantId().orElse(null),
                s -> store.subject(id, s).map(SubjectRecord::included));
        if (anyway == include) {
            if (own.isPresent()) {
                store.forget(id, req.subject());
            }
            return;
        }
        if (own.isEmpty()) {
            int n = store.subjects(id);
            if (n >= maxSubjects) {
                throw Refused.conflict("stream " + id + " has " + n + " subjects added or removed, the most allowed");
            }
        }
        if (!current.subjectsChosen()) {
            // First, so that the outbox looks subjects up before the first one can be read.
            store.put(current.choosingSubjects());
        }
        store.put(new SubjectRecord(id, req.subject(), req.subId(), include, req.verified()));
    }

    private StreamRecord visible(Receiver r, String streamId, StreamRights.Operation op) throws Refused {
        StreamRights.checkList(r);
        Optional<StreamRecord> s = store.get(streamId);
        if (s.isEmpty()) {
            throw Refused.notFound("no stream " + streamId);
        }
        StreamRights.check(r, op, s.get().stream());
        return s.get();
    }

    private static String streamId(JsonNode body) throws Refused {
        if (body == null || !body.path("stream_id").isTextual()) {
            throw Refused.malformed("stream_id is required");
        }
        return body.get("stream_id").asText();
    }

    private Map<String, Object> config(Stream s) {
        return s.config(issuer, minVerificationInterval);
    }

    private static Map<String, Object> status(StreamRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stream_id", r.stream().id());
        out.put("status", r.status().name());
        r.reason().ifPresent(v -> out.put("reason", v));
        return out;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
