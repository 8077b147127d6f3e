package com.fleetfusion.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fleetfusion.ingest.model.SvixHeaders;
import com.fleetfusion.ingest.model.WebhookRejectedException;
import com.fleetfusion.ingest.service.SvixSignatureVerifier;
import com.svix.Webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Svix's published test vector (docs/clerk-facts.md, "Svix test vector") against the library and the verifier's time
 * check.
 */
class SvixTestVectorTest {

    static final String SECRET = "whsec_plJ3nmyCDGBKInavdOK15jsl";
    static final String PAYLOAD = "{\"event_type\":\"ping\",\"data\":{\"success\":true}}";
    static final String ID = "msg_loFOjxBNrRLzqYUf";
    static final long TIMESTAMP = 1731705121;
    static final String SIGNATURE = "v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=";

    @Test
    void svixLibraryComputesThePublishedSignature() throws Exception {
        assertThat(new Webhook(SECRET).sign(ID, TIMESTAMP, PAYLOAD)).isEqualTo(SIGNATURE);
    }

    @Test
    void verifierRefusesTheVectorForItsAgeNotItsSignature() {
        SvixSignatureVerifier verifier = new SvixSignatureVerifier(List.of(SECRET));
        SvixHeaders headers = new SvixHeaders(ID, Long.toString(TIMESTAMP), SIGNATURE);
        byte[] body = PAYLOAD.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(headers, body, System.currentTimeMillis()))
                .isInstanceOf(WebhookRejectedException.TimestampOutOfTolerance.class);
    }

    @Test
    void verifierAcceptsAnyEntryOfAMultiSignatureHeader() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String valid = new Webhook(SECRET).sign(ID, now, PAYLOAD);
        SvixHeaders headers = new SvixHeaders(ID, Long.toString(now), "v1,bm90LXRoaXMtb25l " + valid);

        new SvixSignatureVerifier(List.of(ClerkDeliveries.SECRET_ONE, SECRET))
                .verify(headers, PAYLOAD.getBytes(StandardCharsets.UTF_8), now * 1000);
    }

    @Test
    void verifierRefusesASecretThatIsNotAWhsecKeyWithoutEchoingIt() {
        assertThatThrownBy(() -> new SvixSignatureVerifier(List.of("whsec_!!!not-base64!!!")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("not-base64");
    }
}
