package io.statusflow.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A push receiver (RFC 8935) on loopback in the benchmark's JVM: hands each SET and its arrival time on, answers 202. */
final class PushReceiver implements AutoCloseable {

    /** What takes each SET as it arrives. */
    interface Sink {
        void add(String set, long nanos);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    PushReceiver(Sink sink) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/push", ex -> {
            sink.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII), System.nanoTime());
            ex.sendResponseHeaders(202, -1);
            ex.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/push";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
