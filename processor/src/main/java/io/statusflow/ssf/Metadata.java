package io.statusflow.ssf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The transmitter's metadata, served at {@code /.well-known/ssf-configuration}. */
public final class Metadata {

    private Metadata() {}

    public static Map<String, Object> of(String issuer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec_version", "1_0");
        m.put("issuer", issuer);
        m.put("jwks_uri", issuer + "/ssf/jwks.json");
        m.put("delivery_methods_supported", List.of(Stream.PUSH, Stream.POLL));
        m.put("configuration_endpoint", issuer + "/ssf/stream");
        m.put("status_endpoint", issuer + "/ssf/status");
        m.put("verification_endpoint", issuer + "/ssf/verify");
        m.put("authorization_schemes", List.of(Map.of("spec_urn", "urn:ietf:rfc:6749")));
        // A new stream holds every subject in its scope unless it asks for NONE.
        m.put("default_subjects", Stream.DefaultSubjects.ALL.name());
        m.put("add_subject_endpoint", issuer + "/ssf/subjects:add");
        m.put("remove_subject_endpoint", issuer + "/ssf/subjects:remove");
        return m;
    }
}
