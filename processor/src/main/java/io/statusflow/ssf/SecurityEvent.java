package io.statusflow.ssf;

import java.util.Map;

/**
 * One security event of a SET: its type URI, its subject ({@code sub_id}) and its payload, as JSON
 * members in the order they are written.
 */
public record SecurityEvent(String type, Map<String, Object> subject, Map<String, Object> payload) {

    public SecurityEvent {
        subject = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subject));
        payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
    }
}
