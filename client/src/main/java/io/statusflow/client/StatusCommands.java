package io.statusflow.client;

import io.statusflow.schema.CommandResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * For the services that send statusflow commands (admin APIs, directory synchronizations,
 * provisioners): {@link #submit} sends a {@link StatusCommand} to its tenant's own partition and
 * completes with its typed result, read from the result topic.
 *
 * <pre>{@code
 * try (StatusCommands commands = StatusCommands.builder(props).build()) {
 *     CommandResult r = commands.submit(StatusCommand.deactivateClient("tenant123", "456")
 *             .withReason("maintenance window")).get();
 * }
 * }</pre>
 *
 * <p>What can happen to a future:
 * <ul>
 *   <li>it completes with the result, whatever its outcome ({@code applied}, {@code unchanged},
 *       {@code rejected} with its code);</li>
 *   <li>{@link CommandTimeoutException}, carrying the commandId, after {@code timeout}: the command may
 *       still be applied. Submitting the same command again (the same commandId) is safe: it is applied
 *       at most once, and its first result comes back with {@code duplicate: true};</li>
 *   <li>{@link Replies.Full} at once when {@code maxInFlight} commands are waiting: the caller decides
 *       whether to wait and retry, nothing queues without bound;</li>
 *   <li>{@link Replies.InFlight} at once when the same (tenant, commandId) is still waiting here;</li>
 *   <li>{@link Replies.Unavailable} when the command cannot be sent or results cannot be read, and for
 *       every command still waiting when this is closed.</li>
 * </ul>
 * Thread-safe: one instance serves a whole service.
 */
public final class StatusCommands implements AutoCloseable {

    private final Replies replies;
    private final Duration timeout;
    private final Optional<Supplier<String>> authorization;
    private final Optional<StatusCommand.Actor> actor;

    private StatusCommands(Builder b) {
        this.timeout = b.timeout;
        this.authorization = b.authorization;
        this.actor = b.actor;
        this.replies = new Replies(b.props, b.commandsTopic, b.resultsTopic, b.maxInFlight, b.startTimeout);
    }

    /** @param props bootstrap servers and security settings of a Kafka client */
    public static Builder builder(Properties props) {
        return new Builder(props);
    }

    /** Sends the command and completes with its result (see the class's Javadoc for the exceptions). */
    public CompletableFuture<CommandResult> submit(StatusCommand command) {
        StatusCommand sent = command.actor().isEmpty() && actor.isPresent() ? command.withActor(actor.get()) : command;
        Optional<String> header = authorization.map(Supplier::get);
        return timed(replies.send(sent.tenantId(), sent.commandId(), sent.toJson(), header), sent.tenantId(),
                sent.commandId(), bytes -> AvroJsonReader.read(bytes, CommandResult.class));
    }

    /**
     * Sends a command's JSON as it is, for a gateway that relays commands it did not build (statusflow's
     * HTTP API does), and completes with the result's JSON, with the exceptions of {@link #submit}.
     *
     * @param authorization the {@code authorization} header to send with it (token mode), instead of this
     *     instance's own supplier
     */
    public CompletableFuture<byte[]> submitJson(String tenantId, String commandId, byte[] json,
            Optional<String> authorization) {
        return timed(replies.send(tenantId, commandId, json, authorization), tenantId, commandId, bytes -> bytes);
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<byte[]> reply, String tenantId, String commandId,
            java.util.function.Function<byte[], T> read) {
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((bytes, error) -> {
                    if (error == null) {
                        return read.apply(bytes);
                    }
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        CommandTimeoutException timedOut = new CommandTimeoutException(commandId, tenantId, timeout);
                        replies.forget(tenantId, commandId, timedOut);
                        throw timedOut;
                    }
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                });
    }

    /** Commands waiting for their results now. */
    public int waiting() {
        return replies.waiting();
    }

    /** Whether results are being read. */
    public boolean healthy() {
        return replies.healthy();
    }

    /** Completes every command still waiting ({@link Replies.Unavailable}) and closes the Kafka clients. */
    @Override
    public void close() {
        replies.close();
    }

    /** No result came within the timeout. The command may still be applied: send it again with the same commandId. */
    public static final class CommandTimeoutException extends RuntimeException {
        private final String commandId;
        private final String tenantId;

        CommandTimeoutException(String commandId, String tenantId, Duration after) {
            super("no result for command " + commandId + " of tenant " + tenantId + " within " + after
                    + "; sending it again with the same commandId is safe", null, false, false);
            this.commandId = commandId;
            this.tenantId = tenantId;
        }

        public String commandId() {
            return commandId;
        }

        public String tenantId() {
            return tenantId;
        }
    }

    /** Settings, each with the default of statusflow's own topics. */
    public static final class Builder {
        private final Properties props;
        private String commandsTopic = "status.commands";
        private String resultsTopic = "status.command-results";
        private Duration timeout = Duration.ofSeconds(10);
        private Duration startTimeout = Duration.ofSeconds(30);
        private int maxInFlight = 1000;
        private Optional<Supplier<String>> authorization = Optional.empty();
        private Optional<StatusCommand.Actor> actor = Optional.empty();

        private Builder(Properties props) {
            this.props = new Properties();
            this.props.putAll(Objects.requireNonNull(props));
        }

        public Builder commandsTopic(String topic) {
            this.commandsTopic = Objects.requireNonNull(topic);
            return this;
        }

        public Builder resultsTopic(String topic) {
            this.resultsTopic = Objects.requireNonNull(topic);
            return this;
        }

        /** How long {@link #submit} waits for a result (10 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** How long {@link #build} waits for the cluster (30 s). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /** Commands waiting at once (1,000); one more fails at once with {@link Replies.Full}. */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1");
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * The {@code Authorization} value ({@code Bearer <JWT>}) of each command, asked for at every submit so
         * that a refreshed token is used at once: for a worker with {@code --command-auth token}.
         */
        public Builder authorization(Supplier<String> authorization) {
            this.authorization = Optional.of(authorization);
            return this;
        }

        /** The actor of commands that name none, for a worker with {@code --command-auth trusted}. */
        public Builder actor(StatusCommand.Actor actor) {
            this.actor = Optional.of(actor);
            return this;
        }

        /** Connects: fails here when the cluster or the topics cannot be reached within the start timeout. */
        public StatusCommands build() {
            return new StatusCommands(this);
        }
    }
}
