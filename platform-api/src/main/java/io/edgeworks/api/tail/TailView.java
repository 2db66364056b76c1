package io.edgeworks.api.tail;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A started tail: its id, the WebSocket URL that is its credential, and when it ends. */
@Schema(description = "A live tail. `url` is a WebSocket URL (subprotocol `trace-v1`) that needs no other credential: "
        + "keep it secret. It works until `expires_at` and stops when its socket disconnects.")
public record TailView(
        @Schema(description = "The tail id (also the last path segment of `url`)") String id,
        @Schema(description = "WebSocket URL streaming the events, one JSON text message per event", example = "ws://127.0.0.1:8080/tails/Xy…")
        String url,
        @JsonProperty("expires_at") @Schema(description = "When the tail ends (the socket is closed then)") Instant expiresAt) {
}
