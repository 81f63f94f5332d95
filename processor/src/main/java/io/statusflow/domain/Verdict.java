package io.statusflow.domain;

/** The error codes of SPEC section 5, with their wire names. */
public enum Verdict {
    BAD_REQUEST(400, "bad_request"),
    UNAUTHENTICATED(401, "unauthenticated"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    CONFLICT(409, "conflict"),
    RATE_LIMITED(429, "rate_limited");

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
