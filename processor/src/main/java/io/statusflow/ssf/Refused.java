package io.statusflow.ssf;

/**
 * A stream management request refused by a rule: why, as a {@link Kind}, and a message for the
 * receiver. The rules know no HTTP; the HTTP edge maps each kind to its status and error name.
 */
public final class Refused extends Exception {

    /** Why a request is refused. */
    public enum Kind {
        /** The request is malformed or names something it may not set. */
        MALFORMED,
        /** The caller lacks the right. */
        FORBIDDEN,
        /** No such stream, or not one the caller may see. */
        NOT_FOUND,
        /** The request conflicts with what exists (a receiver's stream limit). */
        CONFLICT
    }

    private final Kind kind;

    private Refused(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static Refused malformed(String message) {
        return new Refused(Kind.MALFORMED, message);
    }

    public static Refused forbidden(String message) {
        return new Refused(Kind.FORBIDDEN, message);
    }

    public static Refused notFound(String message) {
        return new Refused(Kind.NOT_FOUND, message);
    }

    public static Refused conflict(String message) {
        return new Refused(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }
}
