package io.statusflow.wire;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte buffer for one thread's values, reset for each: its writes take no lock, unlike
 * {@code ByteArrayOutputStream}'s, and it is not allocated again per value.
 */
final class ByteOutput extends OutputStream {
    private static final int KEPT_BYTES = 64 << 10;
    private byte[] bytes = new byte[256];
    private int size;

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /** Drops what a value that failed to be written left behind. */
    void reset() {
        size = 0;
    }

    /** The value written since the last reset, as its own array; the buffer is empty after. */
    byte[] take() {
        byte[] copy = Arrays.copyOf(bytes, size);
        size = 0;
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[256]; // a rare large value does not stay with the thread
        }
        return copy;
    }
}
