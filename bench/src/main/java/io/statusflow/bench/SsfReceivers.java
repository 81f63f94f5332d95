package io.statusflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Shared Signals section's receivers: streams made and deleted over the worker's HTTP API, a poll
 * receiver's long-poll loop, and the SETs each receiver got, decoded and timed.
 */
final class SsfReceivers {

    private static final String PUSH = "urn:ietf:rfc:8935";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    SsfReceivers(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** What a receiver got: a SET's subject id, first event type and admin reason (a load command's own), when. */
    record Arrival(String subject, String type, String reason, long nanos) {}

    /** The type of an {@link Arrival} that was not a SET. */
    static final String NOT_A_SET = "not a SET";

    /** One receiver's arrivals, in order. */
    static final class Receiver {
        final List<Arrival> arrivals = new ArrayList<>();

        synchronized void add(String jwt, long nanos) {
            arrivals.add(decode(jwt, nanos));
        }

        /**
         * A SET's subject: a complex subject's user, else its tenant, else the subject itself; its {@code sub}, else its
         * {@code id}. Anything that is not a SET is kept as one, typed {@link #NOT_A_SET}, for the caller to count.
         */
        static Arrival decode(String jwt, long nanos) {
            try {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
                JsonNode sub = claims.path("sub_id");
                JsonNode named = sub.has("user") ? sub.get("user") : sub.has("tenant") ? sub.get("tenant") : sub;
                String subject = named.has("sub") ? named.get("sub").asText() : named.path("id").asText(named.toString());
                var events = claims.path("events").fields();
                if (!events.hasNext()) {
                    return new Arrival(subject, "", "", nanos);
                }
                var event = events.next();
                return new Arrival(subject, event.getKey(), event.getValue().path("reason_admin").path("en").asText(), nanos);
            } catch (Exception e) {
                return new Arrival("?", NOT_A_SET, "", nanos);
            }
        }

        /** What arrived since the last call; statusflow sends only SETs, so anything else fails the measurement. */
        synchronized List<Arrival> sets() {
            List<Arrival> out = taken();
            if (out.stream().anyMatch(x -> x.type().equals(NOT_A_SET))) {
                throw new IllegalStateException("a receiver got something that is not a SET");
            }
            return out;
        }

        synchronized List<Arrival> taken() {
            List<Arrival> out = List.copyOf(arrivals);
            arrivals.clear();
            return out;
        }

        synchronized int size() {
            return arrivals.size();
        }
    }

    /** Opens a push stream of a tenant (given an endpoint) and a poll one (when asked), polled by a thread of its own. */
    Streams open(String tenant, String events, String endpoint, boolean poll) throws Exception {
        return new Streams(tenant, events, endpoint, poll);
    }

    /**
     * A push stream of a tenant (given an endpoint) and a poll one (when asked); a thread of its own
     * polls the poll one until closed. Closed, they are deleted: the next measurement runs alone.
     */
    final class Streams implements AutoCloseable {
        final Receiver polled = new Receiver();
        private final AtomicBoolean polling = new AtomicBoolean(true);
        private Thread poller;
        private final List<String> ids = new ArrayList<>();

        private Streams(String tenant, String events, String endpoint, boolean poll) throws Exception {
            if (endpoint != null) {
                ids.add(stream("{\"tenant_id\":\"" + tenant + "\"," + events + ",\"delivery\":{\"method\":\"" + PUSH
                        + "\",\"endpoint_url\":\"" + endpoint + "\"}}"));
            }
            if (poll) {
                String id = stream("{\"tenant_id\":\"" + tenant + "\"," + events + "}");
                ids.add(id);
                poller = new Thread(() -> poll(id, polled, polling), "ssf-poller");
                poller.start();
            }
        }

        @Override
        public void close() throws Exception {
            polling.set(false);
            if (poller != null) {
                poller.join();
            }
            for (String id : ids) {
                http.send(HttpRequest.newBuilder(URI.create(base + "/ssf/stream?stream_id=" + id))
                        .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    /** A receiver's long-poll loop: acknowledges what the last answer gave, asks for up to 1,000 more. */
    private void poll(String stream, Receiver into, AtomicBoolean running) {
        List<String> ack = new ArrayList<>();
        while (running.get() || !ack.isEmpty()) {
            try {
                String body = "{\"maxEvents\":" + (running.get() ? 1000 : 0) + ",\"ack\":" + JSON.writeValueAsString(ack) + "}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ssf/poll/" + stream))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                long now = System.nanoTime();
                if (r.statusCode() == 503) {
                    Thread.sleep(200);
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("poll: " + r.statusCode() + " " + r.body());
                }
                ack.clear();
                for (var it = JSON.readTree(r.body()).get("sets").fields(); it.hasNext(); ) {
                    var e = it.next();
                    ack.add(e.getKey());
                    into.add(e.getValue().asText(), now);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                throw new IllegalStateException("poll of stream " + stream + " failed", e);
            }
        }
    }

    private String stream(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ssf/stream"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a stream: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("stream_id").asText();
    }

    /** A platform admin's token for the stream routes, signed with the worker's shared secret. */
    static String token(String secret) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("bench-receiver").claim("actor_type", "service")
                .claim("roles", List.of("platform-admin")).expirationTime(new Date(System.currentTimeMillis() + 86_400_000L)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
