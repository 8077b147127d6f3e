package com.fleetfusion.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProductionSettingsTest {

    private static final Map<String, String> SAFE = Map.of(
            "CLERK_ISSUER", "https://clerk.fleetfusion.example",
            "CLERK_AUTHORIZED_PARTIES", "https://app.fleetfusion.example",
            "CLERK_API_URL", "https://api.clerk.com",
            "CLERK_SECRET_KEY", "sk_live_0123456789abcdef",
            "DB_PASSWORD", "a-password-of-its-own",
            "CLERK_WEBHOOK_SECRETS", "whsec_c2VjcmV0LW9mLXRoaXMtZW5kcG9pbnQ=");

    private static List<String> violations(Map<String, String> env) {
        return new ProductionSettings(name -> Optional.ofNullable(env.get(name)))
                .clerkSessionsBackendApiAndDatabase().webhookSecrets().violations();
    }

    private static Map<String, String> safeWith(String name, String value) {
        Map<String, String> env = new HashMap<>(SAFE);
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return env;
    }

    @Test
    void safeSettingsPass() {
        assertThat(violations(SAFE)).isEmpty();
    }

    @Test
    void loopbackHttpIsAllowed() {
        Map<String, String> env = safeWith("CLERK_ISSUER", "http://localhost:8090");
        env.put("CLERK_API_URL", "http://127.0.0.1:8090");
        env.put("CLERK_JWKS_URL", "http://[::1]:8090/.well-known/jwks.json");
        assertThat(violations(env)).isEmpty();
    }

    @Test
    void emptySettingsNameEveryMissingVariableAtOnce() {
        assertThat(violations(Map.of())).hasSize(5).allSatisfy(line -> assertThat(line).contains(" is unset"))
                .anySatisfy(line -> assertThat(line).startsWith("CLERK_ISSUER "))
                .anySatisfy(line -> assertThat(line).startsWith("CLERK_AUTHORIZED_PARTIES "))
                .anySatisfy(line -> assertThat(line).startsWith("CLERK_SECRET_KEY "))
                .anySatisfy(line -> assertThat(line).startsWith("DB_PASSWORD "))
                .anySatisfy(line -> assertThat(line).startsWith("CLERK_WEBHOOK_SECRETS "));
    }

    @Test
    void blankCountsAsUnset() {
        assertThat(violations(safeWith("CLERK_AUTHORIZED_PARTIES", "  "))).singleElement().asString()
                .startsWith("CLERK_AUTHORIZED_PARTIES is unset");
    }

    @Test
    void aFixedKeyOrJwksUrlReplacesTheIssuer() {
        assertThat(violations(safeWith("CLERK_ISSUER", null))).singleElement().asString()
                .startsWith("CLERK_ISSUER is unset");
        Map<String, String> withKey = safeWith("CLERK_ISSUER", null);
        withKey.put("CLERK_JWT_KEY", "-----BEGIN PUBLIC KEY-----");
        assertThat(violations(withKey)).isEmpty();
        Map<String, String> withJwks = safeWith("CLERK_ISSUER", null);
        withJwks.put("CLERK_JWKS_URL", "https://clerk.fleetfusion.example/.well-known/jwks.json");
        assertThat(violations(withJwks)).isEmpty();
    }

    @Test
    void anyPartyWildcardIsRefused() {
        assertThat(violations(safeWith("CLERK_AUTHORIZED_PARTIES", "https://app.fleetfusion.example, *")))
                .singleElement().asString().startsWith("CLERK_AUTHORIZED_PARTIES contains *");
    }

    @Test
    void publicSecretsAreRefusedWithoutRepeatingThem() {
        List<String> lines = violations(Map.of(
                "CLERK_ISSUER", "https://clerk.fleetfusion.example",
                "CLERK_AUTHORIZED_PARTIES", "https://app.fleetfusion.example",
                "CLERK_SECRET_KEY", ProductionSettings.EMULATOR_SECRET_KEY,
                "DB_PASSWORD", ProductionSettings.WELL_KNOWN_DB_PASSWORD,
                "CLERK_WEBHOOK_SECRETS", "whsec_b3duLXNlY3JldA==,whsec_ZmxlZXRmdXNpb24tbG9jYWwtZGV2LW9ubHk="));
        assertThat(lines).hasSize(3)
                .anySatisfy(line -> assertThat(line).startsWith("CLERK_SECRET_KEY is the clerk-emulator's public key"))
                .anySatisfy(line -> assertThat(line).startsWith("DB_PASSWORD is the well-known password"))
                .anySatisfy(line -> assertThat(line).startsWith("CLERK_WEBHOOK_SECRETS contains a sample secret"))
                .noneSatisfy(line -> assertThat(line).containsAnyOf(ProductionSettings.EMULATOR_SECRET_KEY,
                        "whsec_ZmxlZXRm", "'postgres'"));
    }

    @Test
    void plainHttpToAnotherHostIsRefused() {
        Map<String, String> env = safeWith("CLERK_ISSUER", "http://clerk.fleetfusion.example");
        env.put("CLERK_API_URL", "http://api.clerk.com");
        env.put("CLERK_JWKS_URL", "http://10.0.0.7/.well-known/jwks.json");
        assertThat(violations(env)).containsExactlyInAnyOrder(
                "CLERK_ISSUER is plain http:// to clerk.fleetfusion.example, not a loopback host: use https://",
                "CLERK_JWKS_URL is plain http:// to 10.0.0.7, not a loopback host: use https://",
                "CLERK_API_URL is plain http:// to api.clerk.com, not a loopback host: use https://");
    }

    @Test
    void refusesInProductionWarnsInTheLocalProfileIgnoresDevAndTest() {
        ProductionSettings unsafe = new ProductionSettings(name -> Optional.empty()).authorizedParties();
        assertThatThrownBy(() -> unsafe.enforce("tenant-store", List.of("prod")))
                .isInstanceOf(UnsafeSettingsException.class)
                .hasMessage("tenant-store refuses to start in production: 1 missing or unsafe setting(s), each logged above");
        assertThatThrownBy(() -> unsafe.enforce("tenant-store", List.of("staging")))
                .isInstanceOf(UnsafeSettingsException.class);
        assertThatCode(() -> unsafe.enforce("tenant-store", List.of("local", "prod"))).doesNotThrowAnyException();
        assertThatCode(() -> unsafe.enforce("tenant-store", List.of("dev"))).doesNotThrowAnyException();
        assertThatCode(() -> unsafe.enforce("tenant-store", List.of("test"))).doesNotThrowAnyException();
    }
}
