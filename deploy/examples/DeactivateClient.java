import io.statusflow.client.StatusCommand;
import io.statusflow.client.StatusCommands;
import io.statusflow.schema.CommandResult;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * An admin API's handler for "deactivate a client of a tenant" (the client-status API statusflow
 * serves), on the client library: it sends the command to the tenant's partition and answers with
 * the HTTP status and body of the API, from the command's result.
 *
 * <pre>java -cp processor/target/statusflow.jar deploy/examples/DeactivateClient.java localhost:9092 TENANT CLIENT</pre>
 *
 * What it shows:
 * - one StatusCommands per service, shared by all its requests (it is thread-safe);
 * - the actor: with --command-auth trusted the command names it; with --command-auth token give the
 *   builder .authorization(() -> "Bearer " + currentToken()) instead, and the worker takes the actor
 *   from the token;
 * - a timeout is not a failure of the command: it may still be applied, and sending the same command
 *   (same commandId) again returns its first result, marked duplicate, without applying it twice.
 */
public final class DeactivateClient {

    public static void main(String[] args) throws Exception {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", args.length > 0 ? args[0] : "localhost:9092");
        try (StatusCommands commands = StatusCommands.builder(kafka)
                .actor(StatusCommand.Actor.service("client-admin-api", "admin"))
                .timeout(Duration.ofSeconds(10))
                .build()) {
            System.out.println(deactivate(commands, args[1], args[2]));
        }
    }

    /** The API's answer: its status code, then its body. */
    static String deactivate(StatusCommands commands, String tenantId, String clientId) throws InterruptedException {
        StatusCommand command = StatusCommand.deactivateClient(tenantId, clientId).withReason("deactivated by an administrator");
        CommandResult result;
        try {
            result = commands.submit(command).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusCommands.CommandTimeoutException timedOut) {
                return "504 {\"error\":\"Gateway Timeout\",\"message\":\"retry with commandId " + timedOut.commandId() + "\"}";
            }
            return "503 {\"error\":\"Service Unavailable\",\"message\":\"" + e.getCause().getMessage() + "\"}";
        }
        return switch (result.getCode()) {
            case 200 -> "200 {} (" + result.getOutcome() + ", " + result.getEntity().getStatus() + ", version "
                    + result.getEntity().getVersion() + ")";
            case 403 -> "403 {\"error\":\"Forbidden\",\"message\":\"Admin privileges required to modify client status\"}";
            case 404 -> "404 {\"error\":\"Not Found\",\"message\":\"Client not found in tenant scope\"}";
            default -> result.getCode() + " {\"error\":\"" + result.getError() + "\",\"message\":\"" + result.getMessage() + "\"}";
        };
    }
}
