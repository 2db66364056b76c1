package io.edgeworks.edge.sync;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the state sync reaches Redis: the URL ({@code redis://[user@]host:port}, {@code rediss://} for TLS), the
 * password of that (ACL) user, and for TLS the certificates to trust (null: the JVM's default trust store).
 * The same settings as the Quarkus client the KV bindings use ({@code quarkus.redis.*}): SyncService builds
 * this from them.
 *
 * <p>With Sentinel ({@code sentinelMaster} set), {@code url} lists the Sentinels, comma-separated, and every connection
 * goes to the primary of that master set as the Sentinels name it (the client asks them again at least every second
 * and on every new connection), so a reconnect after a failover reaches the new primary. The Sentinels are reached with
 * the same user, password and TLS settings as the data nodes: they must accept them too.
 *
 * @param url            connection string; a user name in it selects the ACL user. With Sentinel: the Sentinels' URLs,
 *                       comma-separated
 * @param password       the user's password (or the {@code requirepass} password); null or blank for none
 * @param trust          certificates a TLS connection trusts; null for the JVM's defaults
 * @param verifyHost     whether a TLS connection checks that the certificate names the host
 * @param sentinelMaster the Sentinels' master set to follow; null for a single Redis at {@code url}
 */
public record RedisAccess(String url, String password, TrustOptions trust, boolean verifyHost, String sentinelMaster) {

    public RedisAccess {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the Redis URL is missing (EDGE_REDIS_URL)");
        }
        if (sentinelMaster != null && sentinelMaster.isBlank()) {
            throw new IllegalArgumentException("the Sentinel master set name is empty (EDGE_REDIS_MASTER_NAME)");
        }
        List<String> urls = split(url);
        if (sentinelMaster == null && urls.size() > 1) {
            throw new IllegalArgumentException("the Redis URL lists " + urls.size() + " servers: a list is for Sentinel"
                    + " (EDGE_REDIS_CLIENT_TYPE=sentinel and EDGE_REDIS_MASTER_NAME)");
        }
        for (String one : urls) {
            String userInfo;
            try {
                userInfo = URI.create(one).getRawUserInfo();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the Redis URL is not a URL: " + e.getMessage());
            }
            if (userInfo != null && !userInfo.contains(":")) {
                // Vert.x reads neither user nor password from "name@": the login would silently be the default user
                throw new IllegalArgumentException("the Redis URL names a user as 'name@host', which the client ignores:"
                        + " write redis://host:port?user=name and set the password apart (EDGE_REDIS_PASSWORD)");
            }
        }
        if (urls.stream().map(u -> u.startsWith("rediss://")).distinct().count() > 1) {
            throw new IllegalArgumentException("the Sentinel URLs mix redis:// and rediss://: use one for all");
        }
    }

    /** A single Redis (no Sentinel). */
    public RedisAccess(String url, String password, TrustOptions trust, boolean verifyHost) {
        this(url, password, trust, verifyHost, null);
    }

    public static RedisAccess of(String url) {
        return new RedisAccess(url, null, null, true);
    }

    private static List<String> split(String url) {
        return Arrays.stream(url.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    /** Whether connections go through Sentinel to the current primary. */
    public boolean sentinel() {
        return sentinelMaster != null;
    }

    /** Options for a client; the caller sets pool sizes. */
    public RedisOptions options() {
        RedisOptions options = new RedisOptions();
        if (sentinel()) {
            options.setType(RedisClientType.SENTINEL).setMasterName(sentinelMaster).setRole(RedisRole.MASTER);
            split(url).forEach(one -> options.addConnectionString(withCredentials(one)));
        } else {
            options.setConnectionString(url);
        }
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

    /**
     * A Sentinel URL naming an ACL user ({@code ?user=}) gets the user and the password as its user info: the Vert.x
     * Sentinel client (4.5) rebuilds each URL from its user info when it connects (RedisURI.baseUri), and so would
     * log in as the user with an empty password instead of the one given apart.
     */
    private String withCredentials(String one) {
        if (password == null || password.isBlank()) {
            return one;
        }
        URI uri = URI.create(one);
        String user = queryUser(uri);
        if (uri.getRawUserInfo() != null || user == null) {
            return one;
        }
        return uri.getScheme() + "://" + encode(user) + ":" + encode(password) + "@" + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + "?" + uri.getRawQuery();
    }

    private static String queryUser(URI uri) {
        if (uri.getQuery() != null) {
            for (String param : uri.getQuery().split("&")) {
                if (param.startsWith("user=") && param.length() > 5) {
                    return param.substring(5);
                }
            }
        }
        return null;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public boolean tls() {
        return url.trim().startsWith("rediss://");
    }

    /**
     * The URL without any password in it, for logs: scheme, host, port and the user; with Sentinel, the master set and
     * each Sentinel.
     */
    public String redacted() {
        if (sentinel()) {
            return "master set " + sentinelMaster + " of Sentinel " + split(url).stream().map(RedisAccess::redactedUrl)
                    .collect(Collectors.joining(", "));
        }
        return redactedUrl(url);
    }

    private static String redactedUrl(String url) {
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
