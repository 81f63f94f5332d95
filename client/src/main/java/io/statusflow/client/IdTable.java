package io.statusflow.client;

/**
 * Ids of one type in one tenant, each with a packed state ({@link Packed}): an open-addressing
 * table of two arrays, so that an entity costs its id's bytes and about sixteen more, with no
 * entry objects. Not thread-safe: {@link AccessView} reads it under an optimistic lock, so every
 * read here stays within the arrays it started with and ends after at most their length of probes.
 */
final class IdTable {

    private static final long EMPTY = 0L;

    private String[] keys = new String[4];
    private long[] values = new long[4];
    private int size;

    /** The packed state of {@code id}, or 0 when it is not here (a stored state is never 0). */
    long get(String id) {
        String[] k = keys;
        long[] v = values;
        int mask = k.length - 1;
        if (v.length != k.length) {
            return EMPTY;
        }
        int i = mix(id.hashCode()) & mask;
        for (int probes = 0; probes < k.length; probes++) {
            String at = k[i];
            if (at == null) {
                return EMPTY;
            }
            if (at.equals(id)) {
                return v[i];
            }
            i = (i + 1) & mask;
        }
        return EMPTY;
    }

    /** Sets the state of {@code id} (non-zero); true when the id is new here. */
    boolean put(String id, long value) {
        if (value == EMPTY) {
            throw new IllegalArgumentException("a stored state is never 0");
        }
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        int mask = keys.length - 1;
        int i = mix(id.hashCode()) & mask;
        while (keys[i] != null) {
            if (keys[i].equals(id)) {
                values[i] = value;
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = id;
        values[i] = value;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    /** Slots held, for the memory estimate. */
    int capacity() {
        return keys.length;
    }

    private void grow() {
        String[] oldKeys = keys;
        long[] oldValues = values;
        String[] newKeys = new String[oldKeys.length * 2];
        long[] newValues = new long[oldKeys.length * 2];
        int mask = newKeys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = mix(oldKeys[j].hashCode()) & mask;
                while (newKeys[i] != null) {
                    i = (i + 1) & mask;
                }
                newKeys[i] = oldKeys[j];
                newValues[i] = oldValues[j];
            }
        }
        // Values first: a reader that sees the new keys with the old values finds a length mismatch and misses.
        values = newValues;
        keys = newKeys;
    }

    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
