import java.util.Locale;
import java.util.Set;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The reference proxy of bench/auth-gateway.sh: what one plain reverse-proxy hop costs on the machine, with no
 * authentication, routing table, metrics or Quarkus at all. Vert.x only, built like the gateway's own proxy: one HTTP
 * server and one keep-alive HttpClient per event loop (as many event loops as Quarkus gives the gateway: 2 per core),
 * request headers forwarded but the hop-by-hop ones, bodies streamed, a small answer with a Content-Length relayed in
 * one write. Run with the gateway's own Vert.x jars:
 *   java -cp 'auth-gateway/target/quarkus-app/lib/main/*' this-file PORT UPSTREAM_PORT
 */
public class AuthGatewayBenchReferenceProxy {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length");

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(() -> new Hop(port, upstreamPort), new DeploymentOptions().setInstances(eventLoops))
                .onSuccess(id -> System.out.println("reference proxy listening on " + port + " -> " + upstreamPort))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    static final class Hop extends AbstractVerticle {

        private final int port;
        private final int upstreamPort;
        private HttpClient client;

        Hop(int port, int upstreamPort) {
            this.port = port;
            this.upstreamPort = upstreamPort;
        }

        @Override
        public void start(io.vertx.core.Promise<Void> started) {
            client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(64));
            vertx.createHttpServer().requestHandler(this::forward).listen(port, "127.0.0.1")
                    .<Void>mapEmpty().onComplete(started);
        }

        private void forward(HttpServerRequest request) {
            request.pause();
            RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
                    .setPort(upstreamPort).setURI(request.uri());
            client.request(options).compose(upstream -> {
                request.headers().forEach(header -> {
                    if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                        upstream.headers().add(header.getKey(), header.getValue());
                    }
                });
                String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
                if (length == null && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                    request.resume();
                    return upstream.send();
                }
                if (length != null) {
                    upstream.putHeader(HttpHeaders.CONTENT_LENGTH, length);
                } else {
                    upstream.setChunked(true);
                }
                return upstream.send(request);
            }).onSuccess(upstream -> relay(request, upstream)).onFailure(failure -> {
                request.resume();
                request.response().setStatusCode(502).end();
            });
        }

        private static void relay(HttpServerRequest request, HttpClientResponse upstream) {
            var response = request.response().setStatusCode(upstream.statusCode());
            upstream.headers().forEach(header -> {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    response.headers().add(header.getKey(), header.getValue());
                }
            });
            String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.length() < 6) {
                // headers and body in one write, as the gateway does for small answers
                upstream.body().onSuccess(response::end).onFailure(failure -> response.reset());
            } else {
                response.setChunked(true);
                response.send(upstream).onFailure(failure -> response.reset());
            }
        }
    }
}
