package io.statusflow.http;

import io.statusflow.auth.Authenticator;
import io.statusflow.auth.JwtSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.statusflow.domain.ActorRef;
import io.statusflow.domain.ReadRule;
import io.statusflow.domain.Verdict;
import io.statusflow.schema.EntitySnapshot;
import io.statusflow.schema.EntityType;
import io.statusflow.wire.AvroJson;
import io.statusflow.wire.CommandReader;
import io.statusflow.wire.Json;
import io.statusflow.wire.ReadOutcome;
import io.statusflow.wire.RecordBounds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API: the canonical command and read routes and the health checks. Every response is
 * JSON; errors are {@code {"error": ..., "message": ...}}.
 */
public final class HttpApi implements AutoCloseable {

    static final String JSON = "application/json";

    private final Authenticator auth;
    private final Gateway gateway;
    private final Snapshots snapshots;
    private final BooleanSupplier ready;
    private final Duration timeout;
    private final Forwarder forwarder;
    /** Where {@link #start} listens: read by the TLS connector, which Javalin builds when it starts. */
    private volatile String listenHost = "0.0.0.0";
    private volatile int listenPort;
    private final Javalin app;
    private final String defaultTenant;
    private final int maxCommandBytes;
    private final java.util.function.Supplier<String> metrics;
    private final long idleTimeoutMs;

    public HttpApi(Authenticator auth, Gateway gateway, Snapshots snapshots, BooleanSupplier ready, Duration timeout,
            String defaultTenant, java.util.function.Supplier<String> metrics, int maxCommandBytes) {
        this(auth, gateway, snapshots, ready, timeout, defaultTenant, metrics, maxCommandBytes, Optional.empty(),
                Optional.empty(), new Forwarder());
    }

    /**
     * @param ssf the Shared Signals routes, when the transmitter is on
     * @param tls the certificate and key to serve HTTPS with, when the API terminates TLS itself
     * @param forwarder relays reads to the instance that holds them (over HTTPS with {@code tls})
     */
    public HttpApi(Authenticator auth, Gateway gateway, Snapshots snapshots, BooleanSupplier ready, Duration timeout,
            String defaultTenant, java.util.function.Supplier<String> metrics, int maxCommandBytes,
            Optional<SsfRoutes> ssf, Optional<Tls> tls, Forwarder forwarder) {
        this.forwarder = forwarder;
        this.auth = auth;
        this.gateway = gateway;
        this.snapshots = snapshots;
        this.ready = () -> ready.getAsBoolean() && gateway.healthy();
        this.timeout = timeout;
        this.defaultTenant = defaultTenant;
        this.maxCommandBytes = maxCommandBytes;
        this.metrics = metrics;
        // A long poll holds its connection without a byte until a SET comes: it must not count as idle.
        this.idleTimeoutMs = HttpLimits.idleTimeoutMs(ssf.map(SsfRoutes::longestWait).orElse(Duration.ZERO));
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxCommandBytes;
            cfg.http.prefer405over404 = true;
            // Bounded threads, a minimum body rate and an idle timeout: slow clients are cut off instead of
            // holding a thread each, and the rest of the callers keep being served.
            cfg.jetty.threadPool = HttpLimits.threadPool();
            cfg.jetty.modifyHttpConfiguration(http -> HttpLimits.apply(http, idleTimeoutMs));
            // A connector of our own replaces Javalin's plain one: HTTPS only, TLS 1.2 and 1.3.
            tls.ifPresent(t -> cfg.jetty.addConnector((server, http) -> t.connector(server, http, listenHost, listenPort)));
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                // Javalin puts its servlet context inside this: bodies arrive before a thread is given to them.
                server.setHandler(HttpLimits.eagerBodies(maxCommandBytes));
            });
            cfg.routes.before(this::limitBody);
            cfg.routes.get("/health/live", ctx -> json(ctx, 200, LIVE));
            cfg.routes.get("/health/ready", this::readiness);
            cfg.routes.get("/metrics", this::metrics);
            cfg.routes.post("/v1/commands", this::command);
            cfg.routes.get("/v1/tenants/{tenantId}/{type}/{id}", this::snapshot);
            new SeedRoutes(this, defaultTenant).register(cfg.routes);
            ssf.ifPresent(r -> r.register(cfg.routes));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                    Errors.name(e.getStatus()), switch (e.getStatus()) {
                        case 404 -> "no route " + ctx.method() + " " + ctx.path();
                        case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
                        case 413 -> "the body is larger than " + maxCommandBytes + " bytes";
                        default -> "the request cannot be served";
                    }));
            cfg.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                org.slf4j.LoggerFactory.getLogger(HttpApi.class).error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal", "internal error");
            });
        });
    }

    static final String LIVE = "{\"status\":\"live\"}";

    /** A body over the command limit is refused from its Content-Length, before any of it is read. */
    private void limitBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxCommandBytes) {
            throw new HttpResponseException(413, "too large", java.util.Map.of());
        }
    }

    /** Kafka client ids and thread names are not for everyone: platform admins only (or the management port). */
    private void metrics(Context ctx) {
        Optional<ActorRef> actor = actor(ctx);
        if (actor.isEmpty()) {
            return;
        }
        if (!actor.get().hasRole("platform-admin")) {
            error(ctx, 403, "forbidden", "metrics need a platform-admin, or the management port");
            return;
        }
        ctx.status(200).contentType(METRICS_TYPE).result(metrics.get());
    }

    static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Starts listening; port 0 picks a free one. */
    public HttpApi start(String host, int port) {
        listenHost = host;
        listenPort = port;
        app.start(host, port);
        for (org.eclipse.jetty.server.Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof org.eclipse.jetty.server.AbstractConnector connector) {
                connector.setIdleTimeout(idleTimeoutMs);
            }
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    private void readiness(Context ctx) {
        if (ready.getAsBoolean()) {
            json(ctx, 200, "{\"status\":\"ready\"}");
        } else {
            ctx.header("Retry-After", "1");
            error(ctx, 503, "unavailable", "the worker is not processing, or its HTTP result reader has stopped");
        }
    }

    /** For the management port: the same readiness as {@code /health/ready}. */
    public boolean ready() {
        return ready.getAsBoolean();
    }

    /** A command from this actor, for routes that build it from a seed's request. */
    static ObjectNode command(ActorRef actor, String tenantId, EntityType type, String id, String action) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("commandId", UUID.randomUUID().toString());
        c.put("tenantId", tenantId);
        ObjectNode target = c.putObject("target");
        target.put("type", type.name());
        target.put("id", id);
        c.put("action", action);
        ObjectNode a = c.putObject("actor");
        a.put("id", actor.id());
        a.put("type", actor.type().name());
        actor.roles().forEach(a.withArray("roles")::add);
        return c;
    }

    private void command(Context ctx) {
        Optional<ActorRef> actor = actor(ctx);
        if (actor.isEmpty()) {
            return;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (Exception e) {
            error(ctx, 400, "bad_request", "the body is not JSON");
            return;
        }
        if (body == null || !body.isObject() || !body.path("tenantId").isTextual()) {
            error(ctx, 400, "bad_request", "the body must be a command object with a tenantId");
            return;
        }
        ObjectNode command = (ObjectNode) body;
        if (!command.path("commandId").isTextual()) {
            command.put("commandId", UUID.randomUUID().toString());
        }
        // The caller's identity comes from its token, never from the body.
        ObjectNode a = command.putObject("actor");
        a.put("id", actor.get().id());
        a.put("type", actor.get().type().name());
        actor.get().roles().forEach(a.withArray("roles")::add);
        send(ctx, command);
    }

    /** Sends a command and answers with its result, the HTTP status being the result's code. */
    void send(Context ctx, ObjectNode command) {
        send(ctx, command, (c, result) -> json(c, result.path("code").asInt(500), result.toString()));
    }

    /** Renders a command's result as a route's response. */
    interface Render {
        void render(Context ctx, JsonNode result);
    }

    /** Sends a command and lets {@code render} answer from its result. */
    void send(Context ctx, ObjectNode command, Render render) {
        send(ctx, command, render, Errors.CANONICAL);
    }

    /**
     * Sends a command and lets {@code render} answer from its result; errors of the edge (too large,
     * unreadable, in flight, unavailable) in the route's shape. The command is checked as the worker
     * will read it before it is sent, so every command sent gets a result that names its tenant.
     */
    void send(Context ctx, ObjectNode command, Render render, Errors errors) {
        String commandId = command.get("commandId").asText();
        String tenantId = command.get("tenantId").asText();
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(command);
        } catch (Exception e) {
            error(ctx, 500, "internal", "cannot encode the command");
            return;
        }
        if (bytes.length > maxCommandBytes) {
            errors.send(ctx, 413, "the command is larger than " + maxCommandBytes + " bytes");
            return;
        }
        Optional<ReadOutcome.Unreadable> refused = RecordBounds.check(tenantId.getBytes(StandardCharsets.UTF_8), List.of());
        ReadOutcome read = refused.isPresent() ? refused.get() : new CommandReader(maxCommandBytes).read(bytes);
        if (read instanceof ReadOutcome.Unreadable unreadable) {
            errors.send(ctx, 400, "unreadable command: " + unreadable.message());
            return;
        }
        CompletableFuture<byte[]> reply = gateway.submit(tenantId, commandId, bytes, Optional.ofNullable(ctx.header("Authorization")))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.future(() -> reply.handle((result, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof Gateway.InFlight inFlight) {
                errors.send(ctx, 409, inFlight.getMessage());
            } else if (cause instanceof Gateway.Unavailable unavailable) {
                ctx.header("Retry-After", "1");
                errors.send(ctx, 503, unavailable.getMessage());
            } else if (cause != null) {
                gateway.forget(tenantId, commandId);
                ObjectNode e = Json.MAPPER.createObjectNode();
                e.put("error", "gateway_timeout");
                e.put("message", "no result within " + timeout.toSeconds() + "s; look it up later by commandId");
                e.put("commandId", commandId);
                json(ctx, 504, e.toString());
            } else {
                try {
                    render.render(ctx, Json.MAPPER.readTree(result));
                } catch (java.io.IOException e) {
                    error(ctx, 500, "internal", "unreadable result");
                }
            }
            return null;
        }));
    }

    /**
     * Reads a snapshot for a route, answering 401, 403, 404, 503 or forwarding itself; calls
     * {@code render} only with a snapshot the caller may see.
     */
    void read(Context ctx, String tenantId, EntityType type, String id, java.util.function.BiConsumer<Context, EntitySnapshot> render,
            Errors errors) throws Exception {
        Optional<ActorRef> actor = actor(ctx, errors, 401);
        if (actor.isEmpty()) {
            return;
        }
        String key = tenantId + "/" + type.name() + "/" + id;
        try {
            if (snapshots.locate(tenantId) instanceof Snapshots.Location.Elsewhere there) {
                if (ctx.header(Forwarder.FORWARDED) != null) {
                    // The instance that forwarded this thinks we own it, we think not: ownership is moving.
                    throw new Snapshots.Unavailable("tenant state is moving between instances");
                }
                forward(ctx, there.hostPort());
                return;
            }
            if (!ReadRule.mayRead(actor.get(), tenantId, type, new SnapshotState(snapshots, tenantId), Instant.now())) {
                errors.send(ctx, 403, "reading " + type.name() + " status of tenant " + tenantId
                        + " needs an admin of the tenant, a platform-admin or Permissions.Multitenancy.View");
                return;
            }
            Optional<EntitySnapshot> snap = snapshots.local(tenantId, key);
            if (snap.isEmpty()) {
                boolean noTenant = type != EntityType.tenant
                        && snapshots.local(tenantId, tenantId + "/tenant/" + tenantId).isEmpty();
                errors.send(ctx, 404, noTenant ? "Tenant " + tenantId + " not found"
                        : Character.toUpperCase(type.name().charAt(0)) + type.name().substring(1)
                                + " not found in tenant scope: " + key);
                return;
            }
            render.accept(ctx, snap.get());
        } catch (Snapshots.Unavailable e) {
            ctx.header("Retry-After", "1");
            errors.send(ctx, 503, e.getMessage());
        } catch (SnapshotState.Unavailable e) {
            ctx.header("Retry-After", "1");
            errors.send(ctx, 503, e.getCause().getMessage());
        }
    }

    /** How a route writes its errors: the canonical {"error": code, "message": text}, or a seed's shape. */
    interface Errors {
        void send(Context ctx, int status, String message);

        Errors CANONICAL = (ctx, status, message) -> error(ctx, status, name(status), message);

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
    }

    private void snapshot(Context ctx) throws Exception {
        EntityType type;
        try {
            type = EntityType.valueOf(ctx.pathParam("type"));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "bad_request", "type must be tenant, user or client");
            return;
        }
        read(ctx, ctx.pathParam("tenantId"), type, ctx.pathParam("id"),
                (c, snap) -> json(c, 200, new String(AvroJson.write(snap), java.nio.charset.StandardCharsets.UTF_8)),
                Errors.CANONICAL);
    }

    private void forward(Context ctx, String hostPort) throws Exception {
        forwarder.relay(ctx, hostPort, null, timeout);
    }

    Optional<ActorRef> actor(Context ctx) {
        return actor(ctx, Errors.CANONICAL, 401);
    }

    /** The caller, or an answer with {@code status} in the route's error shape. */
    Optional<ActorRef> actor(Context ctx, Errors errors, int status) {
        Authenticator.Result r = auth.authenticate(ctx.header("Authorization"));
        if (r instanceof Authenticator.Result.Authenticated a) {
            return Optional.of(a.actor());
        }
        ctx.header("WWW-Authenticate", "Bearer");
        errors.send(ctx, status, ((Authenticator.Result.Refused) r).reason());
        return Optional.empty();
    }

    static void error(Context ctx, int status, String error, String message) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("error", error);
        e.put("message", message);
        json(ctx, status, e.toString());
    }

    static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    @Override
    public void close() {
        app.stop();
    }
}
