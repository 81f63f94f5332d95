package io.statusflow.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A receiver's create, update (PATCH) and replace (PUT) of a stream, checked and turned into a
 * {@link Stream}. The receiver supplies events_requested, delivery and description; statusflow
 * supplies the rest, and a request that names one of those must name it as it is. The audience
 * and the tenant never change.
 */
public final class StreamRequests {

    public static final int MAX_DESCRIPTION = 256;
    public static final int MAX_AUTHORIZATION = 4_096;
    public static final int MAX_EVENTS_REQUESTED = 64;
    private static final Set<String> RECEIVER_SUPPLIED = Set.of("events_requested", "delivery", "description",
            "default_subjects");
    private static final Set<String> KNOWN = Set.of("stream_id", "iss", "aud", "events_supported", "events_requested",
            "events_delivered", "delivery", "min_verification_interval", "description", "tenant_id", "default_subjects",
            "inactivity_timeout");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final Duration minVerificationInterval;
    private final PushEndpoints endpoints;

    public StreamRequests(String issuer, Duration minVerificationInterval, PushEndpoints endpoints) {
        this.issuer = issuer;
        this.minVerificationInterval = minVerificationInterval;
        this.endpoints = endpoints;
    }

    /** 32 lowercase hexadecimal digits, from a secure random source: not guessable from another stream's. */
    public static String newStreamId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A new stream of {@code audience}, limited to {@code tenantId} when given. */
    public Stream create(JsonNode body, String streamId, String audience, Optional<String> tenantId) throws Refused {
        requireObject(body);
        for (String member : List.of("stream_id", "iss", "aud", "events_supported", "events_delivered",
                "min_verification_interval")) {
            if (body.has(member)) {
                throw Refused.malformed(member + " is set by the transmitter; leave it out of a new stream");
            }
        }
        Stream draft = new Stream(streamId, audience, tenantId, List.of(), poll(streamId), Optional.empty(),
                Stream.DefaultSubjects.ALL);
        return apply(draft, body, true);
    }

    /** PATCH ({@code replace} false) changes the receiver-supplied members given; PUT sets all of them. */
    public Stream update(Stream current, JsonNode body, boolean replace) throws Refused {
        requireObject(body);
        matchesTransmitter(current, body);
        return apply(current, body, replace);
    }

    private Stream apply(Stream current, JsonNode body, boolean replace) throws Refused {
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                throw Refused.malformed("unknown member " + shown(name));
            }
        }
        List<String> events = body.has("events_requested") ? events(body.get("events_requested"))
                : replace ? List.of() : current.eventsRequested();
        Stream.Delivery delivery = body.has("delivery") ? delivery(body.get("delivery"), current)
                : replace ? poll(current.id()) : current.delivery();
        Optional<String> description = body.has("description") ? description(body.get("description"))
                : replace ? Optional.empty() : current.description();
        Stream.DefaultSubjects subjects = body.has("default_subjects") ? defaultSubjects(body.get("default_subjects"))
                : replace ? Stream.DefaultSubjects.ALL : current.defaultSubjects();
        return new Stream(current.id(), current.audience(), current.tenantId(), events, delivery, description, subjects);
    }

    private static Stream.DefaultSubjects defaultSubjects(JsonNode n) throws Refused {
        if (n.isTextual()) {
            for (Stream.DefaultSubjects d : Stream.DefaultSubjects.values()) {
                if (d.name().equals(n.asText())) {
                    return d;
                }
            }
        }
        throw Refused.malformed("default_subjects must be \"ALL\" or \"NONE\"");
    }

    /** Members statusflow supplies may be sent back, as they are: a GET then PUT loses nothing. */
    private void matchesTransmitter(Stream current, JsonNode body) throws Refused {
        Map<String, Object> config = current.config(issuer, minVerificationInterval);
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (RECEIVER_SUPPLIED.contains(name) || name.equals("inactivity_timeout")) {
                continue;
            }
            Object mine = config.get(name);
            JsonNode theirs = body.get(name);
            boolean same = mine != null && io.statusflow.wire.Json.MAPPER.valueToTree(mine).equals(theirs);
            if (!same) {
                throw Refused.malformed(name + " is set by the transmitter and cannot be changed");
            }
        }
    }

    private static void requireObject(JsonNode body) throws Refused {
        if (body == null || !body.isObject()) {
            throw Refused.malformed("the body must be a JSON object");
        }
    }

    private static List<String> events(JsonNode n) throws Refused {
        if (!n.isArray()) {
            throw Refused.malformed("events_requested must be an array of event type URIs");
        }
        if (n.size() > MAX_EVENTS_REQUESTED) {
            throw Refused.malformed("events_requested lists more than " + MAX_EVENTS_REQUESTED + " types");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw Refused.malformed("events_requested must be an array of event type URIs");
            }
            // Unknown URIs are kept as asked and simply never delivered.
            if (e.asText().length() <= 512 && !out.contains(e.asText())) {
                out.add(e.asText());
            }
        }
        return out;
    }

    private Stream.Delivery delivery(JsonNode n, Stream current) throws Refused {
        if (!n.isObject()) {
            throw Refused.malformed("delivery must be an object");
        }
        String method = n.path("method").asText(Stream.POLL);
        if (method.equals(Stream.POLL)) {
            String url = poll(current.id()).endpointUrl();
            if (n.has("endpoint_url") && !n.get("endpoint_url").asText().equals(url)) {
                throw Refused.malformed("a poll stream's endpoint_url is set by the transmitter: " + url);
            }
            if (n.has("authorization_header")) {
                throw Refused.malformed("authorization_header goes with push delivery only");
            }
            return new Stream.Delivery(Stream.POLL, url, Optional.empty());
        }
        if (!method.equals(Stream.PUSH)) {
            throw Refused.malformed("delivery.method must be " + Stream.PUSH + " or " + Stream.POLL);
        }
        if (!n.path("endpoint_url").isTextual()) {
            throw Refused.malformed("a push stream needs delivery.endpoint_url");
        }
        String url = endpoints.check(n.get("endpoint_url").asText()).toString();
        Optional<String> authorization = Optional.empty();
        if (n.has("authorization_header")) {
            String h = n.get("authorization_header").asText("");
            if (!n.get("authorization_header").isTextual() || h.isEmpty() || h.length() > MAX_AUTHORIZATION
                    || !h.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw Refused.malformed("authorization_header must be 1 to " + MAX_AUTHORIZATION
                        + " printable ASCII characters");
            }
            authorization = Optional.of(h);
        }
        return new Stream.Delivery(Stream.PUSH, url, authorization);
    }

    private static Optional<String> description(JsonNode n) throws Refused {
        if (n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw Refused.malformed("description must be a string");
        }
        String d = n.asText();
        if (!io.statusflow.domain.Text.isClean(d, true)) {
            throw Refused.malformed("description must not hold control characters other than tab and newline");
        }
        // Cut, not refused: a description is for people, and a long one loses only its end.
        int end = d.length() <= MAX_DESCRIPTION ? d.length() : d.offsetByCodePoints(0, Math.min(MAX_DESCRIPTION,
                d.codePointCount(0, d.length())));
        return Optional.of(d.substring(0, Math.min(end, d.length())));
    }

    private Stream.Delivery poll(String streamId) {
        return new Stream.Delivery(Stream.POLL, issuer + "/ssf/poll/" + streamId, Optional.empty());
    }

    static String shown(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
