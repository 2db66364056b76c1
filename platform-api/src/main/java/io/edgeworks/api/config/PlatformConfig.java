package io.edgeworks.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of the control plane (prefix {@code platform}). */
@ConfigMapping(prefix = "platform")
public interface PlatformConfig {

    /** Domain under which environment hostnames are generated: {@code <service>.<account>.<base-domain>}. */
    @WithDefault("localhost")
    String baseDomain();

    /** Limits that uploads and requests must respect. */
    Limits limits();

    /** Encryption of secret values at rest. */
    Secrets secrets();

    /** Paging of long lists (versions, deployments, audit log). */
    Pagination pagination();

    /** Which bearer tokens of the OIDC realm platform-api accepts. */
    Auth auth();

    /** Live tail (wrangler tail and the SSE stream). */
    Tail tail();

    interface Tail {
        /**
         * Base of the WebSocket URLs handed out ({@code <base>/tails/<id>}), as clients reach platform-api, e.g.
         * {@code wss://api.example.com} (env PLATFORM_TAIL_PUBLIC_URL).
         */
        @WithDefault("ws://127.0.0.1:8080")
        String publicUrl();

        /** A tail ends this long after it was created (its socket is closed then). */
        @WithDefault("PT3H")
        java.time.Duration ttl();

        /** A tail whose socket has not connected within this time stops (edges no longer send it events). */
        @WithDefault("PT60S")
        java.time.Duration connectGrace();

        /**
         * Edges send events to a connected tail while the platform-api replica holding its socket renews it; renewed every
         * third of this. A replica that vanished stops costing the edges within this time.
         */
        @WithDefault("PT30S")
        java.time.Duration lease();

        /** Live tails per environment (more get 429). */
        @WithDefault("10")
        int maxPerEnvironment();

        /** Events queued for one slow consumer (WebSocket or SSE) before it is dropped. */
        @WithDefault("256")
        int clientQueue();
    }

    interface Limits {
        /** Maximum total size of a version's module sources in bytes (UTF-8); larger uploads get 413. */
        @WithDefault("10485760")
        int moduleBytes();

        /** Maximum number of vars in a version. */
        @WithDefault("64")
        int vars();

        /** Maximum size of one var value in bytes (UTF-8). */
        @WithDefault("5120")
        int varValueBytes();

        /** Maximum number of secrets in a version. */
        @WithDefault("64")
        int secrets();

        /** Maximum size of one secret value in bytes (UTF-8). */
        @WithDefault("5120")
        int secretValueBytes();

        /** Maximum number of bindings in a version. */
        @WithDefault("32")
        int bindings();

        /** Maximum number of cron triggers of one environment ({@code PUT …/triggers}; 400 beyond). */
        @WithDefault("5")
        int crons();

        /** CPU time per request in milliseconds that a version gets when it does not ask for one. */
        @WithDefault("50")
        int defaultCpuMs();

        /** Largest {@code limits.cpu_ms} a version may ask for; above it the upload gets 400. */
        @WithDefault("30000")
        int maxCpuMs();

        /** Maximum size of one KV value in bytes; larger values get 413. Default shared with the edge (bundle KvWriteScript). */
        @WithDefault("" + io.edgeworks.bundle.KvWriteScript.DEFAULT_MAX_VALUE_BYTES)
        int kvValueBytes();

        /** Maximum length of a KV key in bytes (UTF-8). Default shared with the edge (bundle KvWriteScript). */
        @WithDefault("" + io.edgeworks.bundle.KvWriteScript.DEFAULT_MAX_KEY_BYTES)
        int kvKeyBytes();
    }

    interface Secrets {
        /**
         * Base64 of the 32-byte AES-256-GCM key that encrypts secret values at rest (environment variable
         * {@code EDGEWORKS_SECRETS_KEY}). Required in production; dev and test profiles carry a fixed key.
         */
        String key();
    }

    interface Auth {
        /**
         * OIDC clients whose tokens are accepted: a token's {@code azp} (the client it was issued to) must be
         * one of them; a token without {@code azp} must name one in {@code aud}. Any other client of the same
         * realm gets 401. Default: the CLI/scripts client and the portal.
         */
        @WithDefault("platform-cli,tenant-admin")
        java.util.List<String> allowedClients();
    }

    interface Pagination {
        /** Page size of long lists when {@code limit} is not given. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest {@code limit} a client may ask for. */
        @WithDefault("200")
        int maxLimit();
    }
}
