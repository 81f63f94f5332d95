package io.statusflow.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.statusflow.auth.Authenticator;
import io.statusflow.domain.ActorRef;
import io.statusflow.domain.Roles;
import io.statusflow.http.Responses.Errors;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The HTTP API: the canonical command and read routes and the health checks. Every response is
 * JSON; errors are {@code {"error": ..., "message": ...}}.
 */
public final class HttpApi implements AutoCloseable {

    private final Callers callers;
    private final BooleanSupplier ready;
    /** Where {@link #start} listens: read by the TLS connector, which Javalin builds when it starts. */
    private volatile String listenHost = "0.0.0.0";
    private volatile int listenPort;
    private final Javalin app;
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
        this.callers = new Callers(auth);
        Commands commands = new Commands(callers, gateway, timeout, maxCommandBytes);
        Reads reads = new Reads(callers, snapshots, forwarder, timeout);
        this.ready = () -> ready.getAsBoolean() && gateway.healthy();
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
            cfg.routes.get("/health/live", ctx -> Responses.json(ctx, 200, LIVE));
            cfg.routes.get("/health/ready", this::readiness);
            cfg.routes.get("/metrics", this::metrics);
            cfg.routes.post("/v1/commands", commands::canonical);
            cfg.routes.get("/v1/tenants/{tenantId}/{type}/{id}", reads::canonical);
            new SeedRoutes(callers, commands, reads, defaultTenant).register(cfg.routes);
            ssf.ifPresent(r -> r.register(cfg.routes));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> Responses.error(ctx, e.getStatus(),
                    Responses.name(e.getStatus()), switch (e.getStatus()) {
                        case 404 -> "no route " + ctx.method() + " " + ctx.path();
                        case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
                        case 413 -> "the body is larger than " + maxCommandBytes + " bytes";
                        default -> "the request cannot be served";
                    }));
            cfg.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    Responses.error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                org.slf4j.LoggerFactory.getLogger(HttpApi.class).error("{} {} failed", ctx.method(), ctx.path(), e);
                Responses.error(ctx, 500, "internal", "internal error");
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
        Optional<ActorRef> actor = callers.actor(ctx);
        if (actor.isEmpty()) {
            return;
        }
        if (!Roles.platformRole(actor.get())) {
            Responses.error(ctx, 403, "forbidden", "metrics need a platform-admin, or the management port");
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
            Responses.json(ctx, 200, "{\"status\":\"ready\"}");
        } else {
            Responses.unavailable(ctx, Errors.CANONICAL, "the worker is not processing, or its HTTP result reader has stopped");
        }
    }

    /** For the management port: the same readiness as {@code /health/ready}. */
    public boolean ready() {
        return ready.getAsBoolean();
    }

    @Override
    public void close() {
        app.stop();
    }
}
