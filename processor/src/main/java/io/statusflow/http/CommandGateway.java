package io.statusflow.http;

import io.statusflow.client.Replies;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The HTTP API's request and reply over Kafka: the client library's {@link Replies}, the one
 * implementation of it, with the gateway's errors. Each instance reads every result from the end of
 * the result topic without a consumer group and picks out its own by (tenantId, commandId).
 */
public final class CommandGateway implements Gateway, AutoCloseable {

    /** Far above the HTTP server's own bound on concurrent requests: that bound is the one callers meet. */
    private static final int MAX_IN_FLIGHT = 10_000;

    private final Replies replies;
    private final boolean forwardTokens;

    public CommandGateway(Properties clientProps, String commandsTopic, String resultsTopic) {
        this(clientProps, commandsTopic, resultsTopic, false);
    }

    /**
     * @param forwardTokens whether each command carries its caller's {@code Authorization} as a record
     *     header, for a worker that takes verified actors only ({@code --command-auth token})
     */
    public CommandGateway(Properties clientProps, String commandsTopic, String resultsTopic, boolean forwardTokens) {
        this.replies = new Replies(clientProps, commandsTopic, resultsTopic, MAX_IN_FLIGHT, Duration.ofSeconds(30));
        this.forwardTokens = forwardTokens;
    }

    @Override
    public CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command, Optional<String> authorization) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        replies.send(tenantId, commandId, command, forwardTokens ? authorization : Optional.empty()).whenComplete((r, e) -> {
            if (e == null) {
                reply.complete(r);
            } else {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                reply.completeExceptionally(cause instanceof Replies.InFlight ? new InFlight()
                        : cause instanceof Gateway.Unavailable ? cause : new Unavailable(cause.getMessage()));
            }
        });
        return reply;
    }

    @Override
    public void forget(String tenantId, String commandId) {
        replies.forget(tenantId, commandId, new Unavailable("no longer waited for"));
    }

    @Override
    public boolean healthy() {
        return replies.healthy();
    }

    @Override
    public void close() {
        replies.close();
    }
}
