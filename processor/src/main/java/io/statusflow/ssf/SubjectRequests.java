package io.statusflow.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of an add or remove subject request (SSF 1.0, 9.1 and 9.2): {@code {stream_id, subject,
 * verified?}}. Subjects are {@code iss_sub}, whose {@code iss} must be one statusflow writes, or
 * {@code complex} with only an opaque {@code tenant}. Anything else is refused, and every part is
 * bounded.
 */
public final class SubjectRequests {

    /** The longest {@code iss}, {@code sub} or tenant id accepted. */
    public static final int MAX_PART = 1_024;
    private static final Set<String> MEMBERS = Set.of("stream_id", "subject", "verified");
    /** SSF's other subject formats (RFC 9493 and SSF 1.0, 3): known, and not matched by statusflow. */
    private static final Set<String> OTHER_FORMATS = Set.of("account", "email", "phone_number", "opaque", "did", "uri",
            "aliases", "jwt_id", "saml_assertion_id");

    /** A request, read: its stream, its subject, the subject's tenant when the subject tells it. */
    public record Request(String streamId, Subject subject, Map<String, Object> subId, Optional<String> tenantId,
            boolean verified) {}

    private final Pattern issuers;
    private final boolean issuerNamesTenant;

    /** @param subjectIssuer the {@code iss} of user and client subjects, {@code {tenant}} and {@code {type}} in it */
    public SubjectRequests(String subjectIssuer) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\{tenant\\}|\\{type\\}").matcher(subjectIssuer);
        int at = 0;
        boolean tenant = false;
        while (m.find()) {
            regex.append(Pattern.quote(subjectIssuer.substring(at, m.start())));
            if (m.group().equals("{tenant}") && !tenant) {
                regex.append("(?<tenant>[^/]+)");
                tenant = true;
            } else {
                regex.append(m.group().equals("{tenant}") ? "[^/]+" : "(?:user|client)");
            }
            at = m.end();
        }
        regex.append(Pattern.quote(subjectIssuer.substring(at)));
        this.issuers = Pattern.compile(regex.toString());
        this.issuerNamesTenant = tenant;
    }

    public Request parse(JsonNode body) throws Refused {
        if (body == null || !body.isObject()) {
            throw Refused.malformed("the body must be a JSON object {stream_id, subject, verified?}");
        }
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!MEMBERS.contains(name)) {
                throw Refused.malformed("unknown member " + StreamRequests.shown(name));
            }
        }
        if (!body.path("stream_id").isTextual()) {
            throw Refused.malformed("stream_id is required");
        }
        JsonNode v = body.get("verified");
        if (v != null && !v.isBoolean()) {
            throw Refused.malformed("verified must be true or false");
        }
        JsonNode s = body.get("subject");
        if (s == null || !s.isObject()) {
            throw Refused.malformed("subject must be an object with a format");
        }
        String format = s.path("format").isTextual() ? s.get("format").asText() : null;
        if (format == null) {
            throw Refused.malformed("subject.format is required");
        }
        Map<String, Object> subId = new LinkedHashMap<>();
        subId.put("format", format);
        Subject subject;
        Optional<String> tenant;
        switch (format) {
            case "iss_sub" -> {
                only(s, "format", "iss", "sub");
                String iss = part(s, "iss");
                String sub = part(s, "sub");
                Matcher m = issuers.matcher(iss);
                if (!m.matches()) {
                    throw Refused.malformed("subject.iss is not an issuer of this transmitter's subjects");
                }
                subject = new Subject.IssSub(iss, sub);
                tenant = issuerNamesTenant ? Optional.of(m.group("tenant")) : Optional.empty();
                subId.put("iss", iss);
                subId.put("sub", sub);
            }
            case "complex" -> {
                only(s, "format", "tenant");
                JsonNode t = s.get("tenant");
                if (t == null || !t.isObject() || !"opaque".equals(t.path("format").asText(null))) {
                    throw Refused.malformed("a complex subject needs tenant, an opaque subject; statusflow matches"
                            + " complex subjects by tenant only");
                }
                only(t, "format", "id");
                String id = part(t, "id");
                subject = new Subject.Tenant(id);
                tenant = Optional.of(id);
                subId.put("tenant", Map.of("format", "opaque", "id", id));
            }
            default -> throw Refused.malformed("subjects of format " + StreamRequests.shown(format) + " are not supported: "
                    + (OTHER_FORMATS.contains(format) ? "statusflow's SETs name users and clients by iss_sub and tenants"
                            + " by complex" : "unknown format") + "; use iss_sub or complex with tenant");
        }
        return new Request(body.get("stream_id").asText(), subject, subId, tenant, v == null || v.asBoolean());
    }

    private static void only(JsonNode n, String... members) throws Refused {
        Set<String> allowed = Set.of(members);
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw Refused.malformed("unexpected subject member " + StreamRequests.shown(name));
            }
        }
    }

    private static String part(JsonNode n, String name) throws Refused {
        JsonNode v = n.get(name);
        if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > MAX_PART) {
            throw Refused.malformed("subject " + name + " must be a string of 1 to " + MAX_PART + " characters");
        }
        String text = v.asText();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw Refused.malformed("subject " + name + " must not hold control characters");
            }
        }
        return text;
    }
}
