package io.statusflow.launcher;

import java.util.Arrays;
import java.util.Optional;

/** {@code --command-auth}: how a command record's sender is known (docs/security.md). */
public enum CommandAuth {
    /** The body's actor is believed; the commands topic's ACLs are all that limit who acts. */
    TRUSTED("trusted"),
    /** The actor is the verified token of the record's authorization header. */
    TOKEN("token");

    private final String wire;

    CommandAuth(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static Optional<CommandAuth> fromWire(String v) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(v)).findFirst();
    }
}
