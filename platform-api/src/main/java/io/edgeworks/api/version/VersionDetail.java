package io.edgeworks.api.version;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;

/** One version in full. {@code secrets} lists names only: values are never returned. */
public record VersionDetail(int number, UUID id, Instant createdAt, String author, Annotations annotations, String hostname,
                            String digest, String mainModule, SortedMap<String, String> modules, SortedMap<String, String> vars,
                            List<String> secrets, List<BindingRequest> bindings, CreateVersion.LimitsBody limits) {
}
