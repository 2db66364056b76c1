package io.edgeworks.api.domain;

import java.time.Instant;

/** A domain the account holds. */
public record DomainView(String name, Instant createdAt) {
}
