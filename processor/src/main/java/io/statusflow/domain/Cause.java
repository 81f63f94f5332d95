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

    /** The cause an event's wire name stands for; empty for a name this version does not know. */
    public static java.util.Optional<Cause> fromWire(String wire) {
        for (Cause c : values()) {
            if (c.wire.equals(wire)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
