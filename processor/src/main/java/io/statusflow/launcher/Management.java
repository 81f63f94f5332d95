package io.statusflow.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The management listener: liveness, readiness and metrics on a port of their own, without a
 * token, served by two threads of their own. However many clients hold the API port's threads,
 * probes and scrapes are answered here; keep this port inside the cluster's network.
 */
final class Management implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;

    private Management(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** @param tls the API's certificate: the management port then serves HTTPS too */
    static Management start(int port, BooleanSupplier ready, Supplier<String> metrics,
            java.util.Optional<io.statusflow.http.Tls> tls) throws StartupException {
        HttpServer server;
        try {
            if (tls.isPresent()) {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(port), 16);
                javax.net.ssl.SSLContext ctx = tls.get().serverContext();
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(ctx) {
                    @Override
                    public void configure(com.sun.net.httpserver.HttpsParameters params) {
                        params.setSSLParameters(new javax.net.ssl.SSLParameters(null, io.statusflow.http.Tls.PROTOCOLS));
                    }
                });
                server = https;
            } else {
                server = HttpServer.create(new InetSocketAddress(port), 16);
            }
        } catch (IOException e) {
            throw new StartupException("cannot listen on management port " + port + " (" + e.getMessage()
                    + "); choose another with " + Setting.MANAGEMENT_PORT.option());
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (!exchange.getRequestMethod().equals("GET")) {
                    send(exchange, 405, "application/json", "{\"error\":\"method_not_allowed\",\"message\":\"only GET\"}");
                } else if (path.equals("/health/live")) {
                    send(exchange, 200, "application/json", "{\"status\":\"live\"}");
                } else if (path.equals("/health/ready")) {
                    boolean ok = ready.getAsBoolean();
                    send(exchange, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"ready\"}"
                            : "{\"error\":\"unavailable\",\"message\":\"the worker is not processing, or its HTTP result reader has stopped\"}");
                } else if (path.equals("/metrics")) {
                    send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
                } else {
                    send(exchange, 404, "application/json", "{\"error\":\"not_found\",\"message\":\"no route\"}");
                }
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "statusflow-management");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        return new Management(server, threads);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
