package io.statusflow.client;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 builds generated classes only from trusted packages. statusflow's own records are
 * trusted here, beside whatever the embedding application trusts, whenever Avro was first loaded.
 */
public final class AvroTrust {

    private static boolean done;

    private AvroTrust() {}

    public static synchronized void ensure() {
        if (done) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(new ClassSecurityValidator.ClassSecurityPredicate() {
            @Override
            public boolean isTrusted(Class<?> type) {
                return type.getName().startsWith("io.statusflow.schema.") || current.isTrusted(type);
            }

            @Override
            public void forbiddenClass(String name) {
                current.forbiddenClass(name);
            }
        });
        done = true;
    }
}
