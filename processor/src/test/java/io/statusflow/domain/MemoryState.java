package io.statusflow.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The worker's state in sorted maps, for testing the domain without Kafka: reads as the stores
 * read (members in key order, subscription ends in time order), writes only through
 * {@link #prepare}, as the worker writes.
 */
final class MemoryState implements StateView {

    final NavigableMap<String, Entity> entities = new TreeMap<>();
    final Map<String, String> identifiers = new TreeMap<>();
    final Map<String, Long> rates = new TreeMap<>();
    final Map<String, Result> answers = new TreeMap<>();
    final NavigableMap<String, TenantCascade.Progress> cascades = new TreeMap<>();
    /** validUntil, then tenant id, as the expiry index orders them. */
    final NavigableMap<String, SubscriptionEnd.Due> expiry = new TreeMap<>();
    private final Duration idempotencyWindow;

    MemoryState() {
        this(Duration.ofDays(7));
    }

    MemoryState(Duration idempotencyWindow) {
        this.idempotencyWindow = idempotencyWindow;
    }

    @Override
    public Optional<Entity> entity(EntityKey key) {
        return Optional.ofNullable(entities.get(key.value()));
    }

    @Override
    public Optional<String> userIdByIdentifier(String tenantId, String identifier) {
        return Optional.ofNullable(identifiers.get(tenantId + "/" + identifier));
    }

    @Override
    public long commandCount(String rateKey, long windowStartMs) {
        return rates.getOrDefault(windowStartMs + "/" + rateKey, 0L);
    }

    @Override
    public Optional<Result> answered(String recordKey, String commandId, Instant now) {
        return Optional.ofNullable(answers.get(recordKey.length() + ":" + recordKey + commandId))
                .filter(r -> r.processedAt().isAfter(now.minus(idempotencyWindow)));
    }

    @Override
    public List<String> cascadingTenants() {
        return new ArrayList<>(cascades.keySet());
    }

    @Override
    public Optional<TenantCascade.Progress> cascade(String tenantId) {
        return Optional.ofNullable(cascades.get(tenantId));
    }

    @Override
    public TenantCascade.Members members(String tenantId, Optional<String> afterKey, int max) {
        String prefix = EntityKey.tenantPrefix(tenantId);
        String tenantKey = EntityKey.tenant(tenantId).value();
        List<Entity> page = new ArrayList<>();
        Optional<String> last = afterKey;
        var range = afterKey.isPresent()
                ? entities.subMap(afterKey.get(), false, prefix + Character.MAX_VALUE, false)
                : entities.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        var it = range.entrySet().iterator();
        while (it.hasNext() && page.size() < max) {
            var e = it.next();
            if (!e.getKey().equals(tenantKey)) {
                page.add(e.getValue());
            }
            last = Optional.of(e.getKey());
        }
        return new TenantCascade.Members(page, last, it.hasNext());
    }

    @Override
    public List<SubscriptionEnd.Due> subscriptionsEndedBy(Instant now, int max) {
        return expiry.values().stream().filter(d -> !d.validUntil().isAfter(now)).limit(max).toList();
    }

    @Override
    public Runnable prepare(List<Change> changes) {
        List<Change> all = List.copyOf(changes);
        return () -> all.forEach(this::apply);
    }

    /** Runs the writes of a decision or step at once. */
    void write(List<Change> changes) {
        prepare(changes).run();
    }

    private static String expiryKey(Instant at, String tenantId) {
        return String.format("%015d/%s", at.toEpochMilli(), tenantId);
    }

    private void apply(Change change) {
        if (change instanceof Change.PutEntity put) {
            entities.put(put.entity().key().value(), put.entity());
        } else if (change instanceof Change.PutIdentifier id) {
            identifiers.put(id.tenantId() + "/" + id.identifier(), id.userId());
        } else if (change instanceof Change.RemoveIdentifier id) {
            identifiers.remove(id.tenantId() + "/" + id.identifier());
        } else if (change instanceof Change.CountCommand count) {
            rates.put(count.windowStartMs() + "/" + count.rateKey(), count.count());
        } else if (change instanceof Change.PutExpiry e) {
            expiry.put(expiryKey(e.validUntil(), e.tenantId()), new SubscriptionEnd.Due(e.tenantId(), e.validUntil()));
        } else if (change instanceof Change.RemoveExpiry e) {
            expiry.remove(expiryKey(e.validUntil(), e.tenantId()));
        } else if (change instanceof Change.Remember r) {
            answers.put(r.recordKey().length() + ":" + r.recordKey() + r.result().commandId(), r.result());
        } else if (change instanceof Change.PutCascade c) {
            cascades.put(c.progress().tenantId(), c.progress());
        } else if (change instanceof Change.EndCascade c) {
            cascades.remove(c.tenantId());
        } else {
            throw new IllegalArgumentException("unknown change " + change);
        }
    }
}
