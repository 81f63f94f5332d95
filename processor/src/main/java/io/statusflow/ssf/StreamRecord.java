package io.statusflow.ssf;

import io.statusflow.client.AvroJsonReader;
import io.statusflow.schema.ssf.SsfDefaultSubjects;
import io.statusflow.schema.ssf.SsfDelivery;
import io.statusflow.schema.ssf.SsfStream;
import io.statusflow.schema.ssf.SsfStreamStatus;
import io.statusflow.wire.AvroJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stream as the compacted streams topic keeps it, keyed by its id: its configuration, its status
 * and why. Every instance reads the whole topic, so any of them can serve management and the
 * outbox knows where each event goes. A tombstone is a deleted stream.
 *
 * @param tenantGone statusflow disabled the stream because its tenant was deleted: it stays disabled
 * @param subjectsChosen its receiver added or removed a subject, so the outbox looks its subjects up
 */
public record StreamRecord(Stream stream, StreamStatus status, Optional<String> reason, Optional<Instant> verifiedAt,
        boolean tenantGone, boolean subjectsChosen) {

    public StreamRecord(Stream stream, StreamStatus status, Optional<String> reason, Optional<Instant> verifiedAt) {
        this(stream, status, reason, verifiedAt, false, false);
    }

    /** A stream as created: enabled, never verified. */
    public static StreamRecord created(Stream stream) {
        return new StreamRecord(stream, StreamStatus.enabled, Optional.empty(), Optional.empty());
    }

    public StreamRecord with(Stream changed) {
        return new StreamRecord(changed, status, reason, verifiedAt, tenantGone, subjectsChosen);
    }

    public StreamRecord with(StreamStatus newStatus, Optional<String> why) {
        return new StreamRecord(stream, newStatus, why, verifiedAt, tenantGone, subjectsChosen);
    }

    /** Disabled for good: its tenant was deleted. */
    public StreamRecord tenantDeleted(String why) {
        return new StreamRecord(stream, StreamStatus.disabled, Optional.of(why), verifiedAt, true, subjectsChosen);
    }

    public StreamRecord verified(Instant at) {
        return new StreamRecord(stream, status, reason, Optional.of(at), tenantGone, subjectsChosen);
    }

    /** Its receiver chose subjects: from now on the outbox looks them up. */
    public StreamRecord choosingSubjects() {
        return new StreamRecord(stream, status, reason, verifiedAt, tenantGone, true);
    }

    /** The record as the streams topic holds it: {@code SsfStream.avsc}, as JSON. */
    public byte[] bytes() {
        Stream s = stream;
        return AvroJson.write(SsfStream.newBuilder().setStreamId(s.id()).setAud(s.audience())
                .setTenantId(s.tenantId().orElse(null)).setEventsRequested(s.eventsRequested())
                .setDelivery(new SsfDelivery(s.delivery().method(), s.delivery().endpointUrl(),
                        s.delivery().authorizationHeader().orElse(null)))
                .setDescription(s.description().orElse(null)).setStatus(SsfStreamStatus.valueOf(status.name()))
                .setReason(reason.orElse(null)).setVerifiedAt(verifiedAt.orElse(null)).setTenantDeleted(tenantGone)
                .setDefaultSubjects(SsfDefaultSubjects.valueOf(s.defaultSubjects().name())).setSubjectsChosen(subjectsChosen)
                .build());
    }

    /** The record, or empty for a value that is not one (someone else wrote to the topic): it is skipped. */
    public static Optional<StreamRecord> read(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            SsfStream r = AvroJsonReader.read(bytes, SsfStream.class);
            SsfDelivery d = r.getDelivery();
            Stream s = new Stream(r.getStreamId(), r.getAud(), Optional.ofNullable(r.getTenantId()),
                    List.copyOf(r.getEventsRequested()), new Stream.Delivery(d.getMethod(), d.getEndpointUrl(),
                            Optional.ofNullable(d.getAuthorizationHeader())), Optional.ofNullable(r.getDescription()),
                    Stream.DefaultSubjects.valueOf(r.getDefaultSubjects().name()));
            return Optional.of(new StreamRecord(s, StreamStatus.valueOf(r.getStatus().name()),
                    Optional.ofNullable(r.getReason()), Optional.ofNullable(r.getVerifiedAt()), r.getTenantDeleted(),
                    r.getSubjectsChosen()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether an event of {@code tenantId} of this type goes into this stream's queue. */
    public boolean queues(String tenantId, String type) {
        return status.queues() && stream.tenantId().map(tenantId::equals).orElse(true)
                && stream.eventsDelivered().contains(type);
    }
}
