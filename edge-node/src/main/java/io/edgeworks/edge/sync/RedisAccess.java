package io.edgeworks.edge.sync;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.redis.client.RedisOptions;

import java.net.URI;

/**
 * How the state sync reaches Redis: the URL ({@code redis://[user@]host:port}, {@code rediss://} for TLS), the
 * password of that (ACL) user, and for TLS the certificates to trust (null: the JVM's default trust store).
 * The same settings as the Quarkus client the KV bindings use ({@code quarkus.redis.*}): SyncService builds
 * this from them.
 *
 * @param url          connection string; a user name in it selects the ACL user
 * @param password     the user's password (or the {@code requirepass} password); null or blank for none
 * @param trust        certificates a TLS connection trusts; null for the JVM's defaults
 * @param verifyHost   whether a TLS connection checks that the certificate names the host
 */
public record RedisAccess(String url, String password, TrustOptions trust, boolean verifyHost) {

    public RedisAccess {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the Redis URL is missing (EDGE_REDIS_URL)");
        }
        String userInfo;
        try {
            userInfo = URI.create(url).getRawUserInfo();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Redis URL is not a URL: " + e.getMessage());
        }
        if (userInfo != null && !userInfo.contains(":")) {
            // Vert.x reads neither user nor password from "name@": the login would silently be the default user
            throw new IllegalArgumentException("the Redis URL names a user as 'name@host', which the client ignores:"
                    + " write redis://host:port?user=name and set the password apart (EDGE_REDIS_PASSWORD)");
        }
    }

    public static RedisAccess of(String url) {
        return new RedisAccess(url, null, null, true);
    }

    /** Options for a client; the caller sets pool sizes. */
    public RedisOptions options() {
        RedisOptions options = new RedisOptions().setConnectionString(url);
        if (password != null && !password.isBlank()) {
            options.setPassword(password);
        }
        if (tls()) {
            NetClientOptions net = new NetClientOptions().setSsl(true)
                    .setHostnameVerificationAlgorithm(verifyHost ? "HTTPS" : "");
            if (trust != null) {
                net.setTrustOptions(trust);
            }
            options.setNetClientOptions(net);
        }
        return options;
    }

    public boolean tls() {
        return url.startsWith("rediss://");
    }

    /** The URL without any password in it, for logs: scheme, host, port and the user. */
    public String redacted() {
        try {
            URI uri = URI.create(url);
            String user = uri.getUserInfo() == null ? null : uri.getUserInfo().split(":", 2)[0];
            if ((user == null || user.isEmpty()) && uri.getQuery() != null) {
                for (String param : uri.getQuery().split("&")) {
                    if (param.startsWith("user=")) {
                        user = param.substring(5);
                    }
                }
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (user == null || user.isEmpty() ? "" : " as user " + user);
        } catch (IllegalArgumentException e) {
            return "(unparsable Redis URL)";
        }
    }
}
