package com.fleetfusion.events;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSignerTest {

    private static final String KEY = "known-answer-key-0123456789abcdef";
    private static final String OTHER_KEY = "another-signing-key-fedcba9876543210";
    private static final byte[] VALUE = ("{\"object\":\"event\",\"type\":\"user.updated\","
            + "\"data\":{\"id\":\"user_29w83sxmDNGwOuEthce5gg56FcC\"}}").getBytes(StandardCharsets.UTF_8);

    /*
     * Known answers computed outside this code, from the layout written out by hand:
     *   printf 'msg_2LzK4tm3E7ZVX7NnJgCq8hbvTq9\nclerk\nuser.updated\nuser_29w83sxmDNGwOuEthce5gg56FcC\n{...VALUE...}' \
     *     | openssl dgst -sha256 -hmac 'known-answer-key-0123456789abcdef' -binary | base64
     */
    @Test
    void signatureMatchesAnIndependentlyComputedHmac() {
        EventSigner signer = EventSigner.ofKeys(KEY);

        assertThat(signer.sign("msg_2LzK4tm3E7ZVX7NnJgCq8hbvTq9", "clerk", "user.updated",
                "user_29w83sxmDNGwOuEthce5gg56FcC", VALUE))
                .isEqualTo("v1,OaKa/plAJLLysDCsBAWcGGXY0wVTdSA96GORVUGKaY8=");
        // printf 'onb_1\nonboarding-service\norganizationMembership.created\norg_1:user_1\n' | openssl dgst ...
        assertThat(signer.sign("onb_1", "onboarding-service", "organizationMembership.created",
                ClerkEventKey.membership("org_1", "user_1"), new byte[0]))
                .isEqualTo("v1,FDREU1CRKOMBaF8rbabrx2lW/X9ZUfrbTrttfCksZVM=");
    }

    @Test
    void absentHeadersAndValueSignAsEmptyLines() {
        // printf '\n\n\n\n' | openssl dgst -sha256 -hmac 'known-answer-key-0123456789abcdef' -binary | base64
        assertThat(EventSigner.ofKeys(KEY).sign(null, null, null, null, null))
                .isEqualTo("v1,HQ4uwmDlLTDh6nLgqdhFpBRq6fVq7X0//2NY8E6R5lA=");
        assertThat(EventSigner.canonicalBytes(null, "", null, "", null))
                .isEqualTo("\n\n\n\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void canonicalBytesAreTheFourHeaderLinesThenTheValue() {
        assertThat(new String(EventSigner.canonicalBytes("msg_1", "clerk", "user.deleted", "user_1",
                "{}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("msg_1\nclerk\nuser.deleted\nuser_1\n{}");
    }

    @Test
    void aSignedRecordVerifies() {
        EventSigner signer = EventSigner.ofKeys(KEY);
        String signature = signer.sign("msg_1", "clerk", "user.updated", "user_1", VALUE);

        assertThat(signer.verify(signature, "msg_1", "clerk", "user.updated", "user_1", VALUE)).isTrue();
    }

    @Test
    void anyChangedPartOfTheRecordFailsVerification() {
        EventSigner signer = EventSigner.ofKeys(KEY);
        String signature = signer.sign("msg_1", "clerk", "user.updated", "user_1", VALUE);
        byte[] tampered = VALUE.clone();
        tampered[tampered.length - 3] ^= 1;

        assertThat(signer.verify(signature, "msg_2", "clerk", "user.updated", "user_1", VALUE)).isFalse();
        assertThat(signer.verify(signature, "msg_1", "onboarding-service", "user.updated", "user_1", VALUE)).isFalse();
        assertThat(signer.verify(signature, "msg_1", "clerk", "user.deleted", "user_1", VALUE)).isFalse();
        assertThat(signer.verify(signature, "msg_1", "clerk", "user.updated", "user_2", VALUE)).isFalse();
        assertThat(signer.verify(signature, "msg_1", "clerk", "user.updated", "user_1", tampered)).isFalse();
    }

    @Test
    void aLineBreakInsideASignedLineIsRefused() {
        // else "a\nb","c" and "a","b\nc" would have the same canonical bytes
        EventSigner signer = EventSigner.ofKeys(KEY);
        String signature = signer.sign("a", "b", "c", "d", VALUE);

        assertThatThrownBy(() -> signer.sign("a\nb", "c", "d", "e", VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(signer.verify(signature, "a\nb", "c", "d", null, VALUE)).isFalse();
        assertThat(signer.verify(signature, "a", "b", "c", "d", VALUE)).isTrue();
    }

    @Test
    void missingOrMalformedSignaturesFailVerification() {
        EventSigner signer = EventSigner.ofKeys(KEY);
        String signature = signer.sign("msg_1", "clerk", "user.updated", "user_1", VALUE);

        assertThat(signer.verify(null, "msg_1", "clerk", "user.updated", "user_1", VALUE)).isFalse();
        assertThat(signer.verify("", "msg_1", "clerk", "user.updated", "user_1", VALUE)).isFalse();
        assertThat(signer.verify(signature.substring(3), "msg_1", "clerk", "user.updated", "user_1", VALUE)).isFalse();
        assertThat(signer.verify("v2," + signature.substring(3), "msg_1", "clerk", "user.updated", "user_1", VALUE))
                .isFalse();
        assertThat(signer.verify("v1,not base64!", "msg_1", "clerk", "user.updated", "user_1", VALUE)).isFalse();
        assertThat(signer.verify("v1,", "msg_1", "clerk", "user.updated", "user_1", VALUE)).isFalse();
    }

    @Test
    void theFirstKeySignsAndEveryListedKeyVerifies() {
        EventSigner oldSigner = EventSigner.ofKeys(OTHER_KEY);
        EventSigner rotated = EventSigner.ofKeys(KEY + " , " + OTHER_KEY);
        String oldSignature = oldSigner.sign("msg_1", "clerk", "user.updated", "user_1", VALUE);

        assertThat(rotated.keyCount()).isEqualTo(2);
        assertThat(rotated.verify(oldSignature, "msg_1", "clerk", "user.updated", "user_1", VALUE)).isTrue();
        assertThat(rotated.sign("msg_1", "clerk", "user.updated", "user_1", VALUE))
                .isEqualTo(EventSigner.ofKeys(KEY).sign("msg_1", "clerk", "user.updated", "user_1", VALUE))
                .isNotEqualTo(oldSignature);
    }

    @Test
    void aRemovedKeyNoLongerVerifies() {
        String oldSignature = EventSigner.ofKeys(OTHER_KEY).sign("msg_1", "clerk", "user.updated", "user_1", VALUE);

        assertThat(EventSigner.ofKeys(KEY).verify(oldSignature, "msg_1", "clerk", "user.updated", "user_1", VALUE))
                .isFalse();
    }

    @Test
    void noKeyOrAShortKeyIsRefusedWithoutNamingIt() {
        assertThatThrownBy(() -> EventSigner.ofKeys((String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no signing key");
        assertThatThrownBy(() -> EventSigner.ofKeys(" , ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no signing key");
        assertThatThrownBy(() -> EventSigner.ofKeys(KEY + ",short-secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 2 is shorter than 32 bytes")
                .hasMessageNotContaining("short-secret");
    }
}
