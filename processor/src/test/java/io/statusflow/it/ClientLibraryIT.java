package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.statusflow.client.Access;
import io.statusflow.client.AccessView;
import io.statusflow.client.Replies;
import io.statusflow.client.StatusCommand;
import io.statusflow.client.StatusCommands;
import io.statusflow.schema.CommandResult;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Outcome;
import io.statusflow.schema.Status;
import io.statusflow.testkit.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client library against the jar on a real broker: {@link StatusCommands} sends every action
 * and reads each result typed, under concurrency, timeouts and its in-flight bound; {@link
 * AccessView} follows status.current and answers as the worker decided.
 */
class ClientLibraryIT extends OwnBroker {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final StatusCommand.Actor PLATFORM = StatusCommand.Actor.service("provisioner", "platform-admin");
    private static WorkerProcess worker;
    private static StatusCommands commands;

    @BeforeAll
    static void startWorker() throws Exception {
        Path dir = Files.createTempDirectory("statusflow-client-it");
        worker = WorkerProcess.start(dir, "--bootstrap-servers", broker.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--partitions", "3", "--replication-factor", "1", "--no-http").awaitReady();
        commands = StatusCommands.builder(props()).actor(PLATFORM).build();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        commands.close();
        worker.terminate();
    }

    static Properties props() {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    private static CommandResult submit(StatusCommand c) throws Exception {
        return commands.submit(c).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static String tenant() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void every_action_is_answered_with_its_typed_result() throws Exception {
        String t = tenant();
        assertEquals(Outcome.applied, submit(StatusCommand.registerTenant(t)).getOutcome());
        CommandResult ann = submit(StatusCommand.register(t, EntityType.user, "ann").withStatus(Status.active).withIdentifier("ann@x"));
        assertEquals(1, ann.getEntity().getVersion());
        assertEquals("ann@x", ann.getEntity().getIdentifier());
        assertEquals(Status.pending, submit(StatusCommand.register(t, EntityType.client, "api")).getEntity().getStatus());
        assertEquals(Status.active, submit(StatusCommand.activateClient(t, "api")).getEntity().getStatus());
        CommandResult suspended = submit(StatusCommand.suspend(t, EntityType.user, "ann@x", "phishing"));
        assertEquals(Status.suspended, suspended.getEntity().getStatus());
        assertEquals("phishing", suspended.getEntity().getReason());
        assertEquals(Status.active, submit(StatusCommand.liftSuspension(t, "ann")).getEntity().getStatus());
        assertEquals(Status.risky, submit(StatusCommand.setUserStatus(t, "ann@x", Status.risky)).getEntity().getStatus());
        assertEquals(Status.inactive, submit(StatusCommand.disableUser(t, "ann")).getEntity().getStatus());
        Instant until = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertEquals(until, submit(StatusCommand.extendSubscription(t, until)).getEntity().getValidUntil());
        assertEquals(Status.pending_delete, submit(StatusCommand.markPendingDelete(t, EntityType.client, "api")).getEntity().getStatus());
        CommandResult conflict = submit(StatusCommand.activateClient(t, "api"));
        assertEquals(Outcome.rejected, conflict.getOutcome());
        assertEquals(409, conflict.getCode());
        assertEquals(Outcome.applied, submit(StatusCommand.delete(t, EntityType.client, "api")).getOutcome());
        CommandResult stale = submit(StatusCommand.enableUser(t, "ann").withExpectedVersion(1));
        assertEquals(409, stale.getCode());
        CommandResult unchanged = submit(StatusCommand.disableUser(t, "ann"));
        assertEquals(Outcome.unchanged, unchanged.getOutcome());
        CommandResult forbidden = submit(StatusCommand.deactivateTenant(t).withActor(StatusCommand.Actor.service("svc", "admin")));
        assertEquals(403, forbidden.getCode());
        assertEquals("forbidden", forbidden.getError());
    }

    @Test
    void a_thousand_concurrent_submits_from_eight_threads_each_get_their_own_result() throws Exception {
        List<String> tenants = List.of(tenant(), tenant(), tenant(), tenant());
        for (String t : tenants) {
            submit(StatusCommand.registerTenant(t));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                int n = i;
                all.add(CompletableFuture.runAsync(() -> {
                    String t = tenants.get(n % tenants.size());
                    // The same commandId in two tenants: each must get its own tenant's result.
                    StatusCommand c = StatusCommand.register(t, EntityType.client, "k" + n).withCommandId("same-" + (n / 4));
                    CommandResult r = commands.submit(c).join();
                    assertEquals(t, r.getTenantId());
                    assertEquals(c.commandId(), r.getCommandId());
                    assertEquals("k" + n, r.getTarget().getId());
                    assertEquals(Outcome.applied, r.getOutcome(), r::toString);
                    answered.add(t + "/" + c.commandId());
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1000, answered.size());
        assertEquals(0, commands.waiting());
    }

    @Test
    void after_a_timeout_the_same_command_sent_again_returns_its_first_result_as_a_duplicate() throws Exception {
        String t = tenant();
        submit(StatusCommand.registerTenant(t));
        StatusCommand register = StatusCommand.register(t, EntityType.user, "late").withStatus(Status.active);
        try (StatusCommands hasty = StatusCommands.builder(props()).actor(PLATFORM).timeout(Duration.ofMillis(1)).build()) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> hasty.submit(register).get(WAIT.toSeconds(), TimeUnit.SECONDS));
            StatusCommands.CommandTimeoutException timedOut = assertInstanceOf(StatusCommands.CommandTimeoutException.class, e.getCause());
            assertEquals(register.commandId(), timedOut.commandId());
            assertEquals(0, hasty.waiting());
        }
        CommandResult again = submit(register);
        assertTrue(again.getDuplicate(), again::toString);
        assertEquals(Outcome.applied, again.getOutcome());
        assertEquals(1, again.getEntity().getVersion(), "applied once");
    }

    @Test
    void at_the_in_flight_bound_a_submit_fails_at_once_and_close_completes_what_waits() throws Exception {
        String t = tenant();
        StatusCommands bounded = StatusCommands.builder(props()).actor(PLATFORM).maxInFlight(1).build();
        CompletableFuture<CommandResult> first = bounded.submit(StatusCommand.registerTenant(t));
        CompletableFuture<CommandResult> second = bounded.submit(StatusCommand.activateTenant(t));
        assertTrue(second.isCompletedExceptionally(), "refused at once");
        ExecutionException full = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, second::get);
        assertInstanceOf(Replies.Full.class, full.getCause());
        CompletableFuture<CommandResult> pending = first.isDone() ? bounded.submit(StatusCommand.activateTenant(t)) : first;
        bounded.close();
        assertTrue(pending.isDone(), "close completes every waiting command");
        assertTrue(bounded.submit(StatusCommand.activateTenant(t)).isCompletedExceptionally(), "closed");
    }

    @Test
    void the_view_answers_as_the_worker_decided_and_a_tenant_without_access_denies_every_member_at_once() throws Exception {
        String t = tenant();
        String other = tenant();
        submit(StatusCommand.registerTenant(t));
        submit(StatusCommand.registerTenant(other));
        submit(StatusCommand.register(t, EntityType.user, "bo").withStatus(Status.active).withIdentifier("bo@x"));
        submit(StatusCommand.register(t, EntityType.client, "api").withStatus(Status.active));
        submit(StatusCommand.register(other, EntityType.user, "cy").withStatus(Status.active));
        CommandResult risky = submit(StatusCommand.setUserStatus(t, "bo", Status.risky));
        List<AccessView.Change> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        try (AccessView view = AccessView.builder(props()).listener(heard::add).build();
                AccessView only = AccessView.builder(props()).tenants(t::equals).build()) {
            assertTrue(view.awaitReady(WAIT));
            assertTrue(view.awaitVersion(t, EntityType.user, "bo", risky.getEntity().getVersion(), WAIT));
            assertEquals(new AccessView.Answer(Access.RESTRICTED, 2, false), view.access(t, EntityType.user, "bo"));
            assertEquals(Access.RESTRICTED, view.access(t, EntityType.user, "bo@x").access(), "by identifier");
            assertEquals(Access.FULL, view.access(t, EntityType.client, "api").access());
            assertEquals(Access.FULL, view.access(t, EntityType.tenant, t).access());
            assertEquals(Access.UNKNOWN, view.access(t, EntityType.user, "nobody").access());
            assertEquals(Access.UNKNOWN, view.access(t, EntityType.tenant, other).access(), "a tenant's own key only");

            CommandResult off = submit(StatusCommand.deactivateTenant(t).withReason("unpaid"));
            // The tenant's own record is enough: members answer NONE from it, whatever their own records say yet.
            assertTrue(view.awaitVersion(t, EntityType.tenant, t, off.getEntity().getVersion(), WAIT));
            assertEquals(new AccessView.Answer(Access.NONE, off.getEntity().getVersion(), true),
                    view.access(t, EntityType.client, "api"));
            assertEquals(Access.NONE, view.access(t, EntityType.user, "bo@x").access());
            assertEquals(Access.FULL, view.access(other, EntityType.user, "cy").access(), "another tenant is untouched");

            assertTrue(only.awaitReady(WAIT));
            assertTrue(only.awaitVersion(t, EntityType.tenant, t, off.getEntity().getVersion(), WAIT));
            assertEquals(Access.UNKNOWN, only.access(other, EntityType.user, "cy").access(), "filtered out");
            assertEquals(Access.NONE, only.access(t, EntityType.client, "api").access());

            CommandResult on = submit(StatusCommand.activateTenant(t));
            assertTrue(view.awaitVersion(t, EntityType.client, "api", 3, WAIT), "the cascade restores the client");
            assertTrue(view.awaitVersion(t, EntityType.tenant, t, on.getEntity().getVersion(), WAIT));
            assertTrue(view.awaitVersion(t, EntityType.user, "bo", 4, WAIT), "bo's own records of both cascades");
            assertEquals(Access.FULL, view.access(t, EntityType.client, "api").access());
            assertEquals(Access.RESTRICTED, view.access(t, EntityType.user, "bo").access());

            // A copy: the view's thread may still add to the list.
            List<String> tenantChanges = new ArrayList<>(heard).stream().filter(c -> c.type() == EntityType.tenant && c.tenantId().equals(t))
                    .map(c -> c.previous() + "->" + c.current() + "@" + c.version()).toList();
            assertEquals(List.of("FULL->NONE@2", "NONE->FULL@3"), tenantChanges, "each change once, in order");
            assertTrue(view.stats().entities() >= 5, view.stats().toString());
            assertNull(view.failure().orElse(null));
        }
        try (AccessView again = AccessView.builder(props()).build()) {
            assertTrue(again.awaitReady(WAIT));
            assertEquals(Access.FULL, again.access(t, EntityType.client, "api").access(), "a new view reads the same");
            assertEquals(Access.RESTRICTED, again.access(t, EntityType.user, "bo@x").access());
            assertEquals(0, again.stats().lag());
        }
    }

    @Test
    void events_are_cloud_events_in_binary_mode_that_the_cloudevents_sdk_reads() throws Exception {
        String t = tenant();
        submit(StatusCommand.registerTenant(t));
        CommandResult registered = submit(StatusCommand.register(t, EntityType.client, "ce").withStatus(Status.active));
        assertEquals(Outcome.applied, registered.getOutcome(), registered::toString);
        String subject = t + "/client/ce";
        Properties p = props();
        p.put("isolation.level", "read_committed");
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, io.cloudevents.CloudEvent> events =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(p, new org.apache.kafka.common.serialization.StringDeserializer(),
                        new io.cloudevents.kafka.CloudEventDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = events.partitionsFor(Clients.TOPICS.events().name()).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            events.assign(parts);
            events.seekToBeginning(parts);
            io.cloudevents.CloudEvent found = null;
            String json = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (found == null && System.nanoTime() < deadline) {
                for (var r : events.poll(Duration.ofMillis(200))) {
                    if (subject.equals(r.value().getSubject())) {
                        found = r.value();
                        json = new String(found.getData().toBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            }
            assertTrue(found != null, "the register's event, read as a CloudEvent");
            com.fasterxml.jackson.databind.JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            assertEquals(io.cloudevents.SpecVersion.V1, found.getSpecVersion());
            assertEquals(event.path("eventId").asText(), found.getId());
            assertEquals("io.statusflow.status.changed", found.getType());
            assertEquals(java.net.URI.create("urn:statusflow:tenant:" + t), found.getSource());
            assertEquals(Instant.parse(event.path("occurredAt").asText()), found.getTime().toInstant());
            assertEquals("application/json", found.getDataContentType());
            assertEquals(registered.getEntity().getVersion(), event.path("version").asLong(), "the value is the contract's event JSON");
            assertEquals("full", event.path("current").path("access").asText());
        }
    }
}
