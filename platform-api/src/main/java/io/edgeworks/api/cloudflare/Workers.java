package io.edgeworks.api.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.api.common.PageRequest;
import io.edgeworks.api.deployment.CreateDeployment;
import io.edgeworks.api.deployment.DeploymentService;
import io.edgeworks.api.deployment.DeploymentView;
import io.edgeworks.api.deployment.Deployments;
import io.edgeworks.api.deployment.Split;
import io.edgeworks.api.environment.EnvironmentTarget;
import io.edgeworks.api.environment.Hostnames;
import io.edgeworks.api.kv.KvNamespaces;
import io.edgeworks.api.security.AccessGuard;
import io.edgeworks.api.security.AccountAccess;
import io.edgeworks.api.security.Role;
import io.edgeworks.api.version.Annotations;
import io.edgeworks.api.version.BindingRequest;
import io.edgeworks.api.version.CreateVersion;
import io.edgeworks.api.version.PutSecret;
import io.edgeworks.api.version.VersionDetail;
import io.edgeworks.api.version.VersionService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Workers scripts of the Cloudflare-compatible API over our model: uploads become versions ({@link VersionService}),
 * deployments deployments ({@link DeploymentService}), secrets secrets; every write goes through those services, so
 * tenancy ({@link AccessGuard}), audit entries and publication to the edge are theirs. Retried uploads (WRANGLER.md
 * section 2) are safe: an upload whose content equals the latest version's creates no version (content digest) and a
 * deploy of the version already deployed records nothing.
 */
@ApplicationScoped
public class Workers {
    /** How many versions {@code GET …/versions} lists (wrangler: "the 10 most recent"). */
    static final int VERSIONS_LISTED = 10;
    /** How many deployments {@code GET …/deployments} lists. */
    static final int DEPLOYMENTS_LISTED = 10;

    private final Scripts scripts;
    private final ScriptRepository repository;
    private final VersionService versions;
    private final DeploymentService deploymentService;
    private final Deployments deployments;
    private final KvNamespaces kvNamespaces;
    private final Hostnames hostnames;
    private final AccessGuard guard;

    public Workers(Scripts scripts, ScriptRepository repository, VersionService versions, DeploymentService deploymentService,
                   Deployments deployments, KvNamespaces kvNamespaces, Hostnames hostnames, AccessGuard guard) {
        this.scripts = scripts;
        this.repository = repository;
        this.versions = versions;
        this.deploymentService = deploymentService;
        this.deployments = deployments;
        this.kvNamespaces = kvNamespaces;
        this.hostnames = hostnames;
        this.guard = guard;
    }

    /** A stored upload: the script's environment and the version (new, or the unchanged latest). */
    record Uploaded(EnvironmentTarget target, VersionService.Outcome outcome) {
    }

    /** {@code GET …/workers/services/:name}: 10090 for a script the account does not have. */
    @WithSession
    public Uni<Map<String, Object>> service(String slug, String script) {
        return guard.require(slug, Role.VIEWER).chain(access -> scripts.find(access, script)).map(located -> {
            if (located == null) {
                throw new CfException(404, CfException.SERVICE_NOT_FOUND, "This Worker does not exist on your account: no script '"
                        + script + "' in account '" + slug + "'");
            }
            Map<String, Object> scriptInfo = new LinkedHashMap<>();
            scriptInfo.put("id", script);
            scriptInfo.put("tag", located.target().id().toString().replace("-", ""));
            scriptInfo.put("tags", located.row() == null ? List.of() : located.row().tags());
            scriptInfo.put("last_deployed_from", "wrangler");
            Map<String, Object> environment = new LinkedHashMap<>();
            environment.put("environment", "production");
            environment.put("script", scriptInfo);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", script);
            result.put("default_environment", environment);
            return result;
        });
    }

    /**
     * A script upload: placed on first use ({@link Scripts#place}), stored as the next version; {@code deploy} deploys it
     * at 100% (the {@code PUT …/scripts/:name} of a first deploy), otherwise it waits for {@code POST …/deployments}.
     */
    @WithTransaction
    public Uni<Uploaded> upload(String slug, String script, Upload upload, boolean deploy, boolean strictInherit) {
        ScriptNames.check(script);
        // resolved as a reader; every write below is checked by the service that makes it (role, and a token's scope for
        // this environment), and a refusal rolls the placement back with the rest of the transaction
        return guard.require(slug, Role.VIEWER).chain(access -> scripts.place(access, script).chain(located -> {
            EnvironmentTarget target = located.target();
            Uni<VersionDetail> previous = target.latestVersion() == 0 ? Uni.createFrom().nullItem()
                    : versions.get(slug, target.service(), target.name(), target.latestVersion());
            return previous.chain(latest -> body(access, upload, latest, deploy, strictInherit))
                    .chain(body -> versions.create(slug, target.service(), target.name(), body))
                    .map(outcome -> new Uploaded(target, outcome));
        }));
    }

    private Uni<CreateVersion> body(AccountAccess access, Upload upload, VersionDetail latest, boolean deploy, boolean strict) {
        Map<String, String> vars = new TreeMap<>();
        if (upload.keepVars() && latest != null) {
            vars.putAll(latest.vars());
        }
        vars.putAll(upload.vars());
        List<BindingRequest> resolved = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Upload.CfBinding binding : upload.bindings()) {
            switch (binding) {
                case Upload.Inherit inherit -> {
                    BindingRequest before = latest == null ? null : latest.bindings().stream()
                            .filter(b -> b.name().equals(inherit.name())).findFirst().orElse(null);
                    if (before != null) {
                        resolved.add(before);
                    } else if (latest != null && latest.vars().containsKey(inherit.name())) {
                        vars.put(inherit.name(), latest.vars().get(inherit.name()));
                    } else if (latest != null && latest.secrets().contains(inherit.name())) {
                        // secrets carry into every version anyway
                    } else if (strict) {
                        throw new CfException(400, CfException.INHERIT_INVALID, "inherit binding '" + inherit.name()
                                + "' is invalid: the previous version has no binding, var or secret of that name");
                    }
                }
                case Upload.KvBinding kv -> chain = chain.chain(() -> repository.kvNamespaceName(access.accountId(), kvId(kv.namespaceId()))
                        .map(name -> {
                            if (name == null) {
                                throw CfException.invalid("binding '" + kv.name() + "': account '" + access.slug()
                                        + "' has no KV namespace with id '" + kv.namespaceId() + "' (create one with 'wrangler kv namespace create')");
                            }
                            resolved.add(new BindingRequest("kv", kv.name(), null, null, name));
                            return null;
                        }));
                case Upload.ServiceBinding service -> chain = chain.chain(() -> target(access, service)
                        .map(place -> {
                            resolved.add(new BindingRequest("service", service.name(), place.service(), place.environment(), null, null,
                                    service.entrypoint()));
                            return null;
                        }));
            }
        }
        return chain.map(v -> new CreateVersion(upload.mainModule(), upload.modules(), vars, resolved,
                new CreateVersion.LimitsBody(upload.cpuMs()), new Annotations(upload.message(), upload.tag(), null), deploy));
    }

    /** Where a service binding to a script lands: that script's environment, else production of the service named like it. */
    private Uni<ScriptNames.Place> target(AccountAccess access, Upload.ServiceBinding binding) {
        if (binding.environment() != null && !binding.environment().isBlank()) {
            return Uni.createFrom().item(new ScriptNames.Place(ScriptNames.check(binding.service()), binding.environment()));
        }
        return scripts.find(access, ScriptNames.check(binding.service())).map(found -> found == null
                ? ScriptNames.production(binding.service())
                : new ScriptNames.Place(found.target().service(), found.target().name()));
    }

    /** {@code PUT …/scripts/:name} result: {@code deployment_id} is the version id (WRANGLER.md 7.1). */
    Map<String, Object> putResult(String script, Uploaded uploaded) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", script);
        result.put("deployment_id", uploaded.outcome().version().id().toString());
        result.put("etag", uploaded.outcome().version().digest());
        result.put("startup_time_ms", 0);
        result.put("created_on", uploaded.outcome().version().createdAt().toString());
        result.put("modified_on", uploaded.outcome().version().createdAt().toString());
        return result;
    }

    /** {@code POST …/versions} result. */
    Map<String, Object> versionResult(String script, Uploaded uploaded) {
        var v = uploaded.outcome().version();
        Map<String, Object> result = version(new ScriptRepository.VersionRow(v.id(), v.number(), v.createdAt(), v.author(),
                v.annotations().message(), v.annotations().tag()), uploaded.outcome().created() ? "version_upload" : null);
        result.put("resources", Map.of("script", Map.of("etag", v.digest(), "handlers", List.of("fetch")), "bindings", List.of()));
        result.put("startup_time_ms", 0);
        return result;
    }

    @WithSession
    public Uni<List<Map<String, Object>>> listVersions(String slug, String script) {
        return located(slug, script, Role.VIEWER).chain(located -> repository.versions(located.target().id(), VERSIONS_LISTED))
                .map(rows -> rows.stream().map(r -> version(r, null)).toList());
    }

    @WithSession
    public Uni<Map<String, Object>> getVersion(String slug, String script, String id) {
        return located(slug, script, Role.VIEWER).chain(located -> repository.versionById(located.target().id(), uuid(id))
                .map(row -> {
                    if (row == null) {
                        throw new CfException(404, CfException.NOT_FOUND, "script '" + script + "' has no version '" + id + "'");
                    }
                    return version(row, null);
                }));
    }

    /** A version in Cloudflare's shape; {@code number} is ours (also in {@code metadata}). */
    static Map<String, Object> version(ScriptRepository.VersionRow row, String triggeredBy) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_on", row.createdAt().toString());
        metadata.put("modified_on", row.createdAt().toString());
        metadata.put("author_email", row.author());
        metadata.put("author_id", row.author());
        metadata.put("source", "wrangler");
        metadata.put("has_preview", false);
        metadata.put("edgeworks_number", row.number());
        Map<String, Object> annotations = new LinkedHashMap<>();
        if (triggeredBy != null) {
            annotations.put("workers/triggered_by", triggeredBy);
        }
        if (row.message() != null) {
            annotations.put("workers/message", row.message());
        }
        if (row.tag() != null) {
            annotations.put("workers/tag", row.tag());
        }
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("id", row.id().toString());
        version.put("number", row.number());
        version.put("metadata", metadata);
        version.put("annotations", annotations);
        return version;
    }

    /**
     * Deployments newest first. {@code workers/triggered_by} is {@code rollback} for a deployment of one version at 100%
     * older than a version deployed before it (wrangler's rollback sends nothing that marks it), else {@code deployment}.
     */
    @WithSession
    public Uni<Map<String, Object>> listDeployments(String slug, String script, int limit) {
        return guard.require(slug, Role.VIEWER).chain(access -> scripts.require(access, script)).chain(located ->
                deploymentService.history(slug, located.target().service(), located.target().name(),
                                new PageRequest(limit, null))
                        .chain(list -> repository.versionIds(located.target().id(), list.stream()
                                        .flatMap(d -> d.versions().stream().map(Split::number)).distinct().toList())
                                .map(ids -> Map.<String, Object>of("deployments", deployments(list, ids)))));
    }

    static List<Map<String, Object>> deployments(List<DeploymentView> newestFirst, Map<Integer, UUID> ids) {
        List<DeploymentView> oldestFirst = new ArrayList<>(newestFirst);
        oldestFirst.sort(Comparator.comparingLong(DeploymentView::sequence));
        Map<UUID, String> triggers = new LinkedHashMap<>();
        int highest = 0;
        for (DeploymentView d : oldestFirst) {
            boolean single = d.versions().size() == 1 && d.versions().getFirst().percentage() == 100;
            triggers.put(d.id(), single && d.versions().getFirst().number() < highest ? "rollback" : "deployment");
            for (Split s : d.versions()) {
                highest = Math.max(highest, s.number());
            }
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (DeploymentView d : newestFirst) {
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("workers/triggered_by", triggers.get(d.id()));
            if (d.message() != null) {
                annotations.put("workers/message", d.message());
            }
            Map<String, Object> deployment = new LinkedHashMap<>();
            deployment.put("id", d.id().toString());
            deployment.put("created_on", d.createdAt().toString());
            deployment.put("author_email", d.author());
            deployment.put("source", "wrangler");
            deployment.put("strategy", "percentage");
            deployment.put("annotations", annotations);
            deployment.put("versions", d.versions().stream().filter(s -> ids.containsKey(s.number()))
                    .map(s -> Map.<String, Object>of("version_id", ids.get(s.number()).toString(), "percentage", s.percentage())).toList());
            result.add(deployment);
        }
        return result;
    }

    /** {@code POST …/deployments}: {@code {"strategy":"percentage","versions":[{"version_id","percentage"}],"annotations":{…}}}. */
    @WithTransaction
    public Uni<Map<String, Object>> deploy(String slug, String script, JsonNode body) {
        if (body == null || !body.path("versions").isArray() || body.path("versions").isEmpty()) {
            throw CfException.invalid("send {\"strategy\":\"percentage\",\"versions\":[{\"version_id\":…,\"percentage\":100}]}");
        }
        if (body.hasNonNull("strategy") && !"percentage".equals(body.get("strategy").asText())) {
            throw CfException.unsupported("deployment strategy '" + body.get("strategy").asText() + "' is not supported; use percentage");
        }
        String message = body.path("annotations").hasNonNull("workers/message") ? body.path("annotations").get("workers/message").asText() : null;
        return writable(slug, script).chain(located -> {
            List<Split> splits = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (JsonNode entry : body.get("versions")) {
                String id = entry.path("version_id").asText("");
                JsonNode percentage = entry.path("percentage");
                if (!percentage.isNumber() || percentage.asDouble() != Math.rint(percentage.asDouble())) {
                    throw CfException.invalid("version '" + id + "': percentage must be a whole number (Edgeworks splits by whole percent), got "
                            + percentage);
                }
                chain = chain.chain(() -> repository.versionById(located.target().id(), uuid(id)).map(row -> {
                    if (row == null) {
                        throw CfException.invalid("script '" + script + "' has no version '" + id + "'");
                    }
                    splits.add(new Split(row.number(), percentage.asInt()));
                    return null;
                }));
            }
            return chain.chain(() -> deploymentService.deploy(slug, located.target().service(), located.target().name(),
                    new CreateDeployment(splits, message == null || message.isEmpty() ? null : message)));
        }).map(view -> Map.of("id", view.id().toString()));
    }

    /** {@code GET …/settings}: the latest version's bindings in Cloudflare's shape (vars, KV, services, secret names). */
    @WithSession
    public Uni<Map<String, Object>> settings(String slug, String script) {
        return located(slug, script, Role.VIEWER).chain(located -> {
            EnvironmentTarget target = located.target();
            Uni<VersionDetail> latest = target.latestVersion() == 0 ? Uni.createFrom().nullItem()
                    : versions.get(slug, target.service(), target.name(), target.latestVersion());
            return latest.chain(detail -> {
                List<Map<String, Object>> bindings = new ArrayList<>();
                Uni<Void> chain = Uni.createFrom().voidItem();
                if (detail != null) {
                    detail.vars().forEach((name, value) -> bindings.add(Map.of("name", name, "type", "plain_text", "text", value)));
                    for (BindingRequest b : detail.bindings()) {
                        if ("kv".equals(b.type())) {
                            chain = chain.chain(() -> kvNamespaces.findId(target.access().accountId(), b.namespace()).map(id -> {
                                bindings.add(Map.of("name", b.name(), "type", "kv_namespace",
                                        "namespace_id", id == null ? "" : id.toString().replace("-", "")));
                                return null;
                            }));
                        } else {
                            bindings.add(Map.of("name", b.name(), "type", "service", "service", ScriptNames.scriptOf(b.service(),
                                    b.environment() == null ? "production" : b.environment())));
                        }
                    }
                    detail.secrets().forEach(name -> bindings.add(Map.of("name", name, "type", "secret_text")));
                }
                return chain.map(v -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("bindings", bindings);
                    result.put("tags", located.row() == null ? List.of() : located.row().tags());
                    result.put("logpush", false);
                    result.put("tail_consumers", List.of());
                    result.put("observability", Map.of("enabled", false));
                    return result;
                });
            });
        });
    }

    /**
     * {@code PATCH …/script-settings}: stores the tags. Tags that name another place than the script's ({@code cf:service} /
     * {@code cf:environment}) are refused (wrangler only warns), naming both.
     */
    @WithTransaction
    public Uni<Map<String, Object>> patchSettings(String slug, String script, JsonNode body) {
        return guard.require(slug, Role.VIEWER).chain(access -> scripts.requirePlaced(access, script))
                .call(located -> guard.require(slug, Role.DEVELOPER, located.target().name())).chain(located -> {
            AccountAccess access = located.target().access();
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("logpush", false);
            echo.put("tail_consumers", List.of());
            echo.put("observability", body != null && body.has("observability") ? body.get("observability") : Map.of("enabled", false));
            if (body == null || !body.has("tags") || !body.get("tags").isArray()) {
                echo.put("tags", located.row().tags());
                return Uni.createFrom().item(echo);
            }
            List<String> tags = new ArrayList<>();
            body.get("tags").forEach(t -> tags.add(t.asText()));
            if (tags.size() > 64) {
                throw CfException.invalid("at most 64 tags");
            }
            ScriptNames.Place named = ScriptNames.fromTags(tags);
            EnvironmentTarget target = located.target();
            if (named != null && !(named.service().equals(target.service()) && named.environment().equals(target.name()))) {
                throw CfException.invalid("script '" + script + "' is environment '" + target.name() + "' of service '" + target.service()
                        + "' on Edgeworks, but its tags name environment '" + named.environment() + "' of service '" + named.service()
                        + "'; see README \"Deploy with wrangler\" for how script names map (deploy the service's production first)");
            }
            echo.put("tags", tags);
            return repository.setTags(access.accountId(), script, tags).replaceWith(echo);
        });
    }

    /** {@code GET …/subdomain}. */
    @WithSession
    public Uni<Map<String, Object>> subdomain(String slug, String script) {
        return located(slug, script, Role.VIEWER).map(located -> subdomainResult(located.row() == null || located.row().workersDev(),
                located.row() != null && located.row().previewsEnabled()));
    }

    /** {@code POST …/subdomain}: stores the flags (README: the generated hostname serves either way). */
    @WithTransaction
    public Uni<Map<String, Object>> setSubdomain(String slug, String script, JsonNode body) {
        return guard.require(slug, Role.VIEWER).chain(access -> scripts.requirePlaced(access, script))
                .call(located -> guard.require(slug, Role.DEVELOPER, located.target().name())).chain(located -> {
            AccountAccess access = located.target().access();
            boolean enabled = body != null && body.has("enabled") ? body.get("enabled").asBoolean() : located.row().workersDev();
            boolean previews = body != null && body.has("previews_enabled") ? body.get("previews_enabled").asBoolean()
                    : located.row().previewsEnabled();
            return repository.setSubdomain(access.accountId(), script, enabled, previews).replaceWith(subdomainResult(enabled, previews));
        });
    }

    private static Map<String, Object> subdomainResult(boolean enabled, boolean previews) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("enabled", enabled);
        result.put("previews_enabled", previews);
        return result;
    }

    /** The account's "workers.dev subdomain": {@code <account>.<base-domain>}, so that {@code <script>.<subdomain>} is the generated host. */
    @WithSession
    public Uni<Map<String, Object>> accountSubdomain(String slug) {
        return guard.require(slug, Role.VIEWER).map(access -> Map.of("subdomain", access.slug() + "." + hostnames.baseDomain()));
    }

    /** {@code PUT …/secrets}: a new version with the secret, deployed at 100% (10215 while the latest version is not the deployed one). */
    @WithTransaction
    public Uni<Map<String, Object>> putSecret(String slug, String script, JsonNode body) {
        String name = body == null ? null : body.path("name").asText(null);
        String text = body == null ? null : body.path("text").asText(null);
        String type = body == null ? "secret_text" : body.path("type").asText("secret_text");
        if (name == null || text == null) {
            throw CfException.invalid("send {\"name\":…,\"text\":…,\"type\":\"secret_text\"}");
        }
        if (!"secret_text".equals(type)) {
            throw CfException.unsupported("secret type '" + type + "' is not supported; use secret_text");
        }
        return writable(slug, script).call(located -> requireLatestDeployed(located.target()))
                .chain(located -> versions.putSecret(slug, located.target().service(), located.target().name(), name, new PutSecret(text))
                .map(outcome -> Map.of("name", name, "type", "secret_text")));
    }

    @WithSession
    public Uni<List<Map<String, Object>>> secrets(String slug, String script) {
        return located(slug, script, Role.VIEWER).chain(located -> located.target().latestVersion() == 0
                ? Uni.createFrom().item(List.<Map<String, Object>>of())
                : versions.get(slug, located.target().service(), located.target().name(), located.target().latestVersion())
                .map(detail -> detail.secrets().stream().map(n -> Map.<String, Object>of("name", n, "type", "secret_text")).toList()));
    }

    @WithTransaction
    public Uni<Void> deleteSecret(String slug, String script, String name) {
        return writable(slug, script).call(located -> requireLatestDeployed(located.target())).chain(located ->
                versions.deleteSecret(slug, located.target().service(), located.target().name(), name)).replaceWithVoid();
    }

    /**
     * A secret change makes a new version from the <em>latest</em> one and deploys it; like Cloudflare (10215), refuse it
     * while the latest version is not what is deployed (after a {@code versions upload}, a split or a rollback), so that
     * it never deploys code nobody chose to deploy.
     */
    private Uni<Void> requireLatestDeployed(EnvironmentTarget target) {
        return deployments.current(target.id()).map(current -> {
            if (target.latestVersion() > 0 && (current == null || !current.versions().equals(List.of(new Split(target.latestVersion(), 100))))) {
                throw new CfException(400, CfException.SECRET_NOT_ON_DEPLOYED, "Secret edit failed. You attempted to modify a secret, "
                        + "but the latest version of your Worker isn't currently deployed (latest is v" + target.latestVersion()
                        + "). Deploy it first (wrangler versions deploy <id>@100 or wrangler deploy), then change the secret");
            }
            return null;
        });
    }

    /** The script, for a write to its environment: role developer, and for an API token a scope that covers this environment. */
    private Uni<Scripts.Located> writable(String slug, String script) {
        return located(slug, script, Role.VIEWER).call(located -> guard.require(slug, Role.DEVELOPER, located.target().name()));
    }

    private Uni<Scripts.Located> located(String slug, String script, Role role) {
        return guard.require(slug, role).chain(access -> scripts.require(access, script));
    }

    /** A version, deployment or KV id: a UUID with or without dashes (Cloudflare shows 32 hex digits). */
    static UUID uuid(String id) {
        UUID parsed = parseId(id);
        if (parsed == null) {
            throw new CfException(404, CfException.NOT_FOUND, "'" + id + "' is not an id of this API (32 hex digits or a UUID)");
        }
        return parsed;
    }

    static UUID kvId(String id) {
        UUID parsed = parseId(id);
        if (parsed == null) {
            throw CfException.invalid("'" + id + "' is not a KV namespace id of this account (32 hex digits; 'wrangler kv namespace list' shows them)");
        }
        return parsed;
    }

    static UUID parseId(String id) {
        if (id == null) {
            return null;
        }
        String hex = id.replace("-", "");
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            return null;
        }
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    static String hex(UUID id) {
        return id.toString().replace("-", "");
    }
}
