package io.statusflow.ssf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One receiver's event stream: what its receiver asked for (events, delivery, description) and what
 * statusflow fixed (its id, its audience, the tenant it is limited to). Immutable; a change makes
 * a new one.
 *
 * @param audience the receiver: its creator's {@code sub}, the {@code aud} of every SET
 * @param tenantId the one tenant whose events it gets; empty for every tenant
 * @param defaultSubjects whether it holds every subject in its scope, or only those its receiver adds
 */
public record Stream(String id, String audience, Optional<String> tenantId, List<String> eventsRequested,
        Delivery delivery, Optional<String> description, DefaultSubjects defaultSubjects) {

    /** SSF's default_subjects: every subject in scope, or none but those added. */
    public enum DefaultSubjects { ALL, NONE }

    public static final String PUSH = "urn:ietf:rfc:8935";
    public static final String POLL = "urn:ietf:rfc:8936";

    /** How SETs reach the receiver; the authorization header goes with each push. */
    public record Delivery(String method, String endpointUrl, Optional<String> authorizationHeader) {
        public boolean isPush() {
            return PUSH.equals(method);
        }
    }

    public Stream {
        eventsRequested = List.copyOf(eventsRequested);
    }

    /** The requested types statusflow sends, in the order it lists them; maybe none. */
    public List<String> eventsDelivered() {
        List<String> out = new ArrayList<>();
        for (String t : EventTypes.SUPPORTED) {
            if (eventsRequested.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** The configuration as the management API shows it: SSF's members but inactivity_timeout, absent ones left out. */
    public Map<String, Object> config(String issuer, Duration minVerificationInterval) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("stream_id", id);
        c.put("iss", issuer);
        c.put("aud", audience);
        c.put("events_supported", EventTypes.SUPPORTED);
        c.put("events_requested", eventsRequested);
        c.put("events_delivered", eventsDelivered());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("method", delivery.method());
        d.put("endpoint_url", delivery.endpointUrl());
        delivery.authorizationHeader().ifPresent(h -> d.put("authorization_header", h));
        c.put("delivery", d);
        c.put("min_verification_interval", minVerificationInterval.toSeconds());
        description.ifPresent(v -> c.put("description", v));
        c.put("default_subjects", defaultSubjects.name());
        tenantId.ifPresent(t -> c.put("tenant_id", t));
        return c;
    }
}
