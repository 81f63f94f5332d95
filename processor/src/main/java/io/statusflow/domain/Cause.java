package io.statusflow.domain;

/** Why an event was emitted. */
public enum Cause {
    COMMAND("command"),
    TENANT_CASCADE("tenant-cascade"),
    SUBSCRIPTION_EXPIRED("subscription-expired");

    private final String wire;

    Cause(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
