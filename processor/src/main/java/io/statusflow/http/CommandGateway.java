package io.statusflow.http;

import io.statusflow.client.Replies;
import io.statusflow.client.StatusCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The HTTP API's request and reply over Kafka: the client library's {@link StatusCommands}, which
 * upstream services embed too, relaying each request's command JSON as it is, with the gateway's
 * errors. Each instance reads every result from the end of the result topic without a consumer
 * group and picks out its own by (tenantId, commandId).
 */
public final class CommandGateway implements Gateway, AutoCloseable {

    /** Far above the HTTP server's own bound on concurrent requests: that bound is the one callers meet. */
    private static final int MAX_IN_FLIGHT = 10_000;

    private final StatusCommands commands;
    private final boolean forwardTokens;

    /**
     * @param forwardTokens whether each command carries its caller's {@code Authorization} as a record
     *     header, for a worker that takes verified actors only ({@code --command-auth token})
     * @param timeout how long a request waits for its result; after it, it is no longer waited for
     */
    public CommandGateway(Properties clientProps, String commandsTopic, String resultsTopic, boolean forwardTokens,
            Duration timeout) {
        this.commands = StatusCommands.builder(clientProps).commandsTopic(commandsTopic).resultsTopic(resultsTopic)
                .maxInFlight(MAX_IN_FLIGHT).timeout(timeout).build();
        this.forwardTokens = forwardTokens;
    }

    @Override
    public CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command, Optional<String> authorization) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        commands.submitJson(tenantId, commandId, command, forwardTokens ? authorization : Optional.empty())
                .whenComplete((r, e) -> {
                    if (e == null) {
                        reply.complete(r);
                        return;
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    reply.completeExceptionally(cause instanceof Replies.InFlight ? new InFlight()
                            : cause instanceof StatusCommands.CommandTimeoutException ? cause
                            : new Unavailable(cause.getMessage()));
                });
        return reply;
    }

    /** Nothing to do: the library stops waiting for a command at the same timeout as the HTTP request. */
    @Override
    public void forget(String tenantId, String commandId) {}

    @Override
    public boolean healthy() {
        return commands.healthy();
    }

    @Override
    public void close() {
        commands.close();
    }
}
