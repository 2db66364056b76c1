package io.edgeworks.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * One audit entry; {@code id} is the cursor for {@code ?before=}. {@code actor} is the user; {@code token} the account
 * API token the change came through (null for the user's own login and for the platform).
 */
public record AuditEntryView(long id, String actor, String action, String target, JsonNode summary, Instant createdAt,
                             @Schema(nullable = true, description = "The account API token the change was made through; null for a user's own login")
                             Token token) {

    /** An account API token, as the entry names it (its name at the time of the change). */
    @Schema(name = "AuditEntryToken")
    public record Token(String id, String name) {
    }
}
