package io.statusflow.ssf;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keys that sign SETs: the first of a JWK Set signs, all of them are published, so a key is
 * rotated by adding the new one second, waiting for receivers to fetch the JWKS, then moving it
 * first. RSA of 2,048 bits or more signs RS256 (the interoperability profile's only algorithm),
 * P-256 signs ES256. A key without a {@code kid} gets its RFC 7638 thumbprint.
 */
public final class SigningKeys {

    /** A key file that cannot be used, with why, for one line at start. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    static final JOSEObjectType SECEVENT = new JOSEObjectType("secevent+jwt");
    private static final int MIN_RSA_BITS = 2048;

    private final List<JWK> keys;
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;

    private SigningKeys(List<JWK> keys) throws Invalid {
        this.keys = List.copyOf(keys);
        JWK first = keys.get(0);
        try {
            if (first instanceof RSAKey rsa) {
                algorithm = JWSAlgorithm.RS256;
                signer = new RSASSASigner(rsa);
            } else {
                algorithm = JWSAlgorithm.ES256;
                signer = new ECDSASigner((ECKey) first);
            }
        } catch (JOSEException e) {
            throw new Invalid("the signing key cannot sign: " + e.getMessage());
        }
    }

    /** The keys of a private JWK or JWK Set file. */
    public static SigningKeys read(Path file) throws Invalid {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid("cannot read the SSF signing key " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static SigningKeys parse(String text, String name) throws Invalid {
        List<JWK> parsed;
        try {
            Map<String, Object> json = com.nimbusds.jose.util.JSONObjectUtils.parse(text);
            parsed = json.containsKey("keys") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
        } catch (ParseException e) {
            throw new Invalid(name + " is not a JWK or a JWK Set: " + e.getMessage());
        }
        if (parsed.isEmpty()) {
            throw new Invalid(name + " holds no key");
        }
        List<JWK> keys = new ArrayList<>();
        for (JWK k : parsed) {
            keys.add(checked(k, name));
        }
        return new SigningKeys(keys);
    }

    /**
     * The try-it mode's key: read from {@code file}, or made once (RSA, 2,048 bits) and kept there,
     * readable by its owner only, so that receivers' cached keys stay valid across restarts.
     */
    public static SigningKeys readOrCreate(Path file) throws Invalid {
        if (Files.exists(file)) {
            return read(file);
        }
        try {
            RSAKey key = new RSAKeyGenerator(MIN_RSA_BITS).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "ssf-key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the directory's own permissions protect it.
            }
            Files.writeString(tmp, new JWKSet(key).toString(false), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new SigningKeys(List.of(key));
        } catch (JOSEException | IOException e) {
            throw new Invalid("cannot make the SSF signing key " + file + ": " + e.getMessage());
        }
    }

    private static JWK checked(JWK k, String name) throws Invalid {
        if (!k.isPrivate()) {
            throw new Invalid(name + ": key " + k.getKeyID() + " has no private part; SETs are signed with it");
        }
        if (k.getKeyUse() != null && k.getKeyUse() != KeyUse.SIGNATURE) {
            throw new Invalid(name + ": key " + k.getKeyID() + " is not for signatures (use " + k.getKeyUse() + ")");
        }
        try {
            if (k instanceof RSAKey rsa) {
                if (rsa.size() < MIN_RSA_BITS) {
                    throw new Invalid(name + ": an RSA key needs " + MIN_RSA_BITS + " bits or more, not " + rsa.size());
                }
                return new RSAKey.Builder(rsa).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE)
                        .keyID(rsa.getKeyID() != null ? rsa.getKeyID() : rsa.computeThumbprint().toString()).build();
            }
            if (k instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                return new ECKey.Builder(ec).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE)
                        .keyID(ec.getKeyID() != null ? ec.getKeyID() : ec.computeThumbprint().toString()).build();
            }
        } catch (JOSEException e) {
            throw new Invalid(name + ": " + e.getMessage());
        }
        throw new Invalid(name + ": a signing key must be RSA (RS256) or EC P-256 (ES256), not " + k.getKeyType()
                + (k instanceof ECKey ec ? " " + ec.getCurve() : ""));
    }

    /** The public keys, with {@code kid}, {@code alg} and {@code use}, as {@code /ssf/jwks.json} serves them. */
    public String publicJwks() {
        return new JWKSet(keys.stream().map(JWK::toPublicJWK).toList()).toString(true);
    }

    /** The SET signed with the first key. */
    public String sign(Map<String, Object> claims) {
        try {
            JWTClaimsSet set = JWTClaimsSet.parse(claims);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(SECEVENT).keyID(keys.get(0).getKeyID())
                    .build(), set);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("cannot sign a SET: " + e.getMessage(), e);
        }
    }
}
