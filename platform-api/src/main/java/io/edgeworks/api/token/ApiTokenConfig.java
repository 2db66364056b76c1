package io.edgeworks.api.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Account API tokens (prefix {@code platform.tokens}). The number of tokens per account is a quota ({@code platform.quotas.tokens-per-account}). */
@ConfigMapping(prefix = "platform.tokens")
public interface ApiTokenConfig {

    /**
     * How often at most a token's {@code last_used_at} is written (per token and API replica): uses within the
     * interval are not recorded, so a busy CI token costs one small write per interval, not one per request.
     */
    @WithDefault("60s")
    Duration lastUsedInterval();

    /** The longest expiry a token may be given ({@code expires_at} or {@code ttl}); 0 = no limit, tokens may also never expire. */
    @WithDefault("0")
    Duration maxTtl();
}
