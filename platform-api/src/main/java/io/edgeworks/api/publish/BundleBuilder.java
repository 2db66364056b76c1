package io.edgeworks.api.publish;

import io.edgeworks.api.environment.Hostnames;
import io.edgeworks.api.security.SecretVault;
import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.Bundle;
import io.edgeworks.bundle.BundleSigner;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.EnvironmentSpec;
import io.edgeworks.bundle.Limits;
import io.edgeworks.bundle.SealedSecret;
import io.edgeworks.bundle.SignedBundle;
import io.edgeworks.bundle.VersionSpec;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns an account as PostgreSQL holds it into bundles and its signed manifest (the state to publish).
 *
 * <p>Every deployed environment gets a bundle: itself plus every environment reachable through the
 * service bindings of the versions it carries (both versions of a split, and versions that bindings pin),
 * transitively, each environment once (cycles end there). Bindings are resolved here, against the account as
 * it is now ({@link BindingGraph}): a binding that follows is carried with the environment it lands on, so the
 * bundles change when environments come and go, without a new version. An environment that is bound but has
 * never been deployed is left out of the bundle: the edge node answers calls to that binding with an error.
 * Secrets are opened with the at-rest key and sealed again for edge nodes ({@link BundleSecrets}).
 *
 * <p>An environment that cannot be built (a secret that no longer opens with {@code platform.secrets.key},
 * stored data that breaks a bundle rule) is logged and left out as if it were not deployed, so that it
 * never blocks the publication of every other environment.
 */
@ApplicationScoped
class BundleBuilder {
    private static final Logger LOG = Logger.getLogger(BundleBuilder.class);

    private final PublishKeys keys;
    private final SecretVault vault;
    private final Hostnames hostnamesConfig;

    BundleBuilder(PublishKeys keys, SecretVault vault, Hostnames hostnames) {
        this.keys = keys;
        this.vault = vault;
        this.hostnamesConfig = hostnames;
    }

    /** The bundle of every deployed environment of the account, by root. */
    Map<EnvironmentRef, Bundle> bundles(AccountData account) {
        Map<EnvironmentRef, EnvironmentSpec> deployed = new TreeMap<>();
        BindingGraph graph = new BindingGraph(account);
        for (AccountData.Environment environment : account.environments()) {
            if (environment.deployed()) {
                try {
                    deployed.put(environment.ref(), spec(environment, graph));
                } catch (IllegalStateException e) {
                    LOG.errorf("not publishing %s, edge nodes will not serve it: %s", environment.ref(), e.getMessage());
                }
            }
        }
        Map<EnvironmentRef, Bundle> bundles = new TreeMap<>();
        deployed.keySet().forEach(root -> bundles.put(root, new Bundle(Bundle.FORMAT, root,
                reachable(root, deployed).stream().map(deployed::get).toList())));
        return bundles;
    }

    /**
     * The account's unsigned manifest (sequence 1, a placeholder: {@link #sign} sets the real one) and the
     * envelopes it names; empty when the account is gone or has nothing deployed. Routes to environments that
     * serve nothing yet are left out (the edge answers 404 as for unknown hosts), and so are the cron triggers of
     * environments that serve nothing (they are published with the environment's first deployment).
     */
    Optional<Draft> draft(Optional<AccountData> account) {
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> environments = new TreeMap<>();
        Map<String, byte[]> envelopes = new TreeMap<>();
        bundles(account.get()).forEach((root, bundle) -> {
            SignedBundle signed = signed(root, bundle);
            environments.put(root.key(), signed.digest());
            envelopes.put(signed.digest(), signed.toBytes());
        });
        if (environments.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> hostnames = new TreeMap<>();
        Map<String, List<String>> crons = new TreeMap<>();
        Map<UUID, EnvironmentRef> byId = new HashMap<>();
        for (AccountData.Environment environment : account.get().environments()) {
            byId.put(environment.id(), environment.ref());
            if (environments.containsKey(environment.ref().key())) {
                hostnames.put(environment.hostname().toLowerCase(Locale.ROOT), environment.ref().key());
                if (!environment.crons().isEmpty()) {
                    crons.put(environment.ref().key(), environment.crons());
                }
            }
        }
        List<AccountManifest.Route> routes = new ArrayList<>();
        for (AccountData.Route route : account.get().routes()) {
            EnvironmentRef target = byId.get(route.environmentId());
            if (target != null && environments.containsKey(target.key())) {
                routes.add(new AccountManifest.Route(route.id().toString(), route.pattern(), target.key()));
            }
        }
        AccountManifest manifest = new AccountManifest(account.get().slug(), 1, hostnamesConfig.baseDomain(),
                account.get().domains(), environments, hostnames, routes, certificates(account.get()), account.get().httpsRedirects(),
                crons);
        return Optional.of(new Draft(manifest, AccountPublication.contentDigest(keys.signer().keyId(), manifest), envelopes));
    }

    /**
     * The account's certificates for its manifest: each key opened with the at-rest key and sealed for edge nodes
     * (deterministically, so an unchanged certificate keeps the manifest's bytes) under
     * {@link io.edgeworks.bundle.SecretContext#certificateKey}. A key that does not open is left out (logged).
     */
    private Map<String, AccountManifest.Certificate> certificates(AccountData account) {
        Map<String, AccountManifest.Certificate> out = new TreeMap<>();
        account.certificates().forEach((name, certificate) -> {
            try {
                String keyPem = vault.openBound(io.edgeworks.api.certificate.CertificateSealing.domainKey(certificate.domainId(), name),
                        certificate.keyAtRest());
                out.put(name, new AccountManifest.Certificate(certificate.chainPem(),
                        keys.bundleSecrets().seal(keyPem, io.edgeworks.bundle.SecretContext.certificateKey(account.slug(), name))));
            } catch (IllegalStateException e) {
                LOG.errorf("not publishing the certificate of %s (account %s): %s", name, account.slug(), e.getMessage());
            }
        });
        return out;
    }

    /** How many roots keep their last signed envelope for {@link #signed} (least recently published out). */
    static final int SIGNED_ROOTS_KEPT = 1024;

    private record LastSigned(BundleSigner signer, Bundle bundle, SignedBundle envelope) {
    }

    private final Map<EnvironmentRef, LastSigned> lastSigned = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<EnvironmentRef, LastSigned> eldest) {
                    return size() > SIGNED_ROOTS_KEPT;
                }
            });

    /**
     * The root's signed envelope: the one signed last time when the root's bundle has not changed since (same
     * signing key), else a new signature. A deploy changes the bundle of one environment and of the roots that bind
     * to it; every other root of the account would sign to the same bytes again (encoding and Ed25519 are
     * deterministic, and so is sealing: {@link BundleSecrets}), and signing the account's bundles was most of a
     * publication's CPU on a control plane that had just started (deploy/bench/RESULTS.md, "Deploy latency on a cold
     * control plane"). Kept in this replica's memory only, for at most {@link #SIGNED_ROOTS_KEPT} roots.
     */
    SignedBundle signed(EnvironmentRef root, Bundle bundle) {
        BundleSigner signer = keys.signer();
        LastSigned last = lastSigned.get(root);
        if (last != null && last.signer() == signer && last.bundle().equals(bundle)) {
            return last.envelope();
        }
        SignedBundle envelope = signer.sign(bundle);
        lastSigned.put(root, new LastSigned(signer, bundle, envelope));
        return envelope;
    }

    /** Forgets the last signed envelopes of the account's roots ({@link #signed}). */
    void forgetAccount(String slug) {
        synchronized (lastSigned) {
            lastSigned.keySet().removeIf(root -> root.account().equals(slug));
        }
    }

    /** How many roots of the account have a last signed envelope kept (tests). */
    int signedRootsKept(String slug) {
        synchronized (lastSigned) {
            return (int) lastSigned.keySet().stream().filter(root -> root.account().equals(slug)).count();
        }
    }

    /** An unsigned manifest with the digest that decides its sequence, and the bundle envelopes it names. */
    record Draft(AccountManifest manifest, String contentDigest, Map<String, byte[]> bundles) {
    }

    /** Signs the draft's manifest at {@code sequence}. */
    AccountPublication sign(Draft draft, long sequence) {
        AccountManifest manifest = draft.manifest().withSequence(sequence);
        return new AccountPublication(manifest.account(), manifest, keys.signer().sign(manifest).toBytes(), draft.bundles());
    }

    /** The root and every deployed environment reachable from it through service bindings, in discovery order. */
    static Set<EnvironmentRef> reachable(EnvironmentRef root, Map<EnvironmentRef, EnvironmentSpec> deployed) {
        Set<EnvironmentRef> seen = new LinkedHashSet<>();
        Deque<EnvironmentRef> queue = new ArrayDeque<>();
        seen.add(root);
        queue.add(root);
        while (!queue.isEmpty()) {
            for (VersionSpec version : deployed.get(queue.poll()).versions()) {
                for (Binding binding : version.bindings()) {
                    if (binding instanceof Binding.Service service) {
                        EnvironmentRef target = new EnvironmentRef(root.account(), service.service(), service.environment());
                        if (deployed.containsKey(target) && seen.add(target)) {
                            queue.add(target);
                        }
                    }
                }
            }
        }
        return seen;
    }

    private EnvironmentSpec spec(AccountData.Environment environment, BindingGraph graph) {
        List<VersionSpec> versions = new ArrayList<>();
        for (AccountData.Version version : environment.versions()) {
            versions.add(new VersionSpec(version.id().toString(), version.number(), version.mainModule(),
                    new TreeMap<>(version.modules()), new TreeMap<>(version.vars()), reseal(environment, version),
                    graph.resolve(environment.ref(), version.bindings()), new Limits(version.cpuMs()), version.digest()));
        }
        try {
            return new EnvironmentSpec(environment.ref(), environment.hostname().toLowerCase(Locale.ROOT), environment.deployment(),
                    versions, environment.versionOverrides());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment " + environment.ref() + " cannot be published: " + e.getMessage(), e);
        }
    }

    /** Opened with the at-rest key where they live ({@link SecretVault}), sealed for edge nodes under AAD "account/service/environment:number:NAME". */
    private TreeMap<String, SealedSecret> reseal(AccountData.Environment environment, AccountData.Version version) {
        EnvironmentRef ref = environment.ref();
        SecretVault.Place place = new SecretVault.Place(environment.accountId(), environment.serviceId(), environment.id());
        TreeMap<String, SealedSecret> sealed = new TreeMap<>();
        version.secrets().forEach((name, atRest) -> {
            String plaintext;
            try {
                plaintext = vault.open(place, name, atRest);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalStateException("secret " + name + " of version " + version.number() + " of " + ref
                        + " does not open with platform.secrets.key: " + e.getMessage(), e);
            }
            sealed.put(name, keys.bundleSecrets().seal(plaintext, BundleSecrets.aad(ref, version.number(), name)));
        });
        return sealed;
    }
}
