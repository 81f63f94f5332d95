package io.statusflow.http;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * What one HTTP client may take of the server: bounded threads, request headers, idle time, and a
 * minimum rate at which a body must arrive, so that slow or stalled clients are cut off rather than
 * holding a thread each while other callers wait.
 */
final class HttpLimits {

    /** Most requests served at once; others queue in Jetty, bounded by its accept queue. */
    static final int MAX_THREADS = 200;
    /** Request line and headers together, tokens included. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** A connection with no bytes in or out for this long is closed. */
    static final long IDLE_TIMEOUT_MS = 15_000;
    /** A request body must arrive at least this fast (bytes a second), or the request fails with 408. */
    static final long MIN_BODY_BYTES_PER_SECOND = 256;

    private HttpLimits() {}

    static ThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8);
        pool.setName("statusflow-http");
        return pool;
    }

    static void apply(HttpConfiguration http) {
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setIdleTimeout(IDLE_TIMEOUT_MS);
        http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
        http.setSendServerVersion(false);
    }
}
