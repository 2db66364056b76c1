package io.edgeworks.systemtests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Another platform-api replica beside the stack's, started by a test ({@link AppProcess}): the packaged platform-api
 * ({@code edgeworks.it.api-jar}, default {@code ../platform-api/target/quarkus-app/quarkus-run.jar}) on a free port, with
 * the stack's PostgreSQL ({@code edgeworks.it.db-url}, {@code db-user}, {@code db-password}), Redis, Keycloak and keys
 * (up.sh's key folder), its publication relay on, as a second replica of a cluster would run. Certificates (ACME) and
 * the analytics consumer are off in it: they have nothing to do with what such a test looks at. Its log is
 * {@code target/<name>.log}.
 */
public final class ApiProcess implements AutoCloseable {
    private final int port;
    private final AppProcess app;

    private ApiProcess(int port, AppProcess app) {
        this.port = port;
        this.app = app;
    }

    public static ApiProcess start(String name) throws IOException {
        Path jar = AppProcess.jar("platform-api", "edgeworks.it.api-jar");
        int port = AppProcess.freePort();
        String jdbc = Database.url();
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("PLATFORM_DB_JDBC_URL", jdbc);
        env.put("PLATFORM_DB_REACTIVE_URL", jdbc.substring("jdbc:".length()));
        env.put("PLATFORM_DB_USER", Database.user());
        env.put("PLATFORM_DB_PASSWORD", Database.password());
        env.put("PLATFORM_REDIS_URL", System.getProperty(Stack.REDIS_URL, "redis://127.0.0.1:6379"));
        env.put("PLATFORM_OIDC_URL", Stack.keycloakUrl() + "/realms/" + Stack.REALM);
        env.put("EDGEWORKS_BASE_DOMAIN", Stack.baseDomain());
        env.put("EDGEWORKS_SIGNING_PRIVATE_KEY", AppProcess.key("signing-key.pk8.b64"));
        env.put("EDGEWORKS_SIGNING_KEY_ID", AppProcess.key("signing-key.id"));
        env.put("EDGEWORKS_BUNDLE_SECRET_KEY", AppProcess.key("secret-key.b64"));
        env.put("EDGEWORKS_SECRETS_KEY", AppProcess.key("secrets-at-rest.b64"));
        env.put("PLATFORM_ACME_DIRECTORY_URL", "");
        env.put("PLATFORM_ANALYTICS_CONSUME", "false");
        env.put("PLATFORM_SHUTDOWN_DELAY", "0s");
        String url = "http://127.0.0.1:" + port;
        return new ApiProcess(port, AppProcess.start(name, jar, env, url));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public AppProcess process() {
        return app;
    }

    @Override
    public void close() {
        app.close();
    }
}
