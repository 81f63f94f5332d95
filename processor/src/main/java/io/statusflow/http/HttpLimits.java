package io.statusflow.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * What one HTTP client may take of the server: bounded threads, request headers, idle time, a
 * minimum rate at which a body must arrive, and bodies read before a thread is given to them, so
 * that slow or stalled clients are cut off, or wait, without holding a thread each while other
 * callers wait.
 */
final class HttpLimits {

    /** Most requests served at once; others queue in Jetty, bounded by its accept queue. */
    static final int MAX_THREADS = 200;
    /** Request line and headers together, tokens included. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** A connection with no bytes in or out for this long is closed; longer when a long poll may wait longer. */
    static final long IDLE_TIMEOUT_MS = 15_000;
    /** A request body must arrive at least this fast (bytes a second), or the request fails with 408. */
    static final long MIN_BODY_BYTES_PER_SECOND = 256;

    private HttpLimits() {}

    /**
     * Reads each request body in full, without a thread (Jetty's asynchronous reads), before the
     * request is handed to a route: a client that sends its body slowly costs a buffer, not one of
     * the threads every other caller needs. Bodies over the limit are refused with 413 as they come.
     */
    static Handler.Wrapper eagerBodies(int maxBodyBytes) {
        return new EagerContentHandler(new EagerContentHandler.RetainedContentLoaderFactory(maxBodyBytes + 1L, -1, true));
    }

    static ThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 8);
        pool.setName("statusflow-http");
        return pool;
    }

    /** The idle timeout when requests may rightly wait up to {@code longestWait} before answering. */
    static long idleTimeoutMs(java.time.Duration longestWait) {
        return Math.max(IDLE_TIMEOUT_MS, longestWait.toMillis() + 5_000);
    }

    static void apply(HttpConfiguration http, long idleTimeoutMs) {
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setIdleTimeout(idleTimeoutMs);
        http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
        http.setSendServerVersion(false);
    }
}
