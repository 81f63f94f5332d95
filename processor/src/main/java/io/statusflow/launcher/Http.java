package io.statusflow.launcher;

import io.statusflow.auth.Authenticator;
import io.statusflow.http.CommandGateway;
import io.statusflow.http.HttpApi;
import io.statusflow.http.StreamsSnapshots;
import io.statusflow.ssf.EventTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the HTTP API beside the worker, and in try-it mode makes a key and a token to use it. */
final class Http implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Http.class);

    private final HttpApi api;
    private final CommandGateway gateway;
    private final Optional<Management> management;

    private Http(HttpApi api, CommandGateway gateway, Optional<Management> management) {
        this.api = api;
        this.gateway = gateway;
        this.management = management;
    }

    /**
     * @param port where to listen, chosen before the worker was built: its {@code application.server} names it
     * @param ssf the transmitter, whose routes are served when it is on
     */
    static Http start(Settings settings, int port, JwtKeys keys, Properties streamsProps, boolean tryIt, Worker worker,
            Metrics registry, Optional<SsfWiring> ssf) throws StartupException {
        Supplier<String> metrics = registry::scrape;
        if (!settings.jwt().hasKey() && !tryIt) {
            log.warn("no JWT key configured ({}, {} or {}): every authenticated HTTP route answers 401",
                    Setting.JWT_SECRET.option(), Setting.JWT_JWKS.option(), Setting.JWT_JWKS_URL.option());
        }
        Authenticator auth = keys.auth();
        Optional<String> tryItToken = keys.tryItToken();
        HostInfo self = HostInfo.buildFromEndpoint(streamsProps.getProperty("application.server"));
        CommandGateway gateway = new CommandGateway(KafkaProperties.clients(streamsProps),
                settings.topics().commands().name(), settings.topics().results().name(),
                settings.commandAuth() == CommandAuth.TOKEN, settings.httpTimeout());
        StreamsSnapshots snapshots = new StreamsSnapshots(worker::streams, self);
        Optional<io.statusflow.http.Tls> tls = settings.httpTls();
        tls.filter(io.statusflow.http.Tls::keyReadableByOthers).ifPresent(t -> log.warn("the key file of {} may be read by"
                + " every user of this machine: give it mode 0400, 0440 or 0600", Setting.HTTP_TLS_KEY.option()));
        io.statusflow.http.Forwarder forwarder = new io.statusflow.http.Forwarder(tls);
        HttpApi api;
        try {
            api = new HttpApi(auth, gateway, snapshots, worker::isRunning, settings.httpTimeout(),
                    settings.require(Setting.DEFAULT_TENANT), metrics, settings.worker().maxCommandBytes(),
                    ssf.map(w -> w.routes(auth, forwarder)), tls, forwarder).start("0.0.0.0", port);
        } catch (RuntimeException e) {
            gateway.close();
            throw new StartupException("cannot start the HTTP API on port " + port + " (" + Main.rootMessage(e)
                    + "); choose another with " + Setting.HTTP_PORT.option());
        }
        log.info("HTTP API listening on port {} ({})", api.port(), tls.isPresent() ? "https" : "http");
        Optional<Management> management = Optional.empty();
        if (settings.managementPort().isPresent()) {
            try {
                management = Optional.of(Management.start(settings.managementPort().get(), api::ready, metrics, tls));
            } catch (StartupException e) {
                api.close();
                gateway.close();
                throw e;
            }
            log.info("management endpoints listening on port {}", management.get().port());
        }
        boolean signals = ssf.isPresent();
        tryItToken.ifPresent(t -> {
            System.out.println("Try-it platform-admin token (valid 12 h; its key is kept in " + settings.dataDir()
                    + ", so tokens printed before a restart keep working):");
            System.out.println("  TOKEN=" + t);
            System.out.println("Next: README.md, \"First five minutes\", with the HTTP API on localhost:" + api.port() + ".");
            System.out.println(settings.commandAuth() == CommandAuth.TOKEN
                    ? "Commands on Kafka take their actor from a header (--command-auth token): authorization: Bearer $TOKEN"
                    : "Commands on Kafka name their actor (--command-auth trusted); with --command-auth token they carry"
                            + " the header authorization: Bearer $TOKEN instead (README.md, \"With verified actors\").");
            if (signals) {
                System.out.println("Shared Signals: a first poll stream (then README.md, \"Shared Signals\"):");
                System.out.println("  curl -s localhost:" + api.port() + "/ssf/stream -H \"Authorization: Bearer $TOKEN\""
                        + " -H 'Content-Type: application/json' -d '{\"events_requested\":[\"" + EventTypes.ACCOUNT_DISABLED
                        + "\",\"" + EventTypes.SESSION_REVOKED + "\"]}'");
            }
        });
        ssf.ifPresent(w -> log.info("Shared Signals transmitter {}: {}/.well-known/ssf-configuration", w.issuer(), w.issuer()));
        return new Http(api, gateway, management);
    }

    /** The port to listen on: the configured one, or a free one for port 0. */
    static int port(Settings settings) throws StartupException {
        return settings.httpPort() == 0 ? freePort() : settings.httpPort();
    }

    private static int freePort() throws StartupException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("no free port for the HTTP API");
        }
    }

    @Override
    public void close() {
        management.ifPresent(Management::close);
        api.close();
        gateway.close();
    }
}
