package io.edgeworks.api.tail;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * What the tail WebSocket ({@link TailSocket}) needs from the HTTP server, the only WebSocket platform-api serves:
 * the {@code trace-v1} subprotocol (echoed when the client asks for it; wrangler fails without the echo), unmasked
 * client frames accepted (wrangler sends its first frame unmasked, which RFC 6455 forbids), and no permessage-deflate
 * (not needed for small JSON messages). None of these changes plain HTTP requests.
 */
@ApplicationScoped
public class TailServerOptions implements HttpServerOptionsCustomizer {
    static final String SUBPROTOCOL = "trace-v1";

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        apply(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        apply(options);
    }

    static void apply(HttpServerOptions options) {
        options.setWebSocketSubProtocols(List.of(SUBPROTOCOL));
        options.setAcceptUnmaskedFrames(true);
        options.setPerMessageWebSocketCompressionSupported(false);
        options.setPerFrameWebSocketCompressionSupported(false);
    }
}
