package io.statusflow.http;

import io.javalin.http.Context;
import io.statusflow.auth.Authenticator;
import io.statusflow.domain.ActorRef;
import io.statusflow.http.Responses.Errors;
import java.util.Optional;

/** Who calls: the actor of the request's bearer token, or an answer in the route's error shape. */
final class Callers {

    private final Authenticator auth;

    Callers(Authenticator auth) {
        this.auth = auth;
    }

    Optional<ActorRef> actor(Context ctx) {
        return actor(ctx, Errors.CANONICAL, 401);
    }

    /** The caller, or an answer with {@code status} (a seed may use its own code) in the route's error shape. */
    Optional<ActorRef> actor(Context ctx, Errors errors, int status) {
        Authenticator.Result r = auth.authenticate(ctx.header("Authorization"));
        if (r instanceof Authenticator.Result.Authenticated a) {
            return Optional.of(a.actor());
        }
        ctx.header("WWW-Authenticate", "Bearer");
        errors.send(ctx, status, ((Authenticator.Result.Refused) r).reason());
        return Optional.empty();
    }
}
