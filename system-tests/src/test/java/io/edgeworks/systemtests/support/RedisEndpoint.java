package io.edgeworks.systemtests.support;

import java.net.URI;

/**
 * Where Redis listens, parsed from a {@code redis://[[user]:password@]host[:port][/db]} URL (the form the
 * apps' configuration takes).
 */
public record RedisEndpoint(String host, int port, String user, String password, int database) {
    public RedisEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("redis host is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("redis port out of range: " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("redis database index must not be negative: " + database);
        }
    }

    public static RedisEndpoint parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a redis URL: '" + url + "' (expected redis://host:port)", e);
        }
        if (!"redis".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a redis URL: '" + url + "' (scheme must be redis://)");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = info;
            } else {
                user = info.substring(0, colon).isEmpty() ? null : info.substring(0, colon);
                password = info.substring(colon + 1);
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("redis URL '" + url + "': the path must be a database number", e);
            }
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), user, password, database);
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
