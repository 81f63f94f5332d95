import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.statusflow.client.Access;
import io.statusflow.client.AccessView;
import io.statusflow.schema.EntityType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * A downstream service's gate, on the client library: a filter in front of every route that lets
 * a request through only while its caller's access is FULL, answered from an AccessView in this
 * JVM's memory, and a listener that revokes sessions the moment access falls.
 *
 * <pre>
 * java -cp processor/target/statusflow.jar deploy/examples/AccessFilter.java localhost:9092 --check TENANT TYPE ID
 * java -cp processor/target/statusflow.jar deploy/examples/AccessFilter.java localhost:9092 --serve 8081
 * </pre>
 *
 * What it shows:
 * - wait until the view is ready before serving: until then it answers NOT_READY, and a gate must not guess;
 * - anything but FULL denies: NONE, RESTRICTED (risky: force re-authentication), UNKNOWN;
 * - a tenant that loses access denies all its members at once, from the tenant's own record;
 * - the caller's tenant and id come from its verified token in a real service; here from two headers.
 */
public final class AccessFilter extends Filter {

    private final AccessView view;

    AccessFilter(AccessView view) {
        this.view = view;
    }

    public static void main(String[] args) throws Exception {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", args[0]);
        AccessView view = AccessView.builder(kafka)
                .listener(c -> {
                    if (c.current() != Access.FULL && c.previous() == Access.FULL) {
                        System.out.printf("revoke sessions of %s/%s/%s: %s%n", c.tenantId(), c.type(), c.id(), c.current());
                    }
                })
                .build();
        if (!view.awaitReady(Duration.ofSeconds(60))) {
            System.err.println("the access view is not ready after 60 s");
            System.exit(1);
        }
        if (args[1].equals("--check")) {
            AccessView.Answer a = view.access(args[2], EntityType.valueOf(args[3]), args[4]);
            System.out.printf("%s/%s/%s: %s (version %d%s)%n", args[2], args[3], args[4], a.access(), a.version(),
                    a.byTenant() ? ", by its tenant" : "");
            view.close();
            return;
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", Integer.parseInt(args[2])), 0);
        server.createContext("/", exchange -> respond(exchange, 200, "{\"hello\":\"you may pass\"}"))
                .getFilters().add(new AccessFilter(view));
        server.start();
        System.out.println("serving on localhost:" + args[2] + " once access is FULL (headers X-Tenant, X-User)");
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String tenant = exchange.getRequestHeaders().getFirst("X-Tenant");
        String user = exchange.getRequestHeaders().getFirst("X-User");
        if (tenant == null || user == null) {
            respond(exchange, 401, "{\"error\":\"unauthenticated\"}");
            return;
        }
        // accessOf allocates nothing: a filter asks it on every request.
        Access access = view.accessOf(tenant, EntityType.user, user);
        switch (access) {
            case FULL -> chain.doFilter(exchange);
            case NOT_READY -> respond(exchange, 503, "{\"error\":\"starting\"}");
            default -> respond(exchange, 403, "{\"error\":\"forbidden\",\"access\":\"" + access + "\"}");
        }
    }

    @Override
    public String description() {
        return "statusflow access gate";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
