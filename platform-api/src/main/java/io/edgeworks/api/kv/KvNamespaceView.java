package io.edgeworks.api.kv;

import java.time.Instant;
import java.util.UUID;

/** A KV namespace; {@code id} names its Redis hash. */
public record KvNamespaceView(UUID id, String name, Instant createdAt) {
}
