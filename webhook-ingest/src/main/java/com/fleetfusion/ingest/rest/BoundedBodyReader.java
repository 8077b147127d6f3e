package com.fleetfusion.ingest.rest;

import jakarta.inject.Singleton;

import com.fleetfusion.ingest.model.WebhookRejectedException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body on the event loop, never holding more than {@code limit} bytes: a declared Content-Length
 * over the limit is refused before any byte is read, and a chunked body is cut as soon as it passes the limit.
 * The resource method has no entity parameter, so Quarkus REST leaves the (paused) request body to this reader.
 */
@Singleton
public class BoundedBodyReader {

    private static final int INITIAL_CAPACITY = 4096;
    private static final long CLOSE_DELAY_MS = 1000;

    public Uni<byte[]> read(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        long declared = declaredLength(request);
        if (declared > limit) {
            return tooLarge(context, limit);
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer(declared >= 0 ? (int) declared : INITIAL_CAPACITY);
            boolean[] refused = { false };
            request.handler(chunk -> {
                if (refused[0]) {
                    return;
                }
                if ((long) body.length() + chunk.length() > limit) {
                    refused[0] = true;
                    request.pause();
                    closeAfterResponse(context);
                    emitter.fail(new WebhookRejectedException.PayloadTooLarge(limit));
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.exceptionHandler(failure -> {
                if (!refused[0]) {
                    refused[0] = true;
                    emitter.fail(failure);
                }
            });
            request.endHandler(ignored -> {
                if (!refused[0]) {
                    emitter.complete(body.getBytes());
                }
            });
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                context.response().writeContinue();
            }
            request.resume();
        });
    }

    private static Uni<byte[]> tooLarge(RoutingContext context, long limit) {
        closeAfterResponse(context);
        return Uni.createFrom().failure(new WebhookRejectedException.PayloadTooLarge(limit));
    }

    /**
     * The rest of the refused body is never read, so the HTTP/1 connection cannot carry another request. The answer
     * says {@code Connection: close}; the server closes it itself a moment later, leaving the client time to read the
     * 413 (closing a socket with unread input resets it, and a reset can destroy the answer in flight).
     */
    private static void closeAfterResponse(RoutingContext context) {
        if (context.request().version() != HttpVersion.HTTP_2) {
            context.addEndHandler(ignored -> context.vertx().setTimer(CLOSE_DELAY_MS,
                    timer -> context.request().connection().close()));
        }
    }

    private static long declaredLength(HttpServerRequest request) {
        String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed Content-Length itself
        }
    }
}
