package io.statusflow.wire;

import io.statusflow.domain.RawCommand;
import java.util.Optional;

/** What reading a record from the command topic gave. */
public sealed interface ReadOutcome {

    /** A command with well-typed fields, to be validated by the state machine. */
    record Readable(RawCommand command) implements ReadOutcome {}

    /**
     * Not a readable command: it goes to the dead-letter topic, and gets a 400 result when its
     * commandId could be read.
     */
    record Unreadable(String error, String message, Optional<String> commandId) implements ReadOutcome {}
}
