package io.statusflow.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A poll (RFC 8936): SETs to acknowledge, SETs refused with an error, how many to return and
 * whether to wait for one. Acknowledgements and errors apply first, for good; then the oldest
 * unacknowledged SETs are returned, {@code maxEvents} 0 meaning acknowledge only.
 */
public record PollRequest(int maxEvents, boolean returnImmediately, List<String> ack, Map<String, SetError> setErrs) {

    /** A receiver's reason for refusing a SET. */
    public record SetError(String err, String description) {}

    public static final int DEFAULT_MAX_EVENTS = 100;
    /** The most acknowledgements and errors one poll may carry, and the longest jti: a SET's is 36 characters. */
    public static final int MAX_ACKS = 10_000;
    static final int MAX_JTI = 128;
    static final int MAX_TEXT = 1_024;

    public PollRequest {
        ack = List.copyOf(ack);
        setErrs = Map.copyOf(setErrs);
    }

    /**
     * @param body the request's JSON, null when it had none
     * @param cap the operator's most SETs per answer
     */
    public static PollRequest parse(JsonNode body, int cap) throws Refused {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new PollRequest(Math.min(DEFAULT_MAX_EVENTS, cap), false, List.of(), Map.of());
        }
        if (!body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        int max = Math.min(DEFAULT_MAX_EVENTS, cap);
        if (body.has("maxEvents")) {
            JsonNode n = body.get("maxEvents");
            if (!n.isIntegralNumber() || n.asLong() < 0) {
                throw invalid("maxEvents must be a whole number from 0");
            }
            max = (int) Math.min(n.asLong(), cap);
        }
        boolean immediately = false;
        if (body.has("returnImmediately")) {
            if (!body.get("returnImmediately").isBoolean()) {
                throw invalid("returnImmediately must be true or false");
            }
            immediately = body.get("returnImmediately").booleanValue();
        }
        List<String> ack = new ArrayList<>();
        if (body.has("ack")) {
            JsonNode n = body.get("ack");
            if (!n.isArray() || n.size() > MAX_ACKS) {
                throw invalid("ack must be an array of at most " + MAX_ACKS + " jti values");
            }
            for (JsonNode j : n) {
                ack.add(jti(j));
            }
        }
        Map<String, SetError> errs = new LinkedHashMap<>();
        if (body.has("setErrs")) {
            JsonNode n = body.get("setErrs");
            if (!n.isObject() || n.size() > MAX_ACKS) {
                throw invalid("setErrs must be an object of at most " + MAX_ACKS + " jti values");
            }
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                String jti = jti(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()));
                JsonNode v = e.getValue();
                if (!v.isObject() || !v.path("err").isTextual()) {
                    throw invalid("each setErrs member needs an err");
                }
                errs.put(jti, new SetError(cut(v.get("err").asText()), cut(v.path("description").asText(""))));
            }
        }
        return new PollRequest(max, immediately, ack, errs);
    }

    private static String jti(JsonNode n) throws Refused {
        if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > MAX_JTI) {
            throw invalid("a jti is a string of 1 to " + MAX_JTI + " characters");
        }
        return n.asText();
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    /** RFC 8936's error shape: {@code {"err":"invalid_request","description":...}}. */
    static Refused invalid(String description) {
        return Refused.malformed(description);
    }

    /** The answer: the SETs by jti, and whether more are waiting. */
    public static Map<String, Object> answer(Map<String, String> sets, boolean moreAvailable) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sets", sets);
        out.put("moreAvailable", moreAvailable);
        return out;
    }
}
