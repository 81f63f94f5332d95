package io.statusflow.domain;

/**
 * Free text that every consumer can store: no control characters (a NUL breaks PostgreSQL's
 * text columns, a newline forges log lines) and no unpaired surrogate (JSON can carry one as an
 * escape, UTF-8 cannot encode it, so it would reach the outputs as a different string).
 */
public final class Text {

    private Text() {}

    /** True when {@code s} is clean; {@code tabsAndNewlines} allows those two, as a reason may hold them. */
    public static boolean isClean(String s, boolean tabsAndNewlines) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (!(tabsAndNewlines && (c == '\t' || c == '\n' || c == '\r'))) {
                    return false;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
