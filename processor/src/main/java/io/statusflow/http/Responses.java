package io.statusflow.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.statusflow.domain.Verdict;
import io.statusflow.ssf.Refused;
import io.statusflow.wire.Json;
import java.time.Duration;
import java.util.Arrays;

/**
 * Every answer of the HTTP edge that is not a route's own body, written here once: the JSON error
 * in the canonical shape ({@code {"error": ..., "message": ...}}) or a route family's own, the
 * status of each refusal, and {@code Retry-After}.
 */
final class Responses {

    static final String JSON = "application/json";

    private Responses() {}

    /** How a route writes its errors: the canonical shape, or a seed's. */
    interface Errors {
        void send(Context ctx, int status, String message);

        Errors CANONICAL = (ctx, status, message) -> error(ctx, status, name(status), message);
    }

    /** The canonical error name of a status: a result's own (Verdict), or one only the HTTP edge answers. */
    static String name(int status) {
        return switch (status) {
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            // The edge's own failure (it could not encode or send), not a result's internal_error.
            case 500 -> "internal";
            case 503 -> "unavailable";
            default -> Arrays.stream(Verdict.values()).filter(v -> v.code() == status).findFirst()
                    .map(Verdict::error).orElse("error");
        };
    }

    static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    /** The canonical error. */
    static void error(Context ctx, int status, String error, String message) {
        json(ctx, status, errorBody(error, message));
    }

    static String errorBody(String error, String message) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("error", error);
        e.put("message", message);
        return e.toString();
    }

    /** 503: not now, ask again in a second. */
    static void unavailable(Context ctx, Errors errors, String message) {
        retryAfter(ctx, Duration.ofSeconds(1));
        errors.send(ctx, 503, message);
    }

    /** 429: too soon, ask again after {@code after} (whole seconds, at least one). */
    static void tooSoon(Context ctx, Duration after, String message) {
        retryAfter(ctx, after);
        error(ctx, 429, name(429), message);
    }

    /** 504: the command was sent, its result did not come in time. */
    static void noResultYet(Context ctx, Duration timeout, String commandId) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("error", "gateway_timeout");
        e.put("message", "no result within " + timeout.toSeconds() + "s; look it up later by commandId");
        e.put("commandId", commandId);
        json(ctx, 504, e.toString());
    }

    /** A Shared Signals rule's refusal; a forbidden one names the missing scope as RFC 6750 asks. */
    static void refused(Context ctx, Refused e) {
        int status = status(e.kind());
        if (status == 403) {
            ctx.header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        }
        error(ctx, status, name(status), e.getMessage());
    }

    /** A malformed poll, in RFC 8936's error shape. */
    static void invalidPoll(Context ctx, String description) {
        ObjectNode err = Json.MAPPER.createObjectNode();
        err.put("err", "invalid_request");
        err.put("description", description);
        json(ctx, 400, err.toString());
    }

    static int status(Refused.Kind kind) {
        return switch (kind) {
            case MALFORMED -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
    }

    private static void retryAfter(Context ctx, Duration after) {
        ctx.header("Retry-After", Long.toString(Math.max(1, (after.toMillis() + 999) / 1000)));
    }
}
