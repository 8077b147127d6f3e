import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves the FleetFusion SPA (this folder, with Clerk's browser SDK in {@code node_modules} from {@code npm ci}) on
 * its own origin, with nothing but a JDK: {@code java spa/Serve.java [port [folder]]} (default 5173, loopback only).
 * No bundler. {@code /config.json} tells the page, from the environment of this process only: {@code SPA_GATEWAY_URL}
 * (default http://localhost:8080), {@code SPA_PUBLISHABLE_KEY} (the Clerk instance; default the emulator's) and
 * {@code SPA_CLERK_PROXY_URL} (clerk-js's proxyUrl; default http://localhost:8090 with the emulator's key, none with
 * a key of one's own, so that a real Clerk instance is reached at the host its key names).
 */
public class Serve {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** The browser SDK's self-contained ES module, imported by app.js. */
    private static final String CLERK_JS = "node_modules/@clerk/clerk-js/dist/clerk.no-rhc.mjs";

    /**
     * The emulator's publishable key: {@code pk_live_} (no development-browser handshake) + base64 of a Frontend API
     * host that contains a dot, as clerk-js requires; with a proxyUrl the host is never called.
     */
    private static final String EMULATOR_KEY = "pk_live_" + java.util.Base64.getEncoder()
            .encodeToString("clerk.fleetfusion.localhost$".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5173;
        // the folder to serve: the second argument, else spa/ under the working directory, else the working directory
        Path base = (args.length > 1 ? Path.of(args[1])
                : Files.isRegularFile(Path.of("spa", "index.html")) ? Path.of("spa") : Path.of("."))
                .toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        if (!Files.isRegularFile(base.resolve(CLERK_JS))) {
            System.err.println("warning: " + base.resolve(CLERK_JS) + " is missing: run `npm ci` in " + base);
        }
        String key = setting("SPA_PUBLISHABLE_KEY", null);
        String proxy = setting("SPA_CLERK_PROXY_URL", key == null ? "http://localhost:8090" : null);
        byte[] config = ("{\"gateway\":" + jsonString(setting("SPA_GATEWAY_URL", "http://localhost:8080"))
                + ",\"publishableKey\":" + jsonString(key == null ? EMULATOR_KEY : key)
                + ",\"proxyUrl\":" + (proxy == null ? "null" : jsonString(proxy)) + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        server.createContext("/config.json", exchange -> send(exchange, "application/json", config));
        server.createContext("/", exchange -> serve(base, exchange));
        server.start();
        System.out.println("FleetFusion SPA on http://localhost:" + port + "/ (serving " + base + ")");
    }

    private static void serve(Path root, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Path file = root.resolve(path.substring(1)).normalize();
        // every route of the SPA (/, /onboarding, /{orgId}/dashboard/{userId}) is index.html
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            file = root.resolve("index.html");
        }
        String name = file.getFileName().toString();
        String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
        send(exchange, type, Files.readAllBytes(file));
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A URL as a JSON string: only what a URL may hold, so escaping quotes and backslashes is enough. */
    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
