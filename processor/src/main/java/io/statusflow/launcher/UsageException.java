package io.statusflow.launcher;

/** A bad option or setting: reported as one line, exit code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message, null, false, false);
    }
}
