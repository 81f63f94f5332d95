package io.statusflow.domain;

/** The error codes of a result, with their wire names (docs/contract.md, "Checks and codes"). */
public enum Verdict {
    BAD_REQUEST(400, "bad_request"),
    UNAUTHENTICATED(401, "unauthenticated"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    CONFLICT(409, "conflict"),
    RATE_LIMITED(429, "rate_limited"),
    /** Deciding the command failed unexpectedly (a bug): nothing was changed, and the record is dead-lettered. */
    INTERNAL_ERROR(500, "internal_error");

    private final int code;
    private final String error;

    Verdict(int code, String error) {
        this.code = code;
        this.error = error;
    }

    public int code() {
        return code;
    }

    public String error() {
        return error;
    }
}
