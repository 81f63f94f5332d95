package io.statusflow.ssf;

import java.util.Map;
import java.util.Optional;

/**
 * A subject as statusflow tells subjects apart (docs/shared-signals.md): a user or client by
 * issuer and id, or a tenant, which covers everything in it. Push order and the subjects a
 * receiver chooses both match subjects by {@link #key()}.
 */
public sealed interface Subject {

    /** Equal for subjects SSF matches as equal, distinct otherwise: lengths keep its parts apart. */
    String key();

    /** A user or a client: {@code iss_sub}. */
    record IssSub(String iss, String sub) implements Subject {
        @Override
        public String key() {
            return "iss_sub " + iss.length() + ":" + iss + sub;
        }
    }

    /** A tenant: {@code complex} with an opaque {@code tenant}. */
    record Tenant(String id) implements Subject {
        @Override
        public String key() {
            return "tenant " + id;
        }
    }

    /** The subject of a SET's {@code sub_id}; empty for the stream's own (an opaque stream id) or another shape. */
    static Optional<Subject> of(Map<String, Object> subId) {
        Object format = subId.get("format");
        if ("iss_sub".equals(format) && subId.get("iss") instanceof String iss && subId.get("sub") instanceof String sub) {
            return Optional.of(new IssSub(iss, sub));
        }
        if ("complex".equals(format) && subId.get("tenant") instanceof Map<?, ?> tenant
                && "opaque".equals(tenant.get("format")) && tenant.get("id") instanceof String id) {
            return Optional.of(new Tenant(id));
        }
        return Optional.empty();
    }
}
