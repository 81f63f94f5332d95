package io.statusflow.ssf;

import java.util.List;

/** The event type URIs statusflow sends: RISC and CAEP for access changes, SSF's own for stream management. */
public final class EventTypes {

    private static final String BASE = "https://schemas.openid.net/secevent/";

    public static final String ACCOUNT_PURGED = BASE + "risc/event-type/account-purged";
    public static final String ACCOUNT_DISABLED = BASE + "risc/event-type/account-disabled";
    public static final String ACCOUNT_ENABLED = BASE + "risc/event-type/account-enabled";
    public static final String SESSION_REVOKED = BASE + "caep/event-type/session-revoked";
    public static final String RISK_LEVEL_CHANGE = BASE + "caep/event-type/risk-level-change";
    public static final String VERIFICATION = BASE + "ssf/event-type/verification";
    public static final String STREAM_UPDATED = BASE + "ssf/event-type/stream-updated";

    /** What a stream may request: every type an access change can give. */
    public static final List<String> SUPPORTED = List.of(ACCOUNT_PURGED, ACCOUNT_DISABLED, ACCOUNT_ENABLED,
            SESSION_REVOKED, RISK_LEVEL_CHANGE);

    private EventTypes() {}
}
