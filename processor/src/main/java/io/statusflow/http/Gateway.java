package io.statusflow.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a command and completes with its result's JSON. A command is (tenant, commandId): the
 * result that completes a request is the one for its own pair, never another tenant's.
 */
public interface Gateway {

    /**
     * Completes with the result, or exceptionally with {@link InFlight} when a request for the same
     * pair is still waiting, or {@link Unavailable} when the command cannot be sent or answered.
     * {@code authorization} is the caller's header, which goes with the command where the worker
     * verifies commands' tokens.
     */
    CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command, Optional<String> authorization);

    /** Stops waiting for a reply, e.g. after a timeout. */
    void forget(String tenantId, String commandId);

    /** Whether results can be read: false once the result reader has stopped. */
    default boolean healthy() {
        return true;
    }

    /** Another request with this (tenant, commandId) is still waiting for its result. */
    final class InFlight extends RuntimeException {
        public InFlight() {
            super("a request with this commandId is already waiting for its result in this tenant", null, false, false);
        }
    }

    /** The gateway cannot send the command or read results now. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
