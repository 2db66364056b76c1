package io.edgeworks.api.security;

import io.edgeworks.bundle.SealedSecret;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Moves at-rest secrets to the bound sealing rule ({@link SecretVault}), once, at start-up: in one
 * transaction that holds the {@code secret_sealing} row (so one replica does it), re-seal every value of
 * {@code versions.secrets} that is still sealed under its bare name for its account, service and
 * environment; repeat until a pass finds nothing (rows written meanwhile); record {@code legacy_retired}
 * and tell the vault to refuse legacy values from now on. Later start-ups only read the flag. A value that
 * opens neither way is left as it is (publication already reports it). Digests do not change: fingerprints
 * are over plaintexts.
 */
@ApplicationScoped
public class SecretReencryption {
    private static final Logger LOG = Logger.getLogger(SecretReencryption.class);

    private static final String LEGACY_CANDIDATES = """
            select v.id, v.secrets, s.account_id, e.service_id, v.environment_id
            from versions v join environments e on e.id = v.environment_id join services s on s.id = e.service_id
            where jsonb_typeof(v.secrets) = 'object' and v.secrets <> '{}'::jsonb
            order by v.id
            for update of v""";

    private final Pool pool;
    private final SecretVault vault;

    SecretReencryption(Pool pool, SecretVault vault) {
        this.pool = pool;
        this.vault = vault;
    }

    void onStart(@Observes StartupEvent event) {
        int resealed = run().await().atMost(Duration.ofMinutes(10));
        if (resealed > 0) {
            LOG.infof("re-sealed %d at-rest secret value(s) for their account, service and environment", resealed);
        }
    }

    /** Runs the migration if it has not finished yet; returns the number of values re-sealed. */
    public Uni<Integer> run() {
        return pool.withTransaction(conn -> conn.query("select legacy_retired from secret_sealing where id = 1 for update").execute()
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new IllegalStateException("table secret_sealing has no row: migration V81__secret_sealing.sql did not run");
                    }
                    if (rows.iterator().next().getBoolean("legacy_retired")) {
                        return Uni.createFrom().item(0);
                    }
                    return passes(conn, 0).call(() -> conn.query(
                            "update secret_sealing set legacy_retired = true, retired_at = now() where id = 1").execute());
                }))
                .invoke(vault::retireLegacy);
    }

    private Uni<Integer> passes(SqlConnection conn, int total) {
        return pass(conn).chain(count -> count == 0 ? Uni.createFrom().item(total) : passes(conn, total + count));
    }

    private Uni<Integer> pass(SqlConnection conn) {
        return conn.query(LEGACY_CANDIDATES).execute().chain(rows -> {
            int[] count = {0};
            Uni<Void> updates = Uni.createFrom().voidItem();
            for (Row row : rows) {
                SecretVault.Place place = new SecretVault.Place(row.getUUID("account_id"), row.getUUID("service_id"),
                        row.getUUID("environment_id"));
                JsonObject secrets = (JsonObject) row.getValue("secrets");
                JsonObject resealed = new JsonObject();
                int changed = 0;
                for (String name : secrets.fieldNames()) {
                    JsonObject stored = secrets.getJsonObject(name);
                    SealedSecret sealed = new SealedSecret(stored.getString("nonce"), stored.getString("ciphertext"));
                    SealedSecret now = sealed;
                    if (!vault.bound(place, name, sealed)) {
                        try {
                            now = vault.seal(place, name, vault.openLegacy(name, sealed));
                            changed++;
                        } catch (IllegalStateException e) {
                            LOG.warnf("version %s: secret %s opens neither bound nor legacy; left as it is", row.getUUID("id"), name);
                        }
                    }
                    resealed.put(name, new JsonObject().put("nonce", now.nonce()).put("ciphertext", now.ciphertext()));
                }
                if (changed > 0) {
                    count[0] += changed;
                    updates = updates.chain(() -> conn.preparedQuery("update versions set secrets = $2 where id = $1")
                            .execute(Tuple.of(row.getUUID("id"), resealed)).replaceWithVoid());
                }
            }
            return updates.map(v -> count[0]);
        });
    }
}
