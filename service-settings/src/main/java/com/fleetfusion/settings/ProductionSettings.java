package com.fleetfusion.settings;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.smallrye.config.SmallRyeConfig;

/**
 * The settings a packaged service refuses to run in production without: each rule a service calls adds one line per
 * missing or unsafe setting, naming the environment variable and why, never its value. {@link #enforce} logs every
 * line and throws, so that the start-up fails with all of them at once.
 */
public final class ProductionSettings {

    /** The clerk-emulator's Backend API key: published in this repository, so it protects nothing. */
    public static final String EMULATOR_SECRET_KEY = "sk_test_fleetfusion_emulator";
    /** The database password of every PostgreSQL image and tutorial. */
    public static final String WELL_KNOWN_DB_PASSWORD = "postgres";
    /** Signing secrets written in this repository (docker-compose.yml, webhook-ingest's dev and test profiles). */
    public static final Set<String> SAMPLE_WEBHOOK_SECRETS = Set.of(
            "whsec_ZmxlZXRmdXNpb24tbG9jYWwtZGV2LW9ubHk=",
            "whsec_dGVzdC1zZWNyZXQtb25lLTAxMjM0NTY3",
            "whsec_dGVzdC1zZWNyZXQtdHdvLTg5YWJjZGVm",
            "whsec_plJ3nmyCDGBKInavdOK15jsl");
    /**
     * The configuration profile that marks a deliberate local run of the packaged jars against the clerk-emulator
     * (docker-compose.yml, the dev Kubernetes overlay): the rules are logged as warnings instead of refusing.
     */
    public static final String LOCAL_PROFILE = "local";

    private static final Logger LOG = Logger.getLogger(ProductionSettings.class);

    /** The rules a service can name in {@code production-settings.rules} (as {@code clerk-issuer}, ...). */
    public enum Rule {
        CLERK_ISSUER(ProductionSettings::clerkIssuer),
        AUTHORIZED_PARTIES(ProductionSettings::authorizedParties),
        CLERK_BACKEND_API(ProductionSettings::clerkBackendApi),
        DATABASE_PASSWORD(ProductionSettings::databasePassword),
        WEBHOOK_SECRETS(ProductionSettings::webhookSecrets);

        private final Consumer<ProductionSettings> rule;

        Rule(Consumer<ProductionSettings> rule) {
            this.rule = rule;
        }

        void applyTo(ProductionSettings settings) {
            rule.accept(settings);
        }
    }

    private final Function<String, Optional<String>> settings;
    private final List<String> violations = new ArrayList<>();

    /** @param settings the value of an environment variable by name, empty when unset (a blank value counts as unset) */
    public ProductionSettings(Function<String, Optional<String>> settings) {
        this.settings = name -> settings.apply(name).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** The settings as the running service sees them: environment, system properties, {@code .env}. */
    public static ProductionSettings fromConfig() {
        return new ProductionSettings(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
    }

    /**
     * The rules of a service that verifies Clerk sessions, calls the Backend API and logs in to PostgreSQL
     * (onboarding-service, tenant-store).
     */
    public ProductionSettings clerkSessionsBackendApiAndDatabase() {
        return clerkIssuer().authorizedParties().clerkBackendApi().databasePassword();
    }

    /** The session-token issuer: CLERK_ISSUER (or a fixed key or JWKS URL) set, each reached over https. */
    public ProductionSettings clerkIssuer() {
        Optional<String> issuer = settings.apply("CLERK_ISSUER");
        if (issuer.isEmpty() && settings.apply("CLERK_JWT_KEY").isEmpty() && settings.apply("CLERK_JWKS_URL").isEmpty()) {
            violations.add("CLERK_ISSUER is unset (and so are CLERK_JWT_KEY and CLERK_JWKS_URL): session tokens would"
                    + " be verified against the local clerk-emulator's default http://localhost:8090");
        }
        issuer.ifPresent(url -> secureUrl("CLERK_ISSUER", url));
        settings.apply("CLERK_JWKS_URL").ifPresent(url -> secureUrl("CLERK_JWKS_URL", url));
        return this;
    }

    /** CLERK_AUTHORIZED_PARTIES names the origins whose tokens are accepted; unset or {@code *} accepts any azp. */
    public ProductionSettings authorizedParties() {
        Optional<String> parties = settings.apply("CLERK_AUTHORIZED_PARTIES");
        if (parties.isEmpty()) {
            violations.add("CLERK_AUTHORIZED_PARTIES is unset: session tokens minted for any origin (azp) would be"
                    + " accepted; name the application's origins, comma-separated");
        } else if (Arrays.stream(parties.get().split(",")).map(String::strip).anyMatch("*"::equals)) {
            violations.add("CLERK_AUTHORIZED_PARTIES contains *: session tokens minted for any origin (azp) would be"
                    + " accepted; name the application's origins, comma-separated");
        }
        return this;
    }

    /** CLERK_SECRET_KEY set and not the emulator's public key; CLERK_API_URL, when set, reached over https. */
    public ProductionSettings clerkBackendApi() {
        Optional<String> key = settings.apply("CLERK_SECRET_KEY");
        if (key.isEmpty()) {
            violations.add("CLERK_SECRET_KEY is unset: the default is the clerk-emulator's public key");
        } else if (key.get().equals(EMULATOR_SECRET_KEY)) {
            violations.add("CLERK_SECRET_KEY is the clerk-emulator's public key, published in the repository: set the"
                    + " instance's secret key (sk_live_...)");
        }
        settings.apply("CLERK_API_URL").ifPresent(url -> secureUrl("CLERK_API_URL", url));
        return this;
    }

    /** DB_PASSWORD set and not the well-known {@value #WELL_KNOWN_DB_PASSWORD}. */
    public ProductionSettings databasePassword() {
        Optional<String> password = settings.apply("DB_PASSWORD");
        if (password.isEmpty()) {
            violations.add("DB_PASSWORD is unset: the default is the well-known password of the PostgreSQL images");
        } else if (password.get().equals(WELL_KNOWN_DB_PASSWORD)) {
            violations.add("DB_PASSWORD is the well-known password of the PostgreSQL images: give the service's"
                    + " database role a password of its own");
        }
        return this;
    }

    /** CLERK_WEBHOOK_SECRETS set, none of them a sample secret written in the repository. */
    public ProductionSettings webhookSecrets() {
        Optional<String> secrets = settings.apply("CLERK_WEBHOOK_SECRETS");
        if (secrets.isEmpty()) {
            violations.add("CLERK_WEBHOOK_SECRETS is unset: set the endpoint's whsec_ signing secret from the Clerk"
                    + " Dashboard");
        } else if (Arrays.stream(secrets.get().split(",")).map(String::strip).anyMatch(SAMPLE_WEBHOOK_SECRETS::contains)) {
            violations.add("CLERK_WEBHOOK_SECRETS contains a sample secret published in the repository: anybody could"
                    + " sign webhooks; set the endpoint's signing secret from the Clerk Dashboard");
        }
        return this;
    }

    /** The lines found so far, one per missing or unsafe setting. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /**
     * In production (a packaged jar: any profile but dev and test), logs each violation on a line of its own and throws
     * {@link UnsafeSettingsException} if there is any; in the {@value #LOCAL_PROFILE} profile only warns; in dev and
     * test does nothing, their defaults are meant for them.
     */
    public void enforce(String service) {
        enforce(service, ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles());
    }

    void enforce(String service, List<String> profiles) {
        if (violations.isEmpty() || profiles.contains("dev") || profiles.contains("test")) {
            return;
        }
        if (profiles.contains(LOCAL_PROFILE)) {
            violations.forEach(violation -> LOG.warn("Unsafe production setting, allowed in the " + LOCAL_PROFILE
                    + " profile only: " + violation));
            return;
        }
        violations.forEach(violation -> LOG.error("Unsafe production setting: " + violation));
        throw new UnsafeSettingsException(service + " refuses to start in production: " + violations.size()
                + " missing or unsafe setting(s), each logged above");
    }

    private void secureUrl(String name, String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            violations.add(name + " is not a URL");
            return;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            violations.add(name + " is not an absolute URL");
        } else if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost())) {
            violations.add(name + " is plain http:// to " + uri.getHost() + ", not a loopback host: use https://");
        }
    }

    private static boolean isLoopback(String host) {
        String name = host.toLowerCase();
        return name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.")
                || name.equals("[::1]") || name.equals("::1");
    }
}
