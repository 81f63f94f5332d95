package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.statusflow.wire.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Shared Signals receiver over HTTP, as the walkthrough in the README is: management calls and polls. */
final class SsfReceiver {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    SsfReceiver(String base) {
        this.base = base;
    }

    /** A call that must answer {@code expected}; its JSON body, or null when it has none. */
    JsonNode call(String token, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
    }

    /** A poll's SETs by jti, in order; none while the instance is still taking the stream's partition (503). */
    Map<String, SignedJWT> poll(String token, String stream, String body) throws Exception {
        Map<String, SignedJWT> out = new LinkedHashMap<>();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ssf/poll/" + stream))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 503) {
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
            return out;
        }
        assertEquals(200, r.statusCode(), r.body());
        JsonNode sets = Json.MAPPER.readTree(r.body()).get("sets");
        for (var it = sets.fields(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), SignedJWT.parse(e.getValue().asText()));
        }
        return out;
    }

    /** The one event type a SET carries. */
    static String type(SignedJWT set) {
        return event(set).keySet().iterator().next();
    }

    /** The one event a SET carries, by type. */
    static Map<String, Object> event(SignedJWT set) {
        try {
            return set.getJWTClaimsSet().getJSONObjectClaim("events");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The payload of the one event a SET carries. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(SignedJWT set) {
        return (Map<String, Object>) event(set).values().iterator().next();
    }
}
