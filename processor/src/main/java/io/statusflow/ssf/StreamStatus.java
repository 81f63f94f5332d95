package io.statusflow.ssf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A stream's status (SSF 1.0, 8.1.2): enabled streams get their SETs; paused ones queue them and
 * get them in order once enabled again; disabled ones queue nothing and drop what was queued.
 */
public enum StreamStatus {
    enabled, paused, disabled;

    public static Optional<StreamStatus> fromWire(String s) {
        for (StreamStatus v : values()) {
            if (v.name().equals(s)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Whether new SETs go into the stream's queue. */
    public boolean queues() {
        return this != disabled;
    }

    /** Whether queued SETs go out. */
    public boolean delivers() {
        return this == enabled;
    }

    /**
     * The stream-updated event a status change sends its receiver, when someone else made it (a
     * platform admin, or statusflow itself): the receiver's own changes send none. Sent before the
     * stream stops, or once it is enabled, so the receiver always gets it.
     */
    public static Optional<SecurityEvent> updated(String streamId, StreamStatus from, StreamStatus to,
            Optional<String> reason, boolean byReceiver) {
        if (byReceiver || from == to) {
            return Optional.empty();
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("status", to.name());
        reason.filter(r -> !r.isBlank()).ifPresent(r -> payload.put("reason", r));
        return Optional.of(new SecurityEvent(EventTypes.STREAM_UPDATED, Map.of("format", "opaque", "id", streamId), payload));
    }

    /** The verification event: the receiver's state echoed, if it sent one. */
    public static SecurityEvent verification(String streamId, Optional<String> state) {
        Map<String, Object> payload = new LinkedHashMap<>();
        state.ifPresent(s -> payload.put("state", s));
        return new SecurityEvent(EventTypes.VERIFICATION, Map.of("format", "opaque", "id", streamId), payload);
    }
}
