package io.edgeworks.api.token;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Answer of {@code POST /api/accounts/{a}/tokens}: the token's fields plus {@code token}, the secret, shown this once. */
public record CreatedApiToken(UUID id, String name, List<String> scopes, String createdBy, Instant createdAt,
                              @Schema(nullable = true) Instant expiresAt, String status,
                              @Schema(description = "The secret: use it as 'Authorization: Bearer <token>'. It is shown only in this answer "
                                      + "and stored only as a hash.", example = "ewt_0123456789abcdef_...") String token) {

    static CreatedApiToken of(ApiTokenView view, String token) {
        return new CreatedApiToken(view.id(), view.name(), view.scopes(), view.createdBy(), view.createdAt(), view.expiresAt(),
                view.status(), token);
    }
}
