package io.statusflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The benchmark's receivers name each SET's subject as the latency matching expects, and never take garbage as a SET. */
class SsfReceiversTest {

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    private static final String EVENT = "\"events\":{\"https://schemas.openid.net/secevent/risc/event-type/account-disabled\":"
            + "{\"reason_admin\":{\"en\":\"load 7\"}}}";

    @Test
    void namesTheSubjectOfEachFormat() {
        SsfReceivers.Arrival issSub = SsfReceivers.Receiver.decode(jwt("{\"sub_id\":{\"format\":\"iss_sub\",\"iss\":\"i\","
                + "\"sub\":\"u1\"}," + EVENT + "}"), 5);
        assertEquals(new SsfReceivers.Arrival("u1", "https://schemas.openid.net/secevent/risc/event-type/account-disabled",
                "load 7", 5), issSub);
        assertEquals("t1", SsfReceivers.Receiver.decode(jwt("{\"sub_id\":{\"format\":\"complex\",\"tenant\":{\"format\":"
                + "\"opaque\",\"id\":\"t1\"}}," + EVENT + "}"), 0).subject());
        assertEquals("u2", SsfReceivers.Receiver.decode(jwt("{\"sub_id\":{\"format\":\"complex\",\"user\":{\"format\":"
                + "\"iss_sub\",\"iss\":\"i\",\"sub\":\"u2\"},\"tenant\":{\"format\":\"opaque\",\"id\":\"t1\"}}," + EVENT + "}"), 0)
                .subject());
        assertEquals("", SsfReceivers.Receiver.decode(jwt("{\"sub_id\":{\"format\":\"opaque\",\"id\":\"x\"}}"), 0).type());
    }

    @Test
    void somethingElseIsCountedAndFailsTheStrictRead() {
        SsfReceivers.Receiver r = new SsfReceivers.Receiver();
        r.add("not.a-jwt", 1);
        r.add("", 2);
        assertEquals(2, r.size());
        assertEquals(SsfReceivers.NOT_A_SET, r.arrivals.get(1).type());
        assertThrows(IllegalStateException.class, r::sets);
    }
}
