package io.statusflow.it;

import io.statusflow.auth.Tokens;
import io.statusflow.testkit.WorkerProcess;
import io.statusflow.testkit.Ports;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.statusflow.launcher.EmbeddedKafka;
import io.statusflow.topology.TopologyDriver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API of two worker instances on a real broker, with a real HTTP client. */
class HttpIT {

    private static EmbeddedKafka broker;
    private static WorkerProcess a;
    private static WorkerProcess b;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(Files.createTempDirectory("statusflow-http-broker"), Ports.freePair());
        a = worker("a");
        b = worker("b");
        for (WorkerProcess w : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> get(w, "/health/ready", null).statusCode() == 200);
        }
    }

    private static WorkerProcess worker(String name) throws Exception {
        Path dir = Files.createTempDirectory("statusflow-http-" + name);
        return WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "4", "--replication-factor", "1", "--http-port", "0",
                "--jwt-secret", Tokens.SECRET, "--http-timeout", "20s", "--rate-limit", "40", "--management-port", "0")
                .awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        for (WorkerProcess w : List.of(a, b)) {
            if (w != null) {
                w.terminate();
            }
        }
        broker.close();
    }

    static HttpResponse<String> get(WorkerProcess w, String path, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + w.httpPort() + path)).GET();
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(WorkerProcess w, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + w.httpPort() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return TopologyDriver.parse(r.body().getBytes());
    }

    @Test
    void POST_v1_commands_answers_with_the_result_and_its_code() throws Exception {
        String register = "{\"tenantId\":\"http-t1\",\"target\":{\"type\":\"tenant\",\"id\":\"http-t1\"},\"action\":\"register\"}";
        HttpResponse<String> r = post(a, "/v1/commands", Tokens.platformAdmin(), register);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = json(r);
        assertEquals("applied", result.path("outcome").asText());
        assertEquals("provisioner", result.path("entity").path("updatedBy").asText(), "the actor comes from the token");

        HttpResponse<String> again = post(b, "/v1/commands", Tokens.platformAdmin(), register);
        assertEquals(409, again.statusCode(), again.body());

        String member = Tokens.hs256(Tokens.claims("bob", "user", List.of("member")).build());
        HttpResponse<String> forbidden = post(a, "/v1/commands", member,
                "{\"tenantId\":\"http-t1\",\"target\":{\"type\":\"tenant\",\"id\":\"http-t1\"},\"action\":\"deactivate\"}");
        assertEquals(403, forbidden.statusCode());
        assertEquals("forbidden", json(forbidden).path("error").asText());
    }

    @Test
    void requests_without_a_valid_token_get_401_json() throws Exception {
        HttpResponse<String> none = post(a, "/v1/commands", null, "{}");
        assertEquals(401, none.statusCode());
        assertEquals("unauthenticated", json(none).path("error").asText());
        String wrong = Tokens.hs256(Tokens.claims("x", "service", List.of("platform-admin")).build(), "not-the-secret-but-also-32-bytes-long");
        assertEquals(401, get(a, "/v1/tenants/x/tenant/x", wrong).statusCode());
        assertEquals(400, post(a, "/v1/commands", Tokens.platformAdmin(), "not json").statusCode());
    }

    @Test
    void a_snapshot_is_read_from_whichever_instance_owns_it() throws Exception {
        for (int i = 0; i < 6; i++) {
            String t = "read-" + i;
            assertEquals(200, post(a, "/v1/commands", Tokens.platformAdmin(),
                    "{\"tenantId\":\"" + t + "\",\"target\":{\"type\":\"tenant\",\"id\":\"" + t + "\"},\"action\":\"register\"}").statusCode());
            for (WorkerProcess w : List.of(a, b)) {
                HttpResponse<String> r = get(w, "/v1/tenants/" + t + "/tenant/" + t, Tokens.platformAdmin());
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(t + "/tenant/" + t, json(r).path("entityKey").asText());
                assertEquals("full", json(r).path("access").asText());
            }
        }
        HttpResponse<String> missing = get(b, "/v1/tenants/read-0/user/nobody", Tokens.platformAdmin());
        assertEquals(404, missing.statusCode());
        assertTrue(json(missing).path("message").asText().startsWith("User not found in tenant scope"));
        HttpResponse<String> noTenant = get(b, "/v1/tenants/nope/user/bob", Tokens.platformAdmin());
        assertEquals(404, noTenant.statusCode());
        assertEquals("Tenant nope not found", json(noTenant).path("message").asText(), "an unknown tenant is named as one");
        String member = Tokens.hs256(Tokens.claims("bob", "user", List.of("member")).build());
        assertEquals(403, get(a, "/v1/tenants/read-0/tenant/read-0", member).statusCode());
    }

    @Test
    void health_routes_answer_json() throws Exception {
        assertEquals("live", json(get(a, "/health/live", null)).path("status").asText());
        assertEquals("ready", json(get(b, "/health/ready", null)).path("status").asText());
        assertEquals(404, get(a, "/nowhere", null).statusCode());
    }

    private static HttpResponse<String> send(WorkerProcess w, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + w.httpPort() + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void register(String tenant, String type, String id, String extra) throws Exception {
        String body = "{\"tenantId\":\"" + tenant + "\",\"target\":{\"type\":\"" + type + "\",\"id\":\"" + id
                + "\"},\"action\":\"register\"" + extra + "}";
        HttpResponse<String> r = post(a, "/v1/commands", Tokens.platformAdmin(), body);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 409, r.body());
    }

    /** The default tenant with an active admin user "admin1", and its token. */
    private static String defaultTenantAdmin() throws Exception {
        register("default", "tenant", "default", "");
        register("default", "user", "admin1", ",\"status\":\"active\"");
        return Tokens.hs256(Tokens.claims("admin1", "user", List.of("ADMIN")).build());
    }

    @Test
    void seed_000_client_activate_deactivate_and_read() throws Exception {
        register("tenant123", "tenant", "tenant123", "");
        register("tenant123", "user", "42", ",\"status\":\"active\"");
        register("tenant123", "client", "456", ",\"status\":\"active\"");
        String admin = Tokens.hs256(Tokens.claims("42", "user", List.of("admin")).build());
        HttpResponse<String> off = send(a, "PATCH", "/clients/v1/tenants/tenant123/clients/456/deactivate", admin, "");
        assertEquals(200, off.statusCode(), off.body());
        assertEquals("{}", off.body());
        JsonNode read = json(get(b, "/clients/v1/tenants/tenant123/clients/456", admin));
        assertEquals("Inactive", read.path("status").asText());
        assertEquals(false, read.path("active").asBoolean());
        assertEquals(200, send(a, "PATCH", "/clients/v1/tenants/tenant123/clients/456/activate", admin, "").statusCode());
        assertEquals("Active", json(get(a, "/clients/v1/tenants/tenant123/clients/456", admin)).path("status").asText());

        String member = Tokens.hs256(Tokens.claims("42", "user", List.of("member")).build());
        HttpResponse<String> forbidden = send(a, "PATCH", "/clients/v1/tenants/tenant123/clients/456/deactivate", member, "");
        assertEquals(403, forbidden.statusCode());
        assertEquals("Forbidden", json(forbidden).path("error").asText());
        assertEquals("Admin privileges required to modify client status", json(forbidden).path("message").asText());
        HttpResponse<String> missing = send(a, "PATCH", "/clients/v1/tenants/tenant123/clients/999/activate", admin, "");
        assertEquals(404, missing.statusCode());
        assertEquals("Not Found", json(missing).path("error").asText());
        assertTrue(json(missing).path("message").asText().startsWith("Client not found in tenant scope"));
        assertEquals(401, send(a, "PATCH", "/clients/v1/tenants/tenant123/clients/456/activate", null, "").statusCode());
    }

    @Test
    void seed_001_suspend_lift_and_its_400_and_404() throws Exception {
        String admin = defaultTenantAdmin();
        register("default", "user", "4201", ",\"status\":\"active\"");
        HttpResponse<String> s = send(a, "PATCH", "/api/admin/users/4201/status", admin,
                "{\"isSuspended\": true, \"suspensionReason\": \"Violation of terms of service\"}");
        assertEquals(200, s.statusCode(), s.body());
        JsonNode user = json(s);
        assertEquals(4201, user.path("id").asLong());
        assertEquals(false, user.path("isActive").asBoolean());
        assertEquals(true, user.path("isSuspended").asBoolean());
        assertEquals("Violation of terms of service", user.path("suspensionReason").asText());
        JsonNode lifted = json(send(b, "PATCH", "/api/admin/users/4201/status", admin, "{\"isActive\": true, \"isSuspended\": false}"));
        assertEquals(true, lifted.path("isActive").asBoolean());
        assertEquals(false, lifted.path("isSuspended").asBoolean());
        HttpResponse<String> noReason = send(a, "PATCH", "/api/admin/users/4201/status", admin, "{\"isSuspended\": true}");
        assertEquals(400, noReason.statusCode());
        assertEquals("suspensionReason is required when suspending a user", json(noReason).path("error").asText());
        assertEquals(404, send(a, "PATCH", "/api/admin/users/777/status", admin, "{\"isActive\": true}").statusCode());
    }

    @Test
    void seed_002_tenant_status_activation_and_upgrade() throws Exception {
        register("acme-corp", "tenant", "acme-corp", ",\"validUntil\":\"2099-06-30T23:59:59Z\"");
        String update = Tokens.hs256(Tokens.claims("ops", "service", List.of("Permissions.Multitenancy.Update")).build());
        String view = Tokens.hs256(Tokens.claims("auditor", "service", List.of("Permissions.Multitenancy.View")).build());
        HttpResponse<String> off = post(a, "/api/v1/tenants/acme-corp/activation", update, "{\"tenantId\":\"acme-corp\",\"isActive\":false}");
        assertEquals(200, off.statusCode(), off.body());
        assertEquals(false, json(off).path("isActive").asBoolean());
        assertEquals("2099-06-30T23:59:59Z", json(off).path("validUpto").asText());
        assertEquals("Tenant has been deactivated successfully", json(off).path("message").asText());
        JsonNode status = json(get(b, "/api/v1/tenants/acme-corp/status", view));
        assertEquals("acme-corp", status.path("id").asText());
        assertEquals(false, status.path("isActive").asBoolean());
        assertEquals(400, post(a, "/api/v1/tenants/acme-corp/activation", update, "{\"tenantId\":\"other\",\"isActive\":true}").statusCode());
        assertEquals(403, post(a, "/api/v1/tenants/acme-corp/activation", view, "{\"tenantId\":\"acme-corp\",\"isActive\":true}").statusCode());
        HttpResponse<String> upgrade = post(a, "/api/v1/tenants/acme-corp/upgrade", update,
                "{\"tenant\":\"acme-corp\",\"extendedExpiryDate\":\"2100-12-31T23:59:59Z\"}");
        assertEquals(200, upgrade.statusCode(), upgrade.body());
        assertEquals("2100-12-31T23:59:59Z", json(upgrade).path("newValidity").asText());
        assertEquals(400, post(a, "/api/v1/tenants/acme-corp/upgrade", update,
                "{\"tenant\":\"acme-corp\",\"extendedExpiryDate\":\"2001-01-01T00:00:00Z\"}").statusCode());
        assertEquals(400, post(a, "/api/v1/tenants/acme-corp/upgrade", update,
                "{\"tenant\":\"nope\",\"extendedExpiryDate\":\"2101-01-01T00:00:00Z\"}").statusCode());
    }

    @Test
    void seed_003_set_status_by_id_or_identifier() throws Exception {
        String admin = defaultTenantAdmin();
        register("default", "user", "d4add56e-c345-4ac9-b392-7a890a60559a", ",\"identifier\":\"ben\"");
        HttpResponse<String> r = send(a, "PATCH", "/users/ben", admin, "{\"status\":\"inactive\",\"review_comment\":\"abuse\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("d4add56e-c345-4ac9-b392-7a890a60559a", json(r).path("id").asText());
        assertEquals("ben", json(r).path("identifier").asText());
        assertEquals("inactive", json(r).path("status").asText());
        assertEquals("admin1", json(r).path("updated_by").asText());
        JsonNode onboarding = json(send(b, "PATCH", "/users/d4add56e-c345-4ac9-b392-7a890a60559a", admin, "{\"status\":\"onboarding\"}"));
        assertEquals("onboarding", onboarding.path("status").asText());
        assertEquals(400, send(a, "PATCH", "/users/ben", admin, "{\"status\":\"banned\"}").statusCode());
    }

    @Test
    void seed_004_enabled_disabled_with_its_codes() throws Exception {
        String admin = defaultTenantAdmin();
        register("default", "user", "f10d0514", ",\"status\":\"active\"");
        String path = "/AdminInterface/restapi/v1/users/f10d0514/userStatus";
        HttpResponse<String> off = send(a, "PUT", path, admin, "{\"userStatus\":\"Disabled\"}");
        assertEquals(200, off.statusCode(), off.body());
        assertEquals("Disabled", json(off).path("userStatus").asText());
        assertEquals("f10d0514", json(off).path("id").asText());
        assertEquals("Enabled", json(send(b, "PUT", path, admin, "{\"userStatus\":\"Enabled\"}")).path("userStatus").asText());
        assertEquals(400, send(a, "PUT", path, admin, "{}").statusCode());
        assertEquals(400, send(a, "PUT", path, admin, "{\"userStatus\":\"Maybe\"}").statusCode());
        assertEquals(404, send(a, "PUT", "/AdminInterface/restapi/v1/users/nobody/userStatus", admin, "{\"userStatus\":\"Enabled\"}").statusCode());
        String expired = Tokens.hs256(Tokens.claims("admin1", "user", List.of("ADMIN"))
                .expirationTime(new java.util.Date(System.currentTimeMillis() - 120_000)).build());
        assertEquals(403, send(a, "PUT", path, expired, "{\"userStatus\":\"Enabled\"}").statusCode());
        String sync = Tokens.hs256(Tokens.claims("scim", "sync", List.of()).build());
        assertEquals(200, send(a, "PUT", path, sync, "{\"userStatus\":\"Disabled\"}").statusCode());
        HttpResponse<String> conflict = send(a, "PUT", path, admin, "{\"userStatus\":\"Enabled\"}");
        assertEquals(409, conflict.statusCode(), "disabled by synchronization: only sync may enable");
        register("default", "user", "gone1", ",\"status\":\"inactive\"");
        assertEquals(200, post(a, "/v1/commands", sync, "{\"tenantId\":\"default\",\"target\":{\"type\":\"user\",\"id\":\"gone1\"},\"action\":\"mark-pending-delete\"}").statusCode());
        assertEquals(409, send(a, "PUT", "/AdminInterface/restapi/v1/users/gone1/userStatus", admin, "{\"userStatus\":\"Enabled\"}").statusCode());
    }

    @Test
    void metrics_count_commands_by_outcome_and_code_and_include_kafka_streams_metrics() throws Exception {
        post(a, "/v1/commands", Tokens.platformAdmin(),
                "{\"tenantId\":\"metrics-t\",\"target\":{\"type\":\"tenant\",\"id\":\"metrics-t\"},\"action\":\"register\"}");
        String text = "";
        for (WorkerProcess w : List.of(a, b)) {
            assertEquals(401, get(w, "/metrics", null).statusCode(), "on the API port, metrics need a token");
            HttpResponse<String> r = get(w, "/metrics", Tokens.platformAdmin());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            text += r.body();
            HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + w.managementPort()
                    + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, open.statusCode(), "the management port serves metrics without a token");
            assertTrue(open.body().contains("kafka_stream_"));
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + w.managementPort()
                    + "/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
        }
        assertTrue(text.contains("statusflow_commands_total{code=\"200\",duplicate=\"false\",outcome=\"applied\"}"), text);
        assertTrue(text.contains("statusflow_command_processing_seconds_bucket"), "latency histogram");
        assertTrue(text.contains("kafka_stream_"), "Kafka Streams' own metrics");
    }

    @Test
    void concurrent_requests_each_get_their_own_result() throws Exception {
        register("conc", "tenant", "conc", "");
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = "{\"commandId\":\"conc-" + i + "\",\"tenantId\":\"conc\",\"target\":{\"type\":\"client\",\"id\":\"c" + i
                    + "\"},\"action\":\"register\"}";
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + (i % 2 == 0 ? a : b).httpPort() + "/v1/commands"))
                    .header("Authorization", "Bearer " + Tokens.platformAdmin()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> r = calls.get(i).get();
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("conc-" + i, json(r).path("commandId").asText());
            assertEquals("conc/client/c" + i, json(r).path("entity").path("entityKey").asText());
        }
    }

    @Test
    void seed_004_too_many_requests_from_one_actor_is_429() throws Exception {
        defaultTenantAdmin();
        register("default", "user", "busy-admin", ",\"status\":\"active\"");
        register("default", "user", "target-429", ",\"status\":\"active\"");
        String admin = Tokens.hs256(Tokens.claims("busy-admin", "user", List.of("admin")).build());
        String path = "/AdminInterface/restapi/v1/users/target-429/userStatus";
        List<Integer> codes = new java.util.ArrayList<>();
        // 85 > 2 x 40: at least 41 land in one minute, even across a minute boundary.
        for (int i = 0; i < 85; i++) {
            codes.add(send(a, "PUT", path, admin, "{\"userStatus\":\"" + (i % 2 == 0 ? "Disabled" : "Enabled") + "\"}").statusCode());
        }
        assertTrue(codes.contains(429), codes.toString());
        assertEquals(200, (int) codes.get(0));
    }
}
