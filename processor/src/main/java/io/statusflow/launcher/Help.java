package io.statusflow.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --help}: every option in groups, one line each, with its default, environment variable
 * and file key on that line, never wrapped, so that they can be copied. {@code --help-all} adds
 * each option's whole description under it.
 */
final class Help {

    /** The groups of the README's configuration, in its order. */
    enum Group {
        KAFKA("Kafka"), STATE("State"), COMMANDS("Commands"), HTTP("HTTP API"), TOKENS("Tokens (JWT)"),
        SSF("Shared Signals"), EMBEDDED("Embedded broker (the try-it mode)");

        final String heading;

        Group(String heading) {
            this.heading = heading;
        }

        static Group of(Setting s) {
            String f = s.option().substring(2);
            if (f.startsWith("jwt-")) {
                return TOKENS;
            }
            if (f.startsWith("ssf-") || f.equals("no-ssf")) {
                return SSF;
            }
            if (f.startsWith("embedded-")) {
                return EMBEDDED;
            }
            if (f.startsWith("http-") || f.equals("no-http") || f.equals("management-port") || f.equals("default-tenant")) {
                return HTTP;
            }
            if (f.equals("state-dir") || f.equals("rocksdb-memory-mb")) {
                return STATE;
            }
            if (f.equals("command-auth") || f.startsWith("rate-limit") || f.startsWith("cascade-") || f.equals("idempotency-window")
                    || f.equals("max-command-bytes") || f.equals("expiry-scan-interval")) {
                return COMMANDS;
            }
            return KAFKA;
        }
    }

    private static final int FLAG_COLUMN = 36;

    private Help() {}

    static String text(boolean all) {
        StringBuilder b = new StringBuilder();
        b.append("Usage: java -jar statusflow.jar [OPTIONS]\n");
        b.append("Validates status-change commands from Kafka and publishes results, status events and current status.\n");
        b.append("Precedence: flags, then STATUSFLOW_* environment variables, then the --config file, then defaults.\n");
        b.append(all ? "" : "Each option's whole description: --help-all.\n");
        for (Group g : Group.values()) {
            b.append('\n').append(g.heading).append(":\n");
            if (g == Group.KAFKA) {
                line(b, "--config FILE", "Properties file: statusflow's keys and any Kafka Streams or client property",
                        "(env " + Settings.CONFIG_ENV + ")");
            }
            for (Setting s : Setting.values()) {
                if (Group.of(s) != g) {
                    continue;
                }
                String flag = s.option() + (s.isSwitch() ? "" : " " + label(s));
                String def = s.defaultValue() == null || s.isSwitch() ? "" : "default " + (s.defaultValue().isEmpty()
                        ? "(empty)" : s.defaultValue()) + "; ";
                line(b, flag, firstSentence(s.description()), "(" + def + "env " + s.env() + ", key " + s.key() + ")");
                if (all && !firstSentence(s.description()).equals(s.description())) {
                    for (String l : wrap(s.description(), 96)) {
                        b.append(" ".repeat(FLAG_COLUMN)).append(l).append('\n');
                    }
                }
            }
        }
        b.append('\n');
        line(b, "--help, -h", "This list; --help-all with each option's whole description", "");
        return b.toString();
    }

    private static void line(StringBuilder b, String flag, String what, String where) {
        String head = "  " + flag;
        b.append(head).append(" ".repeat(Math.max(1, FLAG_COLUMN - head.length()))).append(what);
        if (!where.isEmpty()) {
            b.append(' ').append(where);
        }
        b.append('\n');
    }

    private static String label(Setting s) {
        String f = s.option();
        if (s.defaultValue() != null && s.defaultValue().matches("\\d+(ms|s|m|h|d)")) {
            return "DURATION";
        }
        if (f.endsWith("-port") || f.endsWith("-mb") || f.endsWith("-chunk") || f.endsWith("-bytes") || f.equals("--partitions")
                || f.equals("--replication-factor") || f.equals("--rate-limit") || f.endsWith("-events") || f.endsWith("-streams")) {
            return "N";
        }
        if (f.endsWith("-dir") || f.endsWith("-key") || f.endsWith("-cert") || f.equals("--jwt-jwks")) {
            return "PATH";
        }
        return f.endsWith("-url") || f.endsWith("-issuer") ? "URL" : f.substring(f.lastIndexOf('-') + 1).toUpperCase(Locale.ROOT);
    }

    /** Up to the first full stop that ends a sentence (a capital follows), without it. */
    private static String firstSentence(String d) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\. (?=[A-Z])").matcher(d);
        String first = m.find() ? d.substring(0, m.start()) : d;
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
