package io.statusflow.http;

import java.util.concurrent.CompletableFuture;

/** Sends a command and completes with its result's JSON. */
public interface Gateway {

    CompletableFuture<byte[]> submit(String tenantId, String commandId, byte[] command);

    /** Stops waiting for a reply, e.g. after a timeout. */
    void forget(String commandId);
}
