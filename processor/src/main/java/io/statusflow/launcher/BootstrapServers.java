package io.statusflow.launcher;

/** {@code --bootstrap-servers}: a list of HOST:PORT, checked before anything starts (exit 2). */
final class BootstrapServers {

    private BootstrapServers() {}

    /** HOST:PORT,...: what Kafka's clients would refuse later, refused now. */
    static void check(java.util.Optional<String> servers) throws UsageException {
        if (servers.isEmpty()) {
            return;
        }
        String v = servers.get();
        for (String server : v.split(",", -1)) {
            String s = server.strip();
            int colon = s.lastIndexOf(':');
            boolean ok = colon > 0 && colon < s.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(s.substring(colon + 1));
                    ok = port >= 1 && port <= 65535 && !s.substring(0, colon).isBlank() && !s.contains("/");
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new UsageException("invalid value for " + Setting.BOOTSTRAP_SERVERS.option() + ": '" + v
                        + "' is not a list of HOST:PORT (e.g. broker-1:9092,broker-2:9092)");
            }
        }
    }
}
