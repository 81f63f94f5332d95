package io.statusflow.ssf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where a push stream may send SETs: an {@code https} URL on a public address. A receiver must not
 * make statusflow call into its own network (loopback, private, link-local, unique-local, shared
 * or multicast addresses) unless the operator allows it, as the try-it mode does. Checked when a
 * stream is written and again before each push, since a name may resolve elsewhere later.
 */
public final class PushEndpoints {

    /** Resolves a host name; the default asks the system resolver. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final int MAX_URL = 2_048;

    private final boolean allowInsecure;
    private final Resolver resolver;

    public PushEndpoints(boolean allowInsecure) {
        this(allowInsecure, InetAddress::getAllByName);
    }

    public PushEndpoints(boolean allowInsecure, Resolver resolver) {
        this.allowInsecure = allowInsecure;
        this.resolver = resolver;
    }

    public URI check(String url) throws Refused {
        if (url.length() > MAX_URL) {
            throw Refused.malformed("endpoint_url is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Refused.malformed("endpoint_url is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            throw Refused.malformed("endpoint_url must be an https URL" + (scheme.equals("http")
                    ? " (http needs the operator's --ssf-allow-insecure-push)" : ""));
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw Refused.malformed("endpoint_url must name a host, without user information or fragment");
        }
        if (!allowInsecure) {
            InetAddress[] addresses;
            try {
                addresses = resolver.resolve(uri.getHost());
            } catch (UnknownHostException e) {
                throw Refused.malformed("endpoint_url's host " + uri.getHost() + " does not resolve");
            }
            for (InetAddress a : addresses) {
                if (!isPublic(a)) {
                    throw Refused.malformed("endpoint_url's host " + uri.getHost() + " is a loopback, private or"
                            + " link-local address (" + a.getHostAddress() + "); allowed only with --ssf-allow-insecure-push");
                }
            }
        }
        return uri;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            // fc00::/7 (unique local), and IPv4 addresses mapped or embedded in IPv6 checked as IPv4.
            if ((b[0] & 0xfe) == 0xfc) {
                return false;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        // 0/8, 100.64/10 (shared, carrier-grade NAT), 192.0.0/24, 198.18/15 (benchmarking), 240/4.
        return first != 0 && !(first == 100 && second >= 64 && second < 128) && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                && !(first == 198 && (second == 18 || second == 19)) && first < 240;
    }
}
