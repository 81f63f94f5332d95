package io.statusflow.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * The benchmark's command load, made from a seed so that every run replays the same bytes. A
 * register phase (tenants, one admin user per tenant, then the entities) comes first; then the
 * status phase: activate, deactivate, suspend and set-status from tenant admins and services, with
 * the issue's shares of refused commands, duplicates and garbage. Built as strings, not through a
 * JSON library, so that the generator never limits the worker it feeds.
 */
final class Mix {

    static final double REFUSED = 0.05;
    static final double DUPLICATES = 0.01;
    static final double GARBAGE = 0.001;

    private static final String ISSUED = "2026-11-22T10:00:00Z";
    static final String PLATFORM = "{\"id\":\"provisioner\",\"type\":\"service\",\"roles\":[\"platform-admin\"]}";
    static final String SERVICE_ACTOR = "{\"id\":\"backoffice\",\"type\":\"service\",\"roles\":[\"admin\"]}";
    private static final String VIEWER = "{\"id\":\"reporting\",\"type\":\"service\",\"roles\":[\"viewer\"]}";
    static final String ADMIN = "{\"id\":\"admin\",\"type\":\"user\",\"roles\":[\"admin\"]}";
    private static final String[] STATUSES = {"active", "inactive", "risky", "pending"};

    /** What a replay of the load must produce: every count is exact. */
    record Counts(long registers, long statusCommands, long garbageWithoutId, long garbageWithId, long duplicates) {
        long total() {
            return registers + statusCommands;
        }

        /** Every record gets one result, except garbage from which no commandId can be read. */
        long results() {
            return total() - garbageWithoutId;
        }

        long deadLetters() {
            return garbageWithoutId + garbageWithId;
        }
    }

    private final int tenants;
    private final long entities;
    private final SplittableRandom random;
    private long sequence;

    Mix(int tenants, long entities, long seed) {
        this.tenants = tenants;
        this.entities = entities;
        this.random = new SplittableRandom(seed);
    }

    static String tenant(long i) {
        return "t" + i;
    }

    String tenantOf(long entity) {
        return tenant(entity % tenants);
    }

    static String type(long entity) {
        return entity % 5 == 0 ? "client" : "user";
    }

    static String id(long entity) {
        return (entity % 5 == 0 ? "c" : "u") + entity;
    }

    /** Tenants, their admins and the entities, all active; sends (tenant key, value). */
    long registers(BiConsumer<String, byte[]> send) {
        for (int t = 0; t < tenants; t++) {
            send.accept(tenant(t), tenantCommand(tenant(t), "register"));
        }
        for (int t = 0; t < tenants; t++) {
            send.accept(tenant(t), activeUser(tenant(t), "admin"));
        }
        for (long e = 0; e < entities; e++) {
            registerEntity(e, send);
        }
        return 2L * tenants + entities;
    }

    void registerEntity(long e, BiConsumer<String, byte[]> send) {
        send.accept(tenantOf(e), command(tenantOf(e), type(e), id(e), "register", ",\"status\":\"active\"", SERVICE_ACTOR));
    }

    /** The status phase: n records of the mix. */
    Counts statusPhase(long n, long registers, BiConsumer<String, byte[]> send) {
        long garbageWithoutId = 0;
        long garbageWithId = 0;
        long duplicates = 0;
        byte[][] recent = new byte[1024][];
        String[] recentKeys = new String[1024];
        int filled = 0;
        for (long i = 0; i < n; i++) {
            double r = random.nextDouble();
            long e = random.nextLong(entities);
            String tenant = tenantOf(e);
            if (r < GARBAGE / 2) {
                send.accept(tenant, ("{not json " + i).getBytes(StandardCharsets.UTF_8));
                garbageWithoutId++;
            } else if (r < GARBAGE) {
                send.accept(tenant, ("{\"commandId\":\"" + nextId() + "\",\"tenantId\":42}").getBytes(StandardCharsets.UTF_8));
                garbageWithId++;
            } else if (r < GARBAGE + DUPLICATES && filled > 0) {
                int k = random.nextInt(Math.min(filled, recent.length));
                send.accept(recentKeys[k], recent[k]);
                duplicates++;
            } else {
                byte[] value = r < GARBAGE + DUPLICATES + REFUSED ? refused(e) : valid(e);
                send.accept(tenant, value);
                recent[filled % recent.length] = value;
                recentKeys[filled % recent.length] = tenant;
                filled++;
            }
        }
        return new Counts(registers, n, garbageWithoutId, garbageWithId, duplicates);
    }

    private byte[] valid(long e) {
        String actor = random.nextBoolean() ? ADMIN : SERVICE_ACTOR;
        return switch (random.nextInt(4)) {
            case 0 -> command(tenantOf(e), type(e), id(e), "activate", "", actor);
            case 1 -> command(tenantOf(e), type(e), id(e), "deactivate", ",\"reason\":\"offboarding\"", actor);
            case 2 -> command(tenantOf(e), type(e), id(e), "suspend", ",\"reason\":\"security review\"", actor);
            default -> command(tenantOf(e), type(e), id(e), "set-status",
                    ",\"status\":\"" + STATUSES[random.nextInt(STATUSES.length)] + "\"", actor);
        };
    }

    /** Refused on one rule or another: 400, 403, 404 and 409 in turn. */
    private byte[] refused(long e) {
        return switch (random.nextInt(4)) {
            case 0 -> command(tenantOf(e), type(e), id(e), "suspend", "", SERVICE_ACTOR);
            case 1 -> command(tenantOf(e), type(e), id(e), "deactivate", "", VIEWER);
            case 2 -> command(tenantOf(e), "user", "ghost" + e, "deactivate", "", SERVICE_ACTOR);
            default -> command(tenantOf(e), type(e), id(e), "deactivate", ",\"expectedVersion\":999999", SERVICE_ACTOR);
        };
    }

    byte[] command(String tenant, String type, String id, String action, String extra, String actor) {
        return command(nextId(), tenant, type, id, action, extra, actor);
    }

    /** A command with this commandId and no extra fields. */
    byte[] commandWithId(String commandId, String tenant, String type, String id, String action, String actor) {
        return command(commandId, tenant, type, id, action, "", actor);
    }

    static byte[] command(String commandId, String tenant, String type, String id, String action, String extra,
            String actor) {
        String json = "{\"commandId\":\"" + commandId + "\",\"tenantId\":\"" + tenant + "\",\"target\":{\"type\":\"" + type
                + "\",\"id\":\"" + id + "\"},\"action\":\"" + action + "\"" + extra + ",\"actor\":" + actor
                + ",\"issuedAt\":\"" + ISSUED + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A tenant-scope command on {@code tenant} by a platform admin: register, deactivate, ... */
    byte[] tenantCommand(String tenant, String action) {
        return commandWithId(nextId(), tenant, "tenant", tenant, action, PLATFORM);
    }

    /** The registration of an active user by the tenant's back office. */
    byte[] activeUser(String tenant, String id) {
        return command(tenant, "user", id, "register", ",\"status\":\"active\"", SERVICE_ACTOR);
    }

    /** Unique, and shaped like the UUIDs real callers send. */
    String nextId() {
        long s = ++sequence;
        return String.format("%08x-%04x-4%03x-8%03x-%012x", random.nextInt(), s >>> 48 & 0xffff, s >>> 36 & 0xfff,
                s >>> 24 & 0xfff, s & 0xffffffffffffL);
    }
}
