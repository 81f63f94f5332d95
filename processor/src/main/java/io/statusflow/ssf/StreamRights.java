package io.statusflow.ssf;

import java.util.Optional;

/**
 * Who may do what with streams. {@code ssf.manage} does everything with its own streams,
 * {@code ssf.read} reads them, {@code ssf.manage.poll} polls them; a platform admin does everything
 * with every stream. A stream is its receiver's: others than platform admins do not see it (404,
 * so that stream ids cannot be probed). A receiver limited to a tenant gets only that tenant's
 * streams; a receiver limited to none is a platform admin or creates nothing.
 */
public final class StreamRights {

    /** What a route does with a stream. */
    public enum Operation {
        READ(Receiver.READ), POLL(Receiver.POLL), MANAGE(Receiver.MANAGE);

        private final String right;

        Operation(String right) {
            this.right = right;
        }
    }

    private StreamRights() {}

    /** The tenant a new stream is limited to, or why it may not be created. */
    public static Optional<String> toCreate(Receiver r, Optional<String> tenantId) throws Refused {
        if (r.isPlatformAdmin()) {
            return tenantId;
        }
        if (!r.has(Receiver.MANAGE)) {
            throw insufficient("creating a stream needs " + Receiver.MANAGE);
        }
        if (r.tenant().isEmpty()) {
            throw insufficient("a receiver that no tenant limits cannot create streams; a platform admin can");
        }
        if (tenantId.isPresent() && !tenantId.equals(r.tenant())) {
            throw insufficient("this receiver may create streams of tenant " + r.tenant().get() + " only");
        }
        return r.tenant();
    }

    /** Whether {@code r} may do {@code op} on {@code s}: 403 without the right, 404 for another receiver's stream. */
    public static void check(Receiver r, Operation op, Stream s) throws Refused {
        if (r.isPlatformAdmin()) {
            return;
        }
        if (!r.has(op.right) && !r.has(Receiver.MANAGE)) {
            throw insufficient("this needs " + op.right + " or " + Receiver.MANAGE);
        }
        if (!s.audience().equals(r.sub())) {
            throw Refused.notFound("no stream " + s.id());
        }
        if (r.tenant().isPresent() && !r.tenant().equals(s.tenantId())) {
            throw insufficient("stream " + s.id() + " is not of tenant " + r.tenant().get());
        }
    }

    /** Whether {@code r} may list streams at all (it sees only its own). */
    public static void checkList(Receiver r) throws Refused {
        if (!r.isPlatformAdmin() && !r.has(Receiver.READ) && !r.has(Receiver.MANAGE)) {
            throw insufficient("this needs " + Receiver.READ + " or " + Receiver.MANAGE);
        }
    }

    /** Whether {@code s} is in the list {@code r} gets. */
    public static boolean lists(Receiver r, Stream s) {
        return r.isPlatformAdmin() || (s.audience().equals(r.sub()) && (r.tenant().isEmpty() || r.tenant().equals(s.tenantId())));
    }

    private static Refused insufficient(String message) {
        return Refused.forbidden(message);
    }
}
