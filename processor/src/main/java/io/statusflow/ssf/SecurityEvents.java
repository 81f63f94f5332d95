package io.statusflow.ssf;

import io.statusflow.domain.Cause;
import io.statusflow.schema.Access;
import io.statusflow.schema.ActorType;
import io.statusflow.schema.EntityType;
import io.statusflow.schema.Status;
import io.statusflow.schema.StatusEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which security events one event of {@code status.events} gives, in order: the account's RISC
 * event (purged, disabled, enabled), CAEP's session-revoked when access falls, CAEP's
 * risk-level-change when the status turns risky or back. A registration gives none.
 */
public final class SecurityEvents {

    /**
     * @param subjectIssuer the {@code iss} of user and client subjects: {@code {tenant}} and
     *     {@code {type}} are replaced (an IdP's issuer, where ids are its subjects)
     * @param shareReasons whether the command's reason goes out in {@code reason_admin}; when not, or
     *     when there is none, a generic one does
     */
    public record Settings(String subjectIssuer, boolean shareReasons) {}

    private SecurityEvents() {}

    public static List<SecurityEvent> of(StatusEvent e, Settings settings) {
        if (e.getPrevious() == null) {
            return List.of();
        }
        Access pa = e.getPrevious().getAccess();
        Access ca = e.getCurrent().getAccess();
        Status ps = e.getPrevious().getStatus();
        Status cs = e.getCurrent().getStatus();
        Map<String, Object> subject = subject(e, settings);
        List<SecurityEvent> out = new ArrayList<>(3);
        if (cs == Status.deleted) {
            out.add(new SecurityEvent(EventTypes.ACCOUNT_PURGED, subject, common(e, settings)));
        } else if (pa != Access.none && ca == Access.none) {
            out.add(new SecurityEvent(EventTypes.ACCOUNT_DISABLED, subject, common(e, settings)));
        } else if (pa == Access.none && ca != Access.none) {
            out.add(new SecurityEvent(EventTypes.ACCOUNT_ENABLED, subject, common(e, settings)));
        }
        if (rank(ca) < rank(pa)) {
            out.add(new SecurityEvent(EventTypes.SESSION_REVOKED, subject, common(e, settings)));
        }
        if (cs == Status.risky && ps != Status.risky) {
            out.add(riskLevel(e, settings, subject, "HIGH", ps == Status.active ? "LOW" : null));
        } else if (ps == Status.risky && cs == Status.active) {
            out.add(riskLevel(e, settings, subject, "LOW", "HIGH"));
        }
        return out;
    }

    /** Users and clients by issuer and id; a tenant as a complex subject that covers everything in it. */
    static Map<String, Object> subject(StatusEvent e, Settings settings) {
        Map<String, Object> s = new LinkedHashMap<>();
        EntityType type = e.getTarget().getType();
        if (type == EntityType.tenant) {
            s.put("format", "complex");
            s.put("tenant", Map.of("format", "opaque", "id", e.getTenantId()));
        } else {
            s.put("format", "iss_sub");
            s.put("iss", settings.subjectIssuer().replace("{tenant}", e.getTenantId()).replace("{type}", type.name()));
            s.put("sub", e.getTarget().getId());
        }
        return s;
    }

    private static SecurityEvent riskLevel(StatusEvent e, Settings settings, Map<String, Object> subject,
            String current, String previous) {
        Map<String, Object> p = new LinkedHashMap<>(common(e, settings));
        p.put("principal", switch (e.getTarget().getType()) {
            case user -> "USER";
            case client -> "APPLICATION";
            case tenant -> "TENANT";
        });
        p.put("current_level", current);
        if (previous != null) {
            p.put("previous_level", previous);
        }
        if (e.getReason() != null && !e.getReason().isBlank()) {
            p.put("risk_reason", e.getReason());
        }
        return new SecurityEvent(EventTypes.RISK_LEVEL_CHANGE, subject, p);
    }

    private static Map<String, Object> common(StatusEvent e, Settings settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("event_timestamp", e.getOccurredAt().getEpochSecond());
        p.put("initiating_entity", initiatingEntity(e));
        String reason = settings.shareReasons() && e.getReason() != null && !e.getReason().isBlank() ? e.getReason()
                : e.getTarget().getType().name() + " " + e.getCurrent().getStatus().name() + " (" + e.getCause() + ")";
        p.put("reason_admin", Map.of("en", reason));
        return p;
    }

    /** CAEP's initiating_entity: a cascade is the tenant's policy, an expiry or a directory sync the system's. */
    private static String initiatingEntity(StatusEvent e) {
        Cause cause = Cause.fromWire(e.getCause()).orElse(Cause.COMMAND);
        if (cause == Cause.TENANT_CASCADE) {
            return "policy";
        }
        if (cause == Cause.SUBSCRIPTION_EXPIRED || (e.getActor() != null && e.getActor().getType() == ActorType.sync)) {
            return "system";
        }
        return "admin";
    }

    private static int rank(Access a) {
        return switch (a) {
            case none -> 0;
            case restricted -> 1;
            case full -> 2;
        };
    }
}
