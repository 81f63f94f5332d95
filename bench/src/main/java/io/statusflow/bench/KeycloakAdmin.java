package io.statusflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Keycloak's admin API with a token that is renewed before it expires (one minute by default). */
final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final KeycloakServer server;
    private final String base;
    private final String realm;
    private String token;
    private long renewAt;

    KeycloakAdmin(HttpClient http, KeycloakServer server, String realm) throws Exception {
        this.http = http;
        this.server = server;
        this.base = server.base;
        this.realm = realm;
        renew();
    }

    private void renew() throws Exception {
        if (token != null && System.nanoTime() < renewAt) {
            return;
        }
        token = server.adminToken(http);
        renewAt = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    }

    void post(String path, String body) throws Exception {
        send("POST", path, body);
    }

    void send(String method, String path, String body) throws Exception {
        renew();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Keycloak " + method + " " + path + " (realm " + realm + "): " + r.statusCode()
                    + " " + r.body());
        }
    }

    JsonNode get(String path) throws Exception {
        renew();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Keycloak GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
