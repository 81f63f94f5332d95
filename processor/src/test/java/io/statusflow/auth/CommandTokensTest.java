package io.statusflow.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.PlainJWT;
import io.statusflow.domain.Sender;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Commands' tokens: verified at the record's append time, each checked once, none kept as text. */
class CommandTokensTest {

    private static final Duration SKEW = Duration.ofSeconds(5);
    private final Authenticator auth;
    private final AtomicInteger checks = new AtomicInteger();
    private final CommandTokens tokens;

    CommandTokensTest() throws Exception {
        auth = new Authenticator(new JwtSettings(Optional.of(Tokens.SECRET), Optional.empty(), Optional.empty(),
                Optional.empty(), JwtSettings.DEFAULT_ROLES_CLAIM, JwtSettings.DEFAULT_ACTOR_TYPE_CLAIM, SKEW));
        tokens = new CommandTokens((h, at) -> {
            checks.incrementAndGet();
            return auth.authenticate(h, at);
        }, "tenant_id", SKEW, System::currentTimeMillis);
    }

    private static String bearer(String sub, long expMillis) {
        return "Bearer " + Tokens.hs256(Tokens.claims(sub, "service", List.of("admin"))
                .expirationTime(new Date(expMillis)).build());
    }

    @Test
    void one_token_for_many_commands_is_checked_once() {
        String h = bearer("provisioner", System.currentTimeMillis() + 600_000);
        Instant now = Instant.now();
        for (int i = 0; i < 10_000; i++) {
            Sender.Verified v = assertInstanceOf(Sender.Verified.class, tokens.verify(h, now.plusMillis(i)));
            assertEquals("provisioner", v.actor().id());
        }
        assertEquals(1, checks.get());
    }

    @Test
    void expiry_is_judged_at_the_append_time_also_for_a_cached_token() {
        long exp = (System.currentTimeMillis() / 1000 + 60) * 1000; // JWT times are whole seconds
        String h = bearer("p", exp);
        Instant appended = Instant.ofEpochMilli(exp - 1_000);
        assertInstanceOf(Sender.Verified.class, tokens.verify(h, appended), "appended before exp");
        Sender late = tokens.verify(h, Instant.ofEpochMilli(exp + SKEW.toMillis()));
        assertEquals(new Sender.Unverified("the token has expired"), late);
        assertInstanceOf(Sender.Verified.class, tokens.verify(h, Instant.ofEpochMilli(exp + SKEW.toMillis() - 1)),
                "within the skew");
        assertEquals(1, checks.get());
    }

    @Test
    void a_backlog_record_appended_before_expiry_is_verified_after_it() {
        long exp = System.currentTimeMillis() - 3_600_000;
        Sender s = tokens.verify(bearer("p", exp), Instant.ofEpochMilli(exp - 60_000));
        assertInstanceOf(Sender.Verified.class, s, "expired an hour ago, appended a minute before");
    }

    @Test
    void bad_tokens_are_refused_each_time_and_never_kept() {
        long exp = System.currentTimeMillis() + 600_000;
        String unsigned = "Bearer " + new PlainJWT(Tokens.claims("p", "service", List.of("platform-admin")).build()).serialize();
        String wrongKey = "Bearer " + Tokens.hs256(Tokens.claims("p", "service", List.of()).build(),
                "another-secret-of-at-least-32-bytes!!");
        String expired = bearer("p", System.currentTimeMillis() - 600_000);
        for (String h : List.of(unsigned, wrongKey, expired, "Bearer x.y.z", "Basic dXNlcjpwYXNz", "")) {
            Sender s = tokens.verify(h, Instant.now());
            Sender.Unverified u = assertInstanceOf(Sender.Unverified.class, s, h);
            String signature = h.substring(h.lastIndexOf('.') + 1);
            assertFalse(!signature.isEmpty() && u.why().contains(signature), "the reason never repeats the token");
            assertInstanceOf(Sender.Unverified.class, tokens.verify(h, Instant.now()));
        }
        assertEquals(0, tokens.cached());
        assertEquals(12, checks.get());
        assertInstanceOf(Sender.Verified.class, tokens.verify(bearer("p", exp), Instant.now()));
    }

    @Test
    void the_tenant_claim_limits_the_token_and_must_be_one_tenant_id() {
        String limited = "Bearer " + Tokens.hs256(Tokens.claims("p", "service", List.of("admin")).claim("tenant_id", "acme").build());
        assertEquals(Optional.of("acme"), assertInstanceOf(Sender.Verified.class, tokens.verify(limited, Instant.now())).tenant());
        for (Object bad : List.of(List.of("acme", "globex"), "", 42)) {
            String h = "Bearer " + Tokens.hs256(Tokens.claims("p", "service", List.of("admin")).claim("tenant_id", bad).build());
            Sender.Unverified u = assertInstanceOf(Sender.Unverified.class, tokens.verify(h, Instant.now()), bad::toString);
            assertTrue(u.why().contains("tenant_id"), u.why());
        }
    }

    @Test
    void the_cache_is_bounded_and_drops_expired_tokens_first() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < CommandTokens.MAX_CACHED; i++) {
            tokens.verify(bearer("p" + i, i % 2 == 0 ? now + 600_000 : now + 60_000), Instant.ofEpochMilli(now));
        }
        assertEquals(CommandTokens.MAX_CACHED, tokens.cached());
        CommandTokens later = new CommandTokens((h, at) -> auth.authenticate(h, Instant.ofEpochMilli(now)), "tenant_id",
                SKEW, () -> now + 120_000);
        for (int i = 0; i <= CommandTokens.MAX_CACHED; i++) {
            later.verify(bearer("p" + i, i % 2 == 0 ? now + 600_000 : now + 60_000), Instant.ofEpochMilli(now));
        }
        assertTrue(later.cached() <= CommandTokens.MAX_CACHED / 2 + 1, "expired ones went first: " + later.cached());
    }
}
