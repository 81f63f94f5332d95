package io.statusflow.ssf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Push endpoints: https on public addresses only, unless the operator allows otherwise. */
class PushEndpointsTest {

    private static final Map<String, String> DNS = Map.of("receiver.example", "203.0.113.10",
            "rebound.example", "10.1.2.3", "metadata.example", "169.254.169.254");

    private static final PushEndpoints STRICT = new PushEndpoints(false, host -> {
        String ip = DNS.get(host);
        if (ip == null) {
            return InetAddress.getAllByName(host); // literal addresses only here: no lookups in tests
        }
        return new InetAddress[] {InetAddress.getByName(ip)};
    });

    @Test
    void an_https_url_on_a_public_address_is_taken() throws Exception {
        assertEquals("https://receiver.example/ssf/push", STRICT.check("https://receiver.example/ssf/push").toString());
        assertEquals("https://203.0.113.10:8443/events?x=1", STRICT.check("https://203.0.113.10:8443/events?x=1").toString());
    }

    @Test
    void plain_http_private_loopback_link_local_and_odd_urls_are_refused() {
        for (String url : List.of("http://receiver.example/push", "ftp://receiver.example/", "https://rebound.example/",
                "https://metadata.example/latest", "https://127.0.0.1/", "https://[::1]/", "https://10.0.0.1/",
                "https://172.16.5.4/", "https://192.168.1.1/", "https://169.254.1.1/", "https://100.64.0.1/",
                "https://0.0.0.0/", "https://[fd00::1]/", "https://[fe80::1]/", "https://[::ffff:10.0.0.1]/",
                "https://user:pw@receiver.example/", "https://receiver.example/#frag", "not a url", "https:///path",
                "https://receiver.example/" + "a".repeat(PushEndpoints.MAX_URL))) {
            assertThrows(Refused.class, () -> STRICT.check(url), url);
        }
    }

    @Test
    void the_operator_may_allow_http_and_private_addresses() throws Exception {
        PushEndpoints open = new PushEndpoints(true, host -> {
            throw new UnknownHostException(host);
        });
        assertEquals("http://localhost:9999/push", open.check("http://localhost:9999/push").toString());
        assertThrows(Refused.class, () -> open.check("ftp://localhost/"));
    }

    @Test
    void public_means_none_of_the_special_ranges() throws Exception {
        assertTrue(PushEndpoints.isPublic(InetAddress.getByName("8.8.8.8")));
        assertTrue(PushEndpoints.isPublic(InetAddress.getByName("2001:4860:4860::8888")));
        assertFalse(PushEndpoints.isPublic(InetAddress.getByName("198.18.0.1")));
        assertFalse(PushEndpoints.isPublic(InetAddress.getByName("224.0.0.1")));
        assertFalse(PushEndpoints.isPublic(InetAddress.getByName("::")));
    }
}
