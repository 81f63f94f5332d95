package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/statusflow.yaml: every setting it names exists, every Secret it uses it also
 * creates, no secret sits in its ConfigMap or environment, and a NetworkPolicy guards both ports.
 */
class KubernetesManifestTest {

    private static final Path MANIFEST = Path.of("../deploy/kubernetes/statusflow.yaml");

    private static List<String> documents() throws Exception {
        return Arrays.stream(Files.readString(MANIFEST).split("(?m)^---$")).toList();
    }

    /** The document itself when it is a {@code kind} named {@code name}, else null. */
    private static String kind(String doc, String kind, String name) {
        return doc.contains("kind: " + kind + "\n") && doc.contains("  name: " + name + "\n") ? doc : null;
    }

    @Test
    void every_setting_and_variable_it_names_is_one_of_statusflows() throws Exception {
        Set<String> keys = Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toSet());
        Set<String> envs = Arrays.stream(Setting.values()).map(Setting::env).collect(Collectors.toSet());
        String text = Files.readString(MANIFEST);
        Matcher key = Pattern.compile("(?m)^\\s+(statusflow\\.[a-z.-]+)=").matcher(text);
        int found = 0;
        while (key.find()) {
            assertTrue(keys.contains(key.group(1)), key.group(1));
            found++;
        }
        assertTrue(found >= 5, "the ConfigMap sets statusflow's keys");
        Matcher env = Pattern.compile("name: (STATUSFLOW_[A-Z_]+)").matcher(text);
        while (env.find()) {
            assertTrue(envs.contains(env.group(1)), env.group(1));
        }
        assertTrue(text.contains("statusflow.command-auth=token"), "the example verifies commands' actors");
    }

    @Test
    void every_secret_it_uses_it_creates_and_no_secret_is_elsewhere() throws Exception {
        List<String> docs = documents();
        String text = Files.readString(MANIFEST);
        Matcher used = Pattern.compile("secretName: (\\S+)|secretKeyRef:\\s+name: (\\S+)").matcher(text);
        List<String> names = new ArrayList<>();
        while (used.find()) {
            names.add(used.group(1) != null ? used.group(1) : used.group(2));
        }
        assertFalse(names.isEmpty());
        for (String n : names) {
            assertTrue(docs.stream().anyMatch(d -> kind(d, "Secret", n) != null), "the Secret " + n + " is created here");
        }
        for (String d : docs) {
            if (d.contains("kind: ConfigMap") || d.contains("kind: StatefulSet")) {
                String lower = d.lines().filter(l -> !l.strip().startsWith("#")).collect(Collectors.joining("\n"))
                        .toLowerCase(java.util.Locale.ROOT);
                for (String secretish : List.of("sasl.jaas.config", "password=", "jwt.secret", "-----begin")) {
                    assertFalse(lower.contains(secretish), secretish + " outside a Secret");
                }
            }
        }
        String secrets = docs.stream().filter(d -> kind(d, "Secret", "statusflow-secrets") != null).findFirst().orElseThrow();
        for (String file : List.of("kafka.properties", "kafka-ca.crt", "ssf-signing-key.jwk")) {
            assertTrue(secrets.contains("  " + file + ": |"), file + " is in the Secret");
        }
        assertTrue(text.contains("/etc/statusflow/secrets/ssf-signing-key.jwk") && text.contains("mountPath: /etc/statusflow/secrets"));
    }

    @Test
    void a_network_policy_lets_the_ingress_reach_the_api_and_monitoring_the_management_port() throws Exception {
        String policy = documents().stream().filter(d -> d.contains("kind: NetworkPolicy")).findFirst().orElseThrow();
        int api = policy.indexOf("- port: 8080");
        int management = policy.indexOf("- port: 8081");
        assertTrue(api > 0 && management > api, policy);
        String apiRule = policy.substring(0, api);
        String managementRule = policy.substring(api, management);
        assertTrue(apiRule.contains("ingress-nginx") && apiRule.contains("app: statusflow"), "the ingress and the other pods");
        assertTrue(managementRule.contains("monitoring") && !managementRule.contains("ingress-nginx"), "monitoring only");
    }
}
