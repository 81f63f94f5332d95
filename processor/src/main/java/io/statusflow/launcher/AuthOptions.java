package io.statusflow.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of who may do what, read and checked before anything starts: the keys of bearer
 * tokens, who sent a command record ({@code --command-auth}), and the HTTP API's own TLS. A bad
 * one is a {@link UsageException} (exit 2) naming its option.
 */
final class AuthOptions {

    private AuthOptions() {}

    /** The keys and claims of bearer tokens: from one place, checked before anything starts. */
    static io.statusflow.auth.JwtSettings jwt(Function<Setting, Optional<String>> get, Duration skew) throws UsageException {
        if (skew.compareTo(io.statusflow.auth.JwtSettings.MAX_CLOCK_SKEW) > 0) {
            throw new UsageException("invalid value for " + Setting.JWT_CLOCK_SKEW.option() + ": '"
                    + get.apply(Setting.JWT_CLOCK_SKEW).orElseThrow() + "' (at most 5m)");
        }
        long sources = java.util.stream.Stream.of(Setting.JWT_SECRET, Setting.JWT_JWKS, Setting.JWT_JWKS_URL)
                .filter(s -> get.apply(s).isPresent()).count();
        if (sources > 1) {
            throw new UsageException("choose one of " + Setting.JWT_SECRET.option() + ", " + Setting.JWT_JWKS.option() + " and "
                    + Setting.JWT_JWKS_URL.option() + ": the keys of bearer tokens come from one place");
        }
        if (get.apply(Setting.JWT_SECRET).isPresent() && get.apply(Setting.JWT_SECRET).get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new UsageException("invalid value for " + Setting.JWT_SECRET.option() + ": an HS256 secret needs at least 32 bytes");
        }
        if (get.apply(Setting.JWT_JWKS).isPresent() && !Files.isReadable(Path.of(get.apply(Setting.JWT_JWKS).orElseThrow()))) {
            throw new UsageException("invalid value for " + Setting.JWT_JWKS.option() + ": " + get.apply(Setting.JWT_JWKS).orElseThrow()
                    + " is not a readable file");
        }
        return new io.statusflow.auth.JwtSettings(get.apply(Setting.JWT_SECRET), get.apply(Setting.JWT_JWKS).map(Path::of),
                get.apply(Setting.JWT_ISSUER), get.apply(Setting.JWT_AUDIENCE), get.apply(Setting.JWT_ROLES_CLAIM).orElseThrow(),
                get.apply(Setting.JWT_ACTOR_TYPE_CLAIM).orElseThrow(), skew, jwksUrl(get));
    }

    /** The JWKS URL: https, or http to a loopback address (a local identity provider in tests and try-it). */
    static Optional<java.net.URI> jwksUrl(Function<Setting, Optional<String>> get) throws UsageException {
        if (get.apply(Setting.JWT_JWKS_URL).isEmpty()) {
            return Optional.empty();
        }
        String v = get.apply(Setting.JWT_JWKS_URL).orElseThrow();
        // A URL with user info may hold a password: it is named, never repeated.
        String shown = v.contains("@") ? "the URL given" : "'" + v + "'";
        String bad = "invalid value for " + Setting.JWT_JWKS_URL.option() + ": " + shown + " ";
        java.net.URI u;
        try {
            u = new java.net.URI(v);
        } catch (java.net.URISyntaxException e) {
            throw new UsageException(bad + "is not a URL");
        }
        if (u.getHost() == null || u.getScheme() == null || u.getUserInfo() != null) {
            throw new UsageException(bad + "is not an absolute URL with a host");
        }
        String host = u.getHost().toLowerCase(java.util.Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        if (!u.getScheme().equals("https") && !(u.getScheme().equals("http") && loopback)) {
            throw new UsageException(bad + "must be https (http only for a loopback host)");
        }
        return Optional.of(u);
    }

    static CommandAuth commandAuth(Function<Setting, Optional<String>> get, io.statusflow.auth.JwtSettings jwt,
            boolean cluster) throws UsageException {
        String v = get.apply(Setting.COMMAND_AUTH).orElseThrow();
        CommandAuth mode = CommandAuth.fromWire(v).orElseThrow(() -> new UsageException("invalid value for "
                + Setting.COMMAND_AUTH.option() + ": '" + v + "' is not token or trusted"));
        if (mode == CommandAuth.TOKEN && !jwt.hasKey() && cluster) {
            throw new UsageException(Setting.COMMAND_AUTH.option() + " token needs the keys that sign the tokens: "
                    + Setting.JWT_SECRET.option() + ", " + Setting.JWT_JWKS.option() + " or "
                    + Setting.JWT_JWKS_URL.option());
        }
        return mode;
    }

    static Optional<io.statusflow.http.Tls> httpTls(Function<Setting, Optional<String>> get) throws UsageException {
        Optional<String> cert = get.apply(Setting.HTTP_TLS_CERT);
        Optional<String> key = get.apply(Setting.HTTP_TLS_KEY);
        if (cert.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        if (cert.isEmpty() || key.isEmpty()) {
            throw new UsageException(Setting.HTTP_TLS_CERT.option() + " and " + Setting.HTTP_TLS_KEY.option()
                    + " go together: the certificate and its static key");
        }
        try {
            return Optional.of(io.statusflow.http.Tls.read(Path.of(cert.get()), Path.of(key.get())));
        } catch (io.statusflow.http.Tls.Invalid e) {
            throw new UsageException("invalid value for " + (e.getMessage().startsWith("cannot read certificate")
                    || e.getMessage().startsWith("certificate") ? Setting.HTTP_TLS_CERT : Setting.HTTP_TLS_KEY).option()
                    + ": " + e.getMessage());
        }
    }
}
