package io.statusflow.client;

/** What an {@link AccessView} answers for an entity. Anything but {@code FULL} should deny a request. */
public enum Access {
    /** Access may be granted. */
    FULL,
    /** Status {@code risky}: revoke sessions and force re-authentication. */
    RESTRICTED,
    /** No access: the entity's own status, its tenant's, or its deletion. */
    NONE,
    /** The view holds no such entity (never registered, deleted before the view started, or filtered out). */
    UNKNOWN,
    /** The view has not yet read up to where the topic ended when it started: it does not guess. */
    NOT_READY
}
