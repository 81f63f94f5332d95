package io.statusflow.domain;

import java.util.Arrays;
import java.util.Optional;

/** The actions a command can ask for, with their wire names. */
public enum Action {
    REGISTER("register"),
    ACTIVATE("activate"),
    DEACTIVATE("deactivate"),
    SUSPEND("suspend"),
    SET_STATUS("set-status"),
    MARK_PENDING_DELETE("mark-pending-delete"),
    DELETE("delete"),
    EXTEND_SUBSCRIPTION("extend-subscription");

    private final String wire;

    Action(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    private static final Action[] ALL = values();

    public static Optional<Action> fromWire(String name) {
        for (Action a : ALL) {
            if (a.wire.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static String allWireNames() {
        return String.join(", ", Arrays.stream(values()).map(Action::wire).toList());
    }
}
