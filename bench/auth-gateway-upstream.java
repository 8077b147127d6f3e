import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The trivial upstream of bench/auth-gateway.sh: a Vert.x HTTP server answering every request with a small JSON body.
 * Run with the gateway's own Vert.x jars: java -cp 'auth-gateway/target/quarkus-app/lib/main/*' this-file PORT
 */
public class AuthGatewayBenchUpstream {
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Buffer body = Buffer.buffer("{\"id\":\"user_bench\",\"object\":\"user\"}");
        Vertx vertx = Vertx.vertx();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < instances; i++) {
            vertx.createHttpServer().requestHandler(request -> request.response()
                    .putHeader("Content-Type", "application/json").end(body)).listen(port, "127.0.0.1");
        }
        System.out.println("upstream listening on " + port);
    }
}
