package io.statusflow.ssf;

import com.fasterxml.jackson.core.type.TypeReference;
import io.statusflow.client.AvroJsonReader;
import io.statusflow.schema.ssf.SsfSubject;
import io.statusflow.wire.AvroJson;
import io.statusflow.wire.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A subject a receiver added to its stream ({@code included}) or removed from it, as the streams
 * topic keeps it under {@link #key}. Its keys sort after every stream id, so reading the streams
 * reads none of them.
 *
 * @param subId the subject as the receiver gave it
 * @param verified SSF's {@code verified}: whether the receiver verified the subject
 */
public record SubjectRecord(String streamId, Subject subject, Map<String, Object> subId, boolean included,
        boolean verified) {

    /** Every subject key starts so; stream ids (lowercase hexadecimal) sort before it. */
    public static final String PREFIX = "subject/";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    public SubjectRecord {
        subId = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subId));
    }

    public static String key(String streamId, Subject subject) {
        return prefix(streamId) + subject.key();
    }

    /** What every subject key of one stream starts with. */
    public static String prefix(String streamId) {
        return PREFIX + streamId + "/";
    }

    public String key() {
        return key(streamId, subject);
    }

    /** As the streams topic holds it: {@code SsfSubject.avsc}, as JSON. */
    public byte[] bytes() {
        try {
            return AvroJson.write(new SsfSubject(streamId, Json.MAPPER.writeValueAsString(subId), included, verified));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record, or empty for a value that is not one: it is skipped. */
    public static Optional<SubjectRecord> read(byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            SsfSubject r = AvroJsonReader.read(bytes, SsfSubject.class);
            Map<String, Object> subId = Json.MAPPER.readValue(r.getSubId(), MAP);
            return Subject.of(subId).map(s -> new SubjectRecord(r.getStreamId(), s, subId, r.getIncluded(), r.getVerified()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
