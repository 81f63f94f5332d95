package io.statusflow.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Who sent a command record, as far as the commands topic can tell (docs/security.md). In
 * {@code trusted} mode the command's own {@code actor} is believed; in {@code token} mode the
 * actor is a verified token's, and a record without one is {@link Unverified}.
 */
public sealed interface Sender {

    /** The body's actor is believed: whoever may write the commands topic acts as anyone. */
    record Trusted() implements Sender {}

    /**
     * A verified token's actor, and the one tenant its tenant claim limits it to, if it has one.
     */
    record Verified(ActorRef actor, Optional<String> tenant) implements Sender {

        /**
         * The 403 of a command this token may not send: for another tenant than its own, or with a
         * body actor that claims more than the token says (another id or type, a role it lacks).
         */
        public Optional<String> refusal(Command cmd) {
            if (tenant.isPresent() && !tenant.get().equals(cmd.tenantId())) {
                return Optional.of("the token is limited to tenant " + tenant.get() + " and may not act in tenant "
                        + cmd.tenantId());
            }
            if (cmd.actor().isEmpty()) {
                return Optional.empty();
            }
            ActorRef body = cmd.actor().get();
            if (!body.id().equals(actor.id()) || body.type() != actor.type()) {
                return Optional.of("the command's actor (" + body.type().name() + " " + body.id()
                        + ") is not the token's (" + actor.type().name() + " " + actor.id() + ")");
            }
            for (String role : body.roles()) {
                if (!actor.hasRole(role.toLowerCase(Locale.ROOT))) {
                    return Optional.of("the command's actor claims role " + role + ", which the token does not give");
                }
            }
            return Optional.empty();
        }
    }

    /** Token mode, and no valid token: why, in statusflow's words. Never holds the token itself. */
    record Unverified(String why) implements Sender {}

    Sender TRUSTED = new Trusted();

    /**
     * Whether this sender is authenticated for the tenant, so that its command may be matched
     * with an earlier answer and remembered under its commandId. Anyone else's record is answered
     * but never remembered: without a token, no one can take a commandId from its owner, or have
     * another sender's first answer sent again.
     */
    default boolean speaksFor(String tenantId) {
        if (this instanceof Verified v) {
            return v.tenant().isEmpty() || v.tenant().get().equals(tenantId);
        }
        return this instanceof Trusted;
    }
}
