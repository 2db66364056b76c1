package io.edgeworks.api.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One audit entry; {@code id} is the cursor for {@code ?before=}. */
public record AuditEntryView(long id, String actor, String action, String target, JsonNode summary, Instant createdAt) {
}
