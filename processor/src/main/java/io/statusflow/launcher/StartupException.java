package io.statusflow.launcher;

/** The worker could not start: reported as one line, exit code 1. */
public final class StartupException extends Exception {
    public StartupException(String message) {
        super(message, null, false, false);
    }
}
