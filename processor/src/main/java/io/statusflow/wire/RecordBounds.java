package io.statusflow.wire;

import java.util.Optional;
import org.apache.kafka.common.header.Header;

/**
 * Bounds of a command record as a whole, checked before its value is read and before anything is
 * stored: a record key longer than any tenant id, or headers larger than tracing and routing need,
 * can never be a valid command, and must never reach a store or a changelog.
 */
public final class RecordBounds {

    /** A tenant id's limit (128 ASCII characters), which the record key must equal. */
    public static final int MAX_KEY_BYTES = 128;
    /** All header keys and values together. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    private RecordBounds() {}

    /** Why the key or the headers break their bounds, if they do. */
    public static Optional<ReadOutcome.Unreadable> check(byte[] key, Iterable<Header> headers) {
        if (key != null && key.length > MAX_KEY_BYTES) {
            return Optional.of(new ReadOutcome.Unreadable("key-too-long", "the record key has " + key.length
                    + " bytes, more than the " + MAX_KEY_BYTES + " of a tenant id", Optional.empty()));
        }
        long bytes = 0;
        for (Header h : headers) {
            bytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        if (bytes > MAX_HEADER_BYTES) {
            return Optional.of(new ReadOutcome.Unreadable("headers-too-large", "the record headers have " + bytes
                    + " bytes, more than the limit of " + MAX_HEADER_BYTES, Optional.empty()));
        }
        return Optional.empty();
    }
}
