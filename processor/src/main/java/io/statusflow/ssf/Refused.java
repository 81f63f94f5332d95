package io.statusflow.ssf;

/** A stream management request refused: the HTTP status, the error name and a message for the receiver. */
public final class Refused extends Exception {

    private final int status;
    private final String error;

    public Refused(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    static Refused badRequest(String message) {
        return new Refused(400, "bad_request", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
