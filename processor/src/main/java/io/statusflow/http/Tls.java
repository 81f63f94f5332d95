package io.statusflow.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The HTTP API's own TLS ({@code --http-tls-cert}, {@code --http-tls-key}), for deployments without
 * a proxy that terminates it: a PEM certificate chain and its PKCS#8 PEM key, as Kafka's own PEM
 * support takes them. Serves TLS 1.2 and 1.3 only. Reads and polls forwarded between instances
 * use it too, trusting the JDK's certificate authorities and the certificates of the chain given
 * (instances that share a certificate, or its CA, trust each other), with host names checked.
 */
public final class Tls {

    /** Protocols served and spoken: nothing older than TLS 1.2. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final char[] NO_PASSWORD = new char[0];

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final boolean keyReadableByOthers;

    private Tls(List<X509Certificate> chain, PrivateKey key, boolean keyReadableByOthers) {
        this.chain = chain;
        this.key = key;
        this.keyReadableByOthers = keyReadableByOthers;
    }

    /** A file is not what it should be: the message says which and why, for the one line of exit 2. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static Tls read(Path certFile, Path keyFile) throws Invalid {
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certFile)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new Invalid("cannot read certificate file " + certFile + ": " + reason(e));
        }
        if (chain.isEmpty()) {
            throw new Invalid("certificate file " + certFile + " holds no PEM certificate");
        }
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new Invalid("cannot read key file " + keyFile + ": " + reason(e));
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")
                || pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new Invalid("key file " + keyFile + " must be an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it"
                    + " with: openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key.pkcs8.pem");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new Invalid("key file " + keyFile + " holds no PEM private key (BEGIN PRIVATE KEY)");
        }
        PrivateKey key = null;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
            String alg = chain.get(0).getPublicKey().getAlgorithm();
            key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!belongs(key, chain.get(0))) {
                key = null;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            key = null;
        }
        if (key == null) {
            throw new Invalid("key file " + keyFile + " does not hold the private key of the first certificate of " + certFile);
        }
        return new Tls(List.copyOf(chain), key, readableByOthers(keyFile));
    }

    /** Whether the key file may be read by other users than its owner (a warning at start). */
    public boolean keyReadableByOthers() {
        return keyReadableByOthers;
    }

    /** For servers: this certificate and key. */
    public SSLContext serverContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("statusflow", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /** For forwarding to other instances: the JDK's authorities and this chain's certificates. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            for (int i = 0; i < chain.size(); i++) {
                own.setCertificateEntry("chain-" + i, chain.get(i));
            }
            TrustManagerFactory ours = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            ours.init(own);
            X509TrustManager a = (X509TrustManager) jdk.getTrustManagers()[0];
            X509TrustManager b = (X509TrustManager) ours.getTrustManagers()[0];
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new EitherTrust(a, b)}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS client context: " + e.getMessage(), e);
        }
    }

    /** A Jetty connector that serves HTTPS only, TLS 1.2 and 1.3, with this certificate. */
    org.eclipse.jetty.server.ServerConnector connector(org.eclipse.jetty.server.Server server,
            org.eclipse.jetty.server.HttpConfiguration http, String host, int port) {
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setSslContext(serverContext());
        ssl.setIncludeProtocols(PROTOCOLS);
        org.eclipse.jetty.server.SecureRequestCustomizer secure = new org.eclipse.jetty.server.SecureRequestCustomizer();
        // Pods are reached by many names (service, pod, IP); the client checks the certificate's names.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        org.eclipse.jetty.server.ServerConnector c = new org.eclipse.jetty.server.ServerConnector(server,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    private static boolean belongs(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        byte[] probe = "statusflow".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert.getPublicKey());
        v.update(probe);
        return v.verify(sig);
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            // Group read is how Kubernetes gives a secret to a non-root pod (fsGroup); others are anyone.
            return p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Trusts a chain either trust manager trusts. */
    private static final class EitherTrust implements X509TrustManager {
        private final X509TrustManager a;
        private final X509TrustManager b;

        EitherTrust(X509TrustManager a, X509TrustManager b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            a.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                a.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                b.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(a.getAcceptedIssuers()));
            all.addAll(List.of(b.getAcceptedIssuers()));
            return all.toArray(X509Certificate[]::new);
        }
    }
}
