package io.edgeworks.api.token;

import io.edgeworks.api.audit.AuditLog;
import io.edgeworks.api.common.FieldErrors;
import io.edgeworks.api.common.ProblemException;
import io.edgeworks.api.quota.Quotas;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.edgeworks.api.security.TokenScopes;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Account API tokens: create (the secret is answered once and stored only as a hash), list, get, revoke. Who may:
 * creating needs role developer or higher (a token acts with at most its creator's current role, so a token never
 * grants more than its creator has); listing and reading any member; revoking the token's creator or an admin.
 * Creating and revoking need the user's own login: a token never manages tokens. Both are audited.
 */
@ApplicationScoped
public class ApiTokenService {
    private static final int MAX_NAME = 100;
    /**
     * Tokens one list shows: active ones are bounded by the quota, but expired ones stay until revoked, so the list
     * is bounded too (newest first).
     */
    static final int MAX_LISTED = 500;
    private static final Pattern TTL = Pattern.compile("(\\d{1,9})([smhd])");

    private final AccessGuard guard;
    private final ApiTokenRepository tokens;
    private final Quotas quotas;
    private final AuditLog audit;
    private final ApiTokenConfig config;
    private final ApiTokenUsage usage;

    public ApiTokenService(AccessGuard guard, ApiTokenRepository tokens, Quotas quotas, AuditLog audit, ApiTokenConfig config,
                           ApiTokenUsage usage) {
        this.guard = guard;
        this.tokens = tokens;
        this.quotas = quotas;
        this.audit = audit;
        this.config = config;
        this.usage = usage;
    }

    @WithTransaction
    public Uni<CreatedApiToken> create(String slug, CreateApiToken body) {
        guard.requireUserLogin("create API tokens");
        if (body == null) {
            throw ProblemException.invalid("name", "is required (body {\"name\": \"ci-deploy\", \"scopes\": [\"deploy\"], \"ttl\": \"90d\"})");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        FieldErrors errors = new FieldErrors();
        String name = body.name() == null ? null : body.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add("name", "is required");
        } else if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            errors.add("name", "must be 1-" + MAX_NAME + " characters without control characters");
        }
        TokenScopes scopes = null;
        try {
            scopes = TokenScopes.parse(body.scopes());
        } catch (IllegalArgumentException e) {
            errors.add("scopes", e.getMessage());
        }
        Instant expiresAt = expiry(body, now, errors);
        errors.throwIfAny();
        TokenScopes granted = scopes;
        return guard.require(slug, Role.DEVELOPER).call(quotas::requireApiTokenRoom).chain(access -> {
            UUID id = UUID.randomUUID();
            ApiTokenSecret secret = ApiTokenSecret.generate();
            ApiTokenView view = new ApiTokenView(id, name, granted.values(), access.username(), now, expiresAt, null, null, null, "active");
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("id", id.toString());
            after.put("name", name);
            after.put("scopes", granted.values());
            after.put("expires_at", expiresAt == null ? null : expiresAt.toString());
            return tokens.insert(id, access.accountId(), secret, name, granted, access.username(), now, expiresAt)
                    .call(() -> audit.record(access, "token.create", name, Map.of("after", after)))
                    .map(none -> CreatedApiToken.of(view, secret.token()));
        });
    }

    @WithSession
    public Uni<List<ApiTokenView>> list(String slug) {
        return guard.require(slug, Role.VIEWER).chain(access -> tokens.listUnrevoked(access.accountId(), MAX_LISTED));
    }

    @WithSession
    public Uni<ApiTokenView> get(String slug, String id) {
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, id));
    }

    @WithTransaction
    public Uni<Void> revoke(String slug, String id) {
        guard.requireUserLogin("revoke API tokens");
        return guard.require(slug, Role.VIEWER).chain(access -> require(access, id).chain(token -> {
            if (!token.createdBy().equals(access.username()) && !access.role().atLeast(Role.ADMIN)) {
                throw ProblemException.forbidden("only the token's creator ('" + token.createdBy() + "') or an admin may revoke API token '"
                        + token.name() + "'; you are '" + access.role().id() + "'");
            }
            return tokens.revoke(access.accountId(), token.id(), access.username()).chain(changed -> !changed ? Uni.createFrom().voidItem()
                    : audit.record(access, "token.revoke", token.name(), Map.of("before", Map.of("id", token.id().toString(),
                            "name", token.name(), "scopes", token.scopes(), "created_by", token.createdBy())))
                    .invoke(() -> usage.forget(token.id())));
        }));
    }

    private Uni<ApiTokenView> require(AccountAccess access, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("account '" + access.slug() + "' has no API token '" + id + "'");
        }
        return tokens.find(access.accountId(), uuid).map(token -> {
            if (token == null) {
                throw ProblemException.notFound("account '" + access.slug() + "' has no API token '" + id + "'");
            }
            return token;
        });
    }

    /** The expiry the body asks for (null: never), checked against {@code platform.tokens.max-ttl}. */
    Instant expiry(CreateApiToken body, Instant now, FieldErrors errors) {
        if (body.expiresAt() != null && body.ttl() != null) {
            errors.add("ttl", "give either expires_at or ttl, not both");
            return null;
        }
        Instant expiresAt = body.expiresAt();
        String field = "expires_at";
        if (body.ttl() != null) {
            field = "ttl";
            Duration ttl = parseTtl(body.ttl());
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                errors.add("ttl", "'" + body.ttl() + "' is not a positive duration; use e.g. 90d, 12h, 30m or ISO-8601 P90D");
                return null;
            }
            try {
                expiresAt = now.plus(ttl);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                errors.add("ttl", "'" + body.ttl() + "' is too long");
                return null;
            }
        }
        Duration max = config.maxTtl();
        boolean limited = max != null && !max.isZero() && !max.isNegative();
        if (expiresAt == null) {
            if (limited) {
                errors.add("ttl", "is required: tokens must expire within " + max.toDays() + " days (platform.tokens.max-ttl)");
            }
            return null;
        }
        if (!expiresAt.isAfter(now.plusSeconds(60))) {
            errors.add(field, "must be at least one minute in the future");
        } else if (limited && expiresAt.isAfter(now.plus(max))) {
            errors.add(field, "is later than the longest lifetime allowed, " + max + " (platform.tokens.max-ttl)");
        }
        return expiresAt.truncatedTo(ChronoUnit.MICROS);
    }

    static Duration parseTtl(String ttl) {
        String value = ttl.strip().toLowerCase(Locale.ROOT);
        Matcher m = TTL.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
