package io.statusflow.ssf;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The transmitter's issuer: the public {@code https} origin receivers reach it at (TLS ends in front
 * of statusflow), with no path, query or fragment. {@code http} only for a loopback host, as in
 * the try-it mode. It is the {@code iss} of every SET and the base of every endpoint in the metadata.
 */
public final class Issuer {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private Issuer() {}

    /** The issuer as written in metadata and SETs; an {@link IllegalArgumentException} says why one cannot be. */
    public static String parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' must name a host, without user information");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
            throw new IllegalArgumentException("'" + text + "' must be https (http only for localhost)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' must be an origin: no path, query or fragment");
        }
        return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
