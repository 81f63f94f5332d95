import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.util.Set;

/**
 * Example Shared Signals receiver check: verifies one SET as a receiver must before acting on it.
 *
 * <pre>java -cp processor/target/statusflow.jar deploy/examples/VerifySet.java ISSUER AUDIENCE SET</pre>
 *
 * What it checks, with any JOSE library (this one is Nimbus, which statusflow ships):
 * - the signature, with a key of the transmitter's JWKS ({@code ISSUER/ssf/jwks.json}, as its
 *   metadata's {@code jwks_uri} says), RS256 or ES256 only: never {@code alg: none} or a MAC;
 * - the header's {@code typ} is {@code secevent+jwt} (RFC 8417), so no other kind of JWT passes;
 * - {@code iss} is the transmitter and {@code aud} the receiver; {@code iat}, {@code jti} and
 *   {@code events} are present. A SET has no {@code exp}: deduplicate on {@code jti}.
 * Prints the SET's events and exits 0, or says why not and exits 1.
 */
public final class VerifySet {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: VerifySet ISSUER AUDIENCE SET");
            System.exit(2);
        }
        String issuer = args[0];
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("secevent+jwt")));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                JWKSourceBuilder.create(URI.create(issuer + "/ssf/jwks.json").toURL()).build()));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(args[1],
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("iat", "jti", "events")));
        try {
            JWTClaimsSet claims = p.process(args[2], null);
            System.out.println("verified: jti " + claims.getJWTID() + ", events " + claims.getJSONObjectClaim("events").keySet());
        } catch (Exception e) {
            System.out.println("not verified: " + e.getMessage());
            System.exit(1);
        }
    }
}
