package io.statusflow.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Relays a request to the instance that holds what it asks for, once: the relayed request is
 * marked, and an instance never forwards a marked one again. The answer goes back as it came.
 */
public final class Forwarder {

    /** Marks a request forwarded by another instance. */
    static final String FORWARDED = "X-Statusflow-Forwarded";

    private final HttpClient client;
    private final String scheme;

    /** Over plain HTTP, for instances that serve it. */
    public Forwarder() {
        this(Optional.empty());
    }

    /** Over HTTPS when the instances serve it ({@code --http-tls-cert}), checking certificate and host name. */
    public Forwarder(Optional<Tls> tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        tls.ifPresent(t -> b.sslContext(t.clientContext()).sslParameters(new javax.net.ssl.SSLParameters(null, Tls.PROTOCOLS)));
        this.client = b.build();
        this.scheme = tls.isPresent() ? "https://" : "http://";
    }

    /**
     * @param hostPort the instance to relay to, as Kafka Streams names it ({@code application.server})
     * @param body the body to send, or null for a GET
     */
    void relay(Context ctx, String hostPort, byte[] body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(scheme + hostPort + ctx.path())).timeout(timeout)
                .header(FORWARDED, "1");
        if (body == null) {
            req.GET();
        } else {
            req.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        }
        Optional.ofNullable(ctx.header("Authorization")).ifPresent(h -> req.header("Authorization", h));
        HttpResponse<byte[]> res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        res.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
        ctx.status(res.statusCode()).contentType(Responses.JSON).result(res.body());
    }
}
