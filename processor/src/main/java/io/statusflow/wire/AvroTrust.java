package io.statusflow.wire;

/**
 * Avro 1.12 deserializes generated classes only from trusted packages; ours must be trusted before
 * Avro first loads its settings.
 */
final class AvroTrust {

    static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";

    private AvroTrust() {}

    static void ensure() {
        String current = System.getProperty(PROPERTY);
        if (current == null || current.isBlank()) {
            System.setProperty(PROPERTY, "io.statusflow");
        } else if (!current.contains("io.statusflow")) {
            System.setProperty(PROPERTY, current + ",io.statusflow");
        }
    }
}
