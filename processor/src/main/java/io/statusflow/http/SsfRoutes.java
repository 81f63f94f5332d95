package io.statusflow.http;

import io.statusflow.auth.Authenticator;
import io.statusflow.auth.JwtSettings;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.statusflow.ssf.delivery.Delivery;
import io.statusflow.ssf.Metadata;
import io.statusflow.ssf.PollRequest;
import io.statusflow.ssf.Receiver;
import io.statusflow.ssf.Refused;
import io.statusflow.ssf.SigningKeys;
import io.statusflow.ssf.StreamRecord;
import io.statusflow.ssf.StreamRights;
import io.statusflow.ssf.StreamService;
import io.statusflow.wire.Json;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Shared Signals transmitter's routes: metadata and keys for anyone, stream management,
 * status, verification and polls for receivers with a bearer token (docs/shared-signals.md).
 */
public final class SsfRoutes {

    /** What the routes serve from. */
    /** @param pollWait the longest a poll waits for a SET: the connection stays open, idle, that long */
    public record Transmitter(String issuer, SigningKeys keys, StreamService service, StreamService.Store store,
            Supplier<Optional<Delivery>> delivery, int pollMaxEvents, java.time.Duration pollWait, String scopeClaim,
            String tenantClaim) {}

    private final Authenticator auth;
    private final Transmitter t;

    public SsfRoutes(Authenticator auth, Transmitter transmitter) {
        this(auth, transmitter, new Forwarder());
    }

    /** @param forwarder relays polls to the instance holding a stream (over HTTPS when the API serves it) */
    public SsfRoutes(Authenticator auth, Transmitter transmitter, Forwarder forwarder) {
        this.auth = auth;
        this.t = transmitter;
        this.forwarder = forwarder;
    }

    /** How long a connection may be idle while a poll waits: the server's idle timeout must be longer. */
    java.time.Duration longestWait() {
        return t.pollWait();
    }

    void register(RoutesConfig routes) {
        routes.get("/.well-known/ssf-configuration", ctx -> Responses.json(ctx, 200, Json.MAPPER.writeValueAsString(
                Metadata.of(t.issuer()))));
        routes.get("/ssf/jwks.json", ctx -> Responses.json(ctx, 200, t.keys().publicJwks()));
        routes.post("/ssf/stream", ctx -> managed(ctx, r -> {
            ctx.status(201);
            return t.service().create(r, body(ctx));
        }));
        routes.get("/ssf/stream", ctx -> managed(ctx, r -> {
            String id = ctx.queryParam("stream_id");
            return id == null ? t.service().list(r) : t.service().read(r, id);
        }));
        routes.patch("/ssf/stream", ctx -> managed(ctx, r -> t.service().update(r, body(ctx), false)));
        routes.put("/ssf/stream", ctx -> managed(ctx, r -> t.service().update(r, body(ctx), true)));
        routes.delete("/ssf/stream", ctx -> managed(ctx, r -> {
            t.service().delete(r, required(ctx.queryParam("stream_id")));
            ctx.status(204);
            return null;
        }));
        routes.get("/ssf/status", ctx -> managed(ctx, r -> t.service().status(r, required(ctx.queryParam("stream_id")))));
        routes.post("/ssf/status", ctx -> managed(ctx, r -> t.service().setStatus(r, body(ctx))));
        routes.post("/ssf/verify", ctx -> managed(ctx, r -> {
            t.service().verify(r, body(ctx));
            ctx.status(204);
            return null;
        }));
        // SSF 1.0, 9.1 and 9.2: an added subject answers an empty 200, a removed one 204.
        routes.post("/ssf/subjects:add", ctx -> managed(ctx, r -> {
            t.service().chooseSubject(r, body(ctx), true);
            return null;
        }));
        routes.post("/ssf/subjects:remove", ctx -> managed(ctx, r -> {
            t.service().chooseSubject(r, body(ctx), false);
            ctx.status(204);
            return null;
        }));
        routes.post("/ssf/poll/{stream_id}", this::poll);
    }

    private interface Action {
        Object run(Receiver r) throws Refused, StreamService.TooSoon;
    }

    private void managed(Context ctx, Action action) throws Exception {
        Optional<Receiver> r = receiver(ctx);
        if (r.isEmpty()) {
            return;
        }
        try {
            Object out = action.run(r.get());
            if (out == null) {
                ctx.result("");
            } else {
                Responses.json(ctx, ctx.statusCode() == 201 ? 201 : 200, Json.MAPPER.writeValueAsString(out));
            }
        } catch (Refused e) {
            Responses.refused(ctx, e);
        } catch (StreamService.TooSoon e) {
            Responses.tooSoon(ctx, e.retryAfter(), e.getMessage());
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException | IllegalStateException e) {
            unavailable(ctx, e);
        }
    }

    /** The streams cannot be read or written right now (the worker starts, or its state moves): try again. */
    private static void unavailable(Context ctx, RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(SsfRoutes.class).warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        Responses.unavailable(ctx, Responses.Errors.CANONICAL, "the streams cannot be read right now: " + e.getMessage());
    }

    /** RFC 8936: acknowledgements and errors first, then the oldest SETs, maybe after a wait. */
    private void poll(Context ctx) throws Exception {
        Optional<Receiver> r = receiver(ctx);
        if (r.isEmpty()) {
            return;
        }
        String id = ctx.pathParam("stream_id");
        try {
            Optional<StreamRecord> s = t.store().get(id);
            if (s.isEmpty() || s.get().stream().delivery().isPush()) {
                throw Refused.notFound("no poll stream " + id);
            }
            StreamRights.check(r.get(), StreamRights.Operation.POLL, s.get().stream());
            PollRequest request = PollRequest.parse(ctx.body().isBlank() ? null : body(ctx), t.pollMaxEvents());
            Optional<Delivery> delivery = t.delivery().get();
            var answer = delivery.flatMap(d -> d.poll(s.get(), request));
            if (answer.isEmpty()) {
                // Another instance holds the stream's SETs: the poll goes there, once.
                Optional<String> owner = ctx.header(Forwarder.FORWARDED) == null
                        ? delivery.flatMap(d -> d.owner(id)) : Optional.empty();
                if (owner.isPresent()) {
                    forward(ctx, owner.get());
                    return;
                }
                Responses.unavailable(ctx, Responses.Errors.CANONICAL,
                        "this stream's SETs are not held by any instance right now");
                return;
            }
            ctx.future(() -> answer.get().thenAccept(m -> {
                try {
                    Responses.json(ctx, 200, Json.MAPPER.writeValueAsString(m));
                } catch (Exception e) {
                    Responses.error(ctx, 500, "internal", "cannot write the answer");
                }
            }));
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException | IllegalStateException e) {
            unavailable(ctx, e);
        } catch (Refused e) {
            if (e.kind() == Refused.Kind.MALFORMED) {
                Responses.invalidPoll(ctx, e.getMessage());
            } else {
                Responses.refused(ctx, e);
            }
        }
    }

    private final Forwarder forwarder;

    /** The poll, relayed to the instance that holds the stream; 503 when it does not answer. */
    private void forward(Context ctx, String baseUrl) throws Exception {
        try {
            forwarder.relay(ctx, baseUrl, ctx.bodyAsBytes(), t.pollWait().plusSeconds(30));
        } catch (java.io.IOException e) {
            Responses.unavailable(ctx, Responses.Errors.CANONICAL, "the instance holding this stream's SETs (" + baseUrl
                    + ") does not answer: " + e);
        }
    }

    private Optional<Receiver> receiver(Context ctx) {
        Authenticator.Result result = auth.authenticate(ctx.header("Authorization"));
        if (!(result instanceof Authenticator.Result.Authenticated a)) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            Responses.error(ctx, 401, "unauthenticated", ((Authenticator.Result.Refused) result).reason());
            return Optional.empty();
        }
        Set<String> rights = new HashSet<>(a.actor().roles());
        a.text(t.scopeClaim()).ifPresent(scope -> rights.addAll(Set.of(scope.strip().split("\\s+"))));
        return Optional.of(new Receiver(a.actor().id(), a.actor().type(), rights, a.text(t.tenantClaim())));
    }

    private static JsonNode body(Context ctx) throws Refused {
        try {
            JsonNode n = Json.MAPPER.readTree(ctx.bodyAsBytes());
            if (n == null || !n.isObject()) {
                throw Refused.malformed("the body must be a JSON object");
            }
            return n;
        } catch (java.io.IOException e) {
            throw Refused.malformed("the body is not JSON");
        }
    }

    private static String required(String streamId) throws Refused {
        if (streamId == null || streamId.isBlank()) {
            throw Refused.malformed("stream_id is required");
        }
        return streamId;
    }
}
