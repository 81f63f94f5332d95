package io.statusflow.topology;

import io.statusflow.domain.Sender;
import io.statusflow.domain.TokenVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Who sent a command record: in trusted mode the body's actor; in token mode the token of its one
 * {@code authorization} header (name compared case-insensitively), judged at the record's append
 * time. Two such headers are refused: which of them speaks would be a guess.
 */
final class Senders {

    /** The record header that carries {@code Bearer <JWT>} in token mode. */
    static final String AUTHORIZATION = "authorization";

    private final Optional<TokenVerifier> tokens;
    /** One per task, as the task's thread is the only one to use it. */
    private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    Senders(Optional<TokenVerifier> tokens) {
        this.tokens = tokens;
    }

    Sender of(Headers headers, Instant appendedAt) {
        if (tokens.isEmpty()) {
            return Sender.TRUSTED;
        }
        Header found = null;
        for (Header h : headers) {
            if (h.key().equalsIgnoreCase(AUTHORIZATION)) {
                if (found != null) {
                    return new Sender.Unverified("the record has more than one authorization header");
                }
                found = h;
            }
        }
        if (found == null || found.value() == null) {
            return new Sender.Unverified("the record needs an authorization header with Bearer <JWT>: the commands topic"
                    + " takes verified actors only (--command-auth token)");
        }
        String value;
        try {
            value = utf8.reset().decode(ByteBuffer.wrap(found.value())).toString();
        } catch (CharacterCodingException e) {
            return new Sender.Unverified("the authorization header is not UTF-8");
        }
        return tokens.get().verify(value, appendedAt);
    }

    /** Whether a header carries a token: dead letters leave such headers out. */
    static boolean isAuthorization(Header h) {
        return h.key().equalsIgnoreCase(AUTHORIZATION);
    }
}
