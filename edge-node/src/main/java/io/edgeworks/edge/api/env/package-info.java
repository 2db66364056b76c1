/** The worker entrypoint (env.js): env with vars, secrets, service bindings (Fetcher) and KV namespaces; ctx.waitUntil; RedisKvStore is the KV channel. */
package io.edgeworks.edge.api.env;
