package io.edgeworks.api.version;

import java.time.Instant;
import java.util.UUID;

/** A version as lists and write calls answer it. */
public record VersionView(int number, UUID id, Instant createdAt, String author, Annotations annotations, String hostname,
                          String digest) {
}
