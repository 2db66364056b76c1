package io.edgeworks.api.publish;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.Deployment;
import io.edgeworks.bundle.EnvironmentRef;
import io.edgeworks.bundle.SealedSecret;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What PostgreSQL holds about one account that publication needs: every environment (deployed or not),
 * the versions its current deployment serves (secrets still sealed at rest), the custom routes and the custom
 * domains its manifest lists, with their certificates and which of them redirect HTTP to HTTPS.
 */
record AccountData(String slug, List<Environment> environments, List<Route> routes, List<String> domains,
                   Map<String, Certificate> certificates, List<String> httpsRedirects) {

    AccountData {
        Objects.requireNonNull(slug, "slug");
        environments = List.copyOf(environments);
        routes = List.copyOf(routes);
        domains = List.copyOf(domains);
        certificates = Map.copyOf(certificates);
        httpsRedirects = List.copyOf(httpsRedirects);
    }

    AccountData(String slug, List<Environment> environments, List<Route> routes, List<String> domains) {
        this(slug, environments, routes, domains, Map.of(), List.of());
    }

    AccountData withEnvironments(List<Environment> replaced) {
        return new AccountData(slug, replaced, routes, domains, certificates, httpsRedirects);
    }

    /** An unexpired certificate of an active domain: the chain and the key sealed at rest (CertificateSealing.domainKey). */
    record Certificate(UUID domainId, String chainPem, io.edgeworks.bundle.SealedSecret keyAtRest) {
    }

    /**
     * An environment; {@code deployment} (whose sequence is the deployment row's {@code seq}) is null when it
     * was never deployed (then {@code versions} is empty). {@code versions} are those its deployment serves plus
     * those that service bindings of the account pin ({@link BindingGraph}). The ids are what at-rest secrets are
     * bound to; {@code versionOverrides} is the environment's switch for the version-overrides header.
     * {@code crons}: its cron triggers (V93 {@code cron_triggers}), published only while it is deployed.
     */
    record Environment(UUID id, UUID accountId, UUID serviceId, EnvironmentRef ref, String hostname, Deployment deployment,
                       List<Version> versions, boolean versionOverrides, List<String> crons) {
        Environment {
            versions = List.copyOf(versions);
            crons = List.copyOf(crons);
        }

        boolean deployed() {
            return deployment != null;
        }

        boolean hasVersion(int number) {
            return versions.stream().anyMatch(v -> v.number() == number);
        }

        Environment withVersions(List<Version> more) {
            List<Version> all = new java.util.ArrayList<>(versions);
            all.addAll(more);
            all.sort(java.util.Comparator.comparingInt(Version::number));
            return new Environment(id, accountId, serviceId, ref, hostname, deployment, all, versionOverrides, crons);
        }
    }

    /** A deployed (or pinned) version as stored: {@code secrets} are sealed with the at-rest key ({@link io.edgeworks.api.security.SecretVault}). */
    record Version(UUID id, int number, String mainModule, Map<String, String> modules, Map<String, String> vars,
                   Map<String, SealedSecret> secrets, List<Binding> bindings, int cpuMs, String digest) {
    }

    /** A custom route: pattern to environment. */
    record Route(UUID id, String pattern, UUID environmentId) {
    }
}
