package io.statusflow.topology;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A dead letter that always fits what the worker may produce. A record the broker took can still be
 * too large once the worker adds its own headers, or than the worker's producer or the dead-letter
 * topic allow; failing to send it would stop the partition on every restart. So, as much as
 * needed: the original headers are dropped, then the value, then the key, are cut to a prefix, and
 * a header says what was cut and how long it was.
 */
record DeadLetter(byte[] key, byte[] value, long timestamp, Headers headers) {

    /** Header naming the value's length in bytes when the dead letter keeps only a prefix of it. */
    static final String VALUE_CUT = "statusflow.dlq.value-cut";
    /** Header naming the key's length in bytes when the dead letter keeps only a prefix of it. */
    static final String KEY_CUT = "statusflow.dlq.key-cut";
    /** Header naming how many authorization headers (tokens) were left out. */
    static final String AUTHORIZATION_DROPPED = "statusflow.dlq.authorization-dropped";
    /** Header naming how many original headers were dropped to make room. */
    static final String HEADERS_DROPPED = "statusflow.dlq.headers-dropped";
    /** Room for the headers this class adds. */
    private static final int SLACK = 256;
    /** A record batch's header (magic 2). */
    private static final int BATCH_HEADER = 61;

    private static final int MAX_ERROR_MESSAGE = 1_000;
    private static final int MAX_STACK_TRACE = 8_192;

    /** A record that is not a readable command, with why, in the header names Kafka Streams uses for its own (KIP-1034). */
    static DeadLetter unreadable(org.apache.kafka.streams.processor.api.Record<byte[], byte[]> record, String error,
            String message, Optional<RecordMetadata> source, int maxBytes) {
        return fit(record, headers("statusflow." + error, message, source), maxBytes);
    }

    /** A record whose decision threw: the exception's class, message and stack trace (cut) say why. */
    static DeadLetter failure(org.apache.kafka.streams.processor.api.Record<byte[], byte[]> record, RuntimeException e,
            Optional<RecordMetadata> source, int maxBytes) {
        Headers why = headers("statusflow.internal-error", cut(e.getClass().getName() + ": " + e.getMessage(),
                MAX_ERROR_MESSAGE), source);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        why.add("__streams.errors.stacktrace", bytes(cut(trace.toString(), MAX_STACK_TRACE)));
        why.add("__streams.errors.class", bytes(e.getClass().getName()));
        return fit(record, why, maxBytes);
    }

    private static Headers headers(String exception, String message, Optional<RecordMetadata> source) {
        Headers headers = new RecordHeaders();
        headers.add("__streams.errors.exception", bytes(exception));
        headers.add("__streams.errors.message", bytes(message));
        source.ifPresent(m -> {
            headers.add("__streams.errors.topic", bytes(m.topic()));
            headers.add("__streams.errors.partition", bytes(Integer.toString(m.partition())));
            headers.add("__streams.errors.offset", bytes(Long.toString(m.offset())));
        });
        return headers;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param record the record as read, its own headers included
     * @param added the worker's headers saying why (kept whole: they are bounded)
     * @param maxBytes the most a record may take to the dead-letter topic
     */
    static DeadLetter fit(org.apache.kafka.streams.processor.api.Record<byte[], byte[]> record, Headers added,
            int maxBytes) {
        byte[] key = record.key();
        byte[] value = record.value();
        // A token must never rest where the dead letters' readers can read it: its header is dropped, and counted.
        Header[] all = record.headers().toArray();
        Header[] withoutTokens = Arrays.stream(all).filter(h -> !Senders.isAuthorization(h)).toArray(Header[]::new);
        Headers original = new RecordHeaders(withoutTokens);
        int tokens = all.length - withoutTokens.length;
        if (tokens > 0) {
            added.add(AUTHORIZATION_DROPPED, ascii(tokens));
        }
        int budget = Math.max(0, maxBytes - SLACK);
        Headers headers = new RecordHeaders(original.toArray());
        added.forEach(headers::add);
        if (size(key, value, headers) <= budget) {
            return new DeadLetter(key, value, record.timestamp(), headers);
        }
        Headers kept = headers;
        if (size(key, null, kept) > budget) {
            kept = new RecordHeaders(added.toArray());
            kept.add(HEADERS_DROPPED, ascii(original.toArray().length));
        }
        byte[] k = key;
        if (k != null && size(k, null, kept) > budget) {
            kept.add(KEY_CUT, ascii(k.length));
            k = Arrays.copyOf(k, Math.max(0, k.length - (size(k, null, kept) - budget)));
        }
        byte[] v = value;
        if (v != null && size(k, v, kept) > budget) {
            kept.add(VALUE_CUT, ascii(v.length));
            v = Arrays.copyOf(v, Math.max(0, budget - size(k, null, kept)));
        }
        return new DeadLetter(k, v, record.timestamp(), kept);
    }

    /**
     * An upper bound of the record's size in a batch of its own, as Kafka's producer and broker
     * count it: the batch header, then each length as a varint of at most 5 bytes (the timestamp
     * delta, a varlong, at most 10).
     */
    static int size(byte[] key, byte[] value, Headers headers) {
        long n = BATCH_HEADER + 5 + 1 + 10 + 5 + 5 + length(key) + 5 + length(value) + 5;
        for (Header h : headers) {
            n += 5 + h.key().getBytes(StandardCharsets.UTF_8).length + 5 + length(h.value());
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static byte[] ascii(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
