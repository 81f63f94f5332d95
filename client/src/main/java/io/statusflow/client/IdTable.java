package io.statusflow.client;

/**
 * Ids of one type in one tenant, each with a packed state ({@link Packed}): an open-addressing
 * table of parallel arrays (ids, their hashes, states), so that an entity costs its id's String
 * and its slots, with no entry objects. Not thread-safe: {@link AccessView} reads it under an optimistic lock, so every
 * read here stays within the arrays it started with and ends after at most their length of probes.
 */
final class IdTable {

    private static final long EMPTY = 0L;

    private String[] keys = new String[4];
    /** Each key's mixed hash: a probe compares these before it reads a key, which is usually a cache miss. */
    private int[] hashes = new int[4];
    private long[] values = new long[4];
    private int size;

    /** The packed state of {@code id}, or 0 when it is not here (a stored state is never 0). */
    long get(String id) {
        String[] k = keys;
        int[] h = hashes;
        long[] v = values;
        int mask = k.length - 1;
        if (v.length != k.length || h.length != k.length) {
            return EMPTY;
        }
        int hash = mix(id.hashCode());
        int i = hash & mask;
        for (int probes = 0; probes < k.length; probes++) {
            String at = k[i];
            if (at == null) {
                return EMPTY;
            }
            if (h[i] == hash && at.equals(id)) {
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
        int hash = mix(id.hashCode());
        int i = hash & mask;
        while (keys[i] != null) {
            if (hashes[i] == hash && keys[i].equals(id)) {
                values[i] = value;
                return false;
            }
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        values[i] = value;
        keys[i] = id;
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
        int[] oldHashes = hashes;
        long[] oldValues = values;
        String[] newKeys = new String[oldKeys.length * 2];
        int[] newHashes = new int[oldKeys.length * 2];
        long[] newValues = new long[oldKeys.length * 2];
        int mask = newKeys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = oldHashes[j] & mask;
                while (newKeys[i] != null) {
                    i = (i + 1) & mask;
                }
                newKeys[i] = oldKeys[j];
                newHashes[i] = oldHashes[j];
                newValues[i] = oldValues[j];
            }
        }
        // Keys last: a reader that sees some new arrays with old ones finds a length mismatch and misses.
        values = newValues;
        hashes = newHashes;
        keys = newKeys;
    }

    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
