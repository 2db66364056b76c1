package io.edgeworks.admin.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.admin.client.ApiModel.AccountAnalytics;
import io.edgeworks.admin.client.ApiModel.Account;
import io.edgeworks.admin.client.ApiModel.EnvironmentAnalytics;
import io.edgeworks.admin.client.ApiModel.AuditEntry;
import io.edgeworks.admin.client.ApiModel.CronRun;
import io.edgeworks.admin.client.ApiModel.Deployment;
import io.edgeworks.admin.client.ApiModel.Domain;
import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.ApiModel.KvNamespace;
import io.edgeworks.admin.client.ApiModel.Me;
import io.edgeworks.admin.client.ApiModel.Member;
import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.ApiModel.Route;
import io.edgeworks.admin.client.ApiModel.Service;
import io.edgeworks.admin.client.ApiModel.Triggers;
import io.edgeworks.admin.client.ApiModel.Slice;
import io.edgeworks.admin.client.ApiModel.Version;
import io.edgeworks.admin.config.AdminConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link PlatformApi} over HTTP: turns every failure into an {@link ApiException} a page can show. */
@ApplicationScoped
public class RestPlatformApi implements PlatformApi {
    private final PlatformApiRestClient client;
    private final AdminConfig config;

    @Inject
    public RestPlatformApi(@RestClient PlatformApiRestClient client, AdminConfig config) {
        this.client = client;
        this.config = config;
    }

    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ApiException e) {
            throw e;
        } catch (WebApplicationException e) {
            throw Problems.fromResponse(e.getResponse());
        } catch (ProcessingException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(503, "The platform API at " + config.apiUrl()
                    + " cannot be reached right now. Nothing was changed; try again in a moment.", List.of());
        }
    }

    private void run(Runnable request) {
        call(() -> {
            request.run();
            return null;
        });
    }

    @Override
    public Me me() {
        return call(client::me);
    }

    @Override
    public List<Account> accounts() {
        return call(client::accounts);
    }

    @Override
    public Account createAccount(String slug, String name) {
        return call(() -> client.createAccount(body("slug", slug, "name", name)));
    }

    @Override
    public void deleteAccount(String slug) {
        run(() -> client.deleteAccount(slug));
    }

    @Override
    public List<Member> members(String account) {
        return call(() -> client.members(account));
    }

    @Override
    public List<ApiModel.ApiToken> tokens(String account) {
        return call(() -> client.tokens(account));
    }

    @Override
    public ApiModel.CreatedApiToken createToken(String account, String name, List<String> scopes, String ttl) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("scopes", scopes);
        if (ttl != null && !ttl.isBlank()) {
            body.put("ttl", ttl);
        }
        return call(() -> client.createToken(account, body));
    }

    @Override
    public void revokeToken(String account, String id) {
        run(() -> client.revokeToken(account, id));
    }

    @Override
    public void putMember(String account, String username, String role) {
        call(() -> client.putMember(account, username, body("role", role)));
    }

    @Override
    public void removeMember(String account, String username) {
        run(() -> client.removeMember(account, username));
    }

    @Override
    public List<Service> services(String account) {
        return call(() -> client.services(account));
    }

    @Override
    public Service service(String account, String service) {
        return call(() -> client.service(account, service));
    }

    @Override
    public Service createService(String account, String name) {
        return call(() -> client.createService(account, body("name", name)));
    }

    @Override
    public void deleteService(String account, String service) {
        run(() -> client.deleteService(account, service));
    }

    @Override
    public List<Environment> environments(String account, String service) {
        return call(() -> client.environments(account, service));
    }

    @Override
    public Environment environment(String account, String service, String environment) {
        return call(() -> client.environment(account, service, environment));
    }

    @Override
    public Graph graph(String account, String service, String environment) {
        return call(() -> client.graph(account, service, environment));
    }

    @Override
    public Environment createEnvironment(String account, String service, String name, String cloneFrom) {
        return call(() -> client.createEnvironment(account, service, body("name", name, "clone_from", cloneFrom)));
    }

    @Override
    public Environment renameEnvironment(String account, String service, String environment, String newName) {
        return call(() -> client.renameEnvironment(account, service, environment, body("name", newName)));
    }

    @Override
    public void deleteEnvironment(String account, String service, String environment) {
        run(() -> client.deleteEnvironment(account, service, environment));
    }

    @Override
    public List<Version> versions(String account, String service, String environment, int limit) {
        return call(() -> client.versions(account, service, environment, limit));
    }

    @Override
    public Version version(String account, String service, String environment, int number) {
        return call(() -> client.version(account, service, environment, number));
    }

    @Override
    public Version createVersion(String account, String service, String environment, NewVersion version) {
        return call(() -> client.createVersion(account, service, environment, version));
    }

    @Override
    public List<String> triggers(String account, String service, String environment) {
        return call(() -> client.triggers(account, service, environment)).crons();
    }

    @Override
    public List<String> setTriggers(String account, String service, String environment, List<String> crons) {
        return call(() -> client.setTriggers(account, service, environment, new Triggers(crons))).crons();
    }

    @Override
    public EnvironmentAnalytics environmentAnalytics(String account, String service, String environment, String from, String to,
            String step) {
        return call(() -> client.environmentAnalytics(account, service, environment, from, to, step));
    }

    @Override
    public AccountAnalytics accountAnalytics(String account, String from, String to) {
        return call(() -> client.accountAnalytics(account, from, to));
    }

    @Override
    public List<CronRun> cronRuns(String account, String service, String environment, int limit) {
        return call(() -> client.cronRuns(account, service, environment, limit));
    }

    @Override
    public Version patchVars(String account, String service, String environment, Map<String, String> changes) {
        return call(() -> client.patchVars(account, service, environment, changes));
    }

    @Override
    public Version putSecret(String account, String service, String environment, String name, String value) {
        return call(() -> client.putSecret(account, service, environment, name, body("value", value)));
    }

    @Override
    public Version deleteSecret(String account, String service, String environment, String name) {
        return call(() -> client.deleteSecret(account, service, environment, name));
    }

    @Override
    public void deploy(String account, String service, String environment, List<Slice> versions, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("versions", versions);
        if (message != null && !message.isBlank()) {
            body.put("message", message);
        }
        call(() -> client.deploy(account, service, environment, body));
    }

    @Override
    public List<Deployment> deployments(String account, String service, String environment) {
        return call(() -> client.deployments(account, service, environment));
    }

    @Override
    public void promote(String account, String service, String environment, String to, String message) {
        call(() -> client.promote(account, service, environment, body("to", to, "message", message)));
    }

    @Override
    public List<Domain> domains(String account) {
        return call(() -> client.domains(account));
    }

    @Override
    public void createDomain(String account, String name) {
        call(() -> client.createDomain(account, body("name", name)));
    }

    @Override
    public void deleteDomain(String account, String name) {
        run(() -> client.deleteDomain(account, name));
    }

    @Override
    public Domain setHttpsRedirect(String account, String name, boolean on) {
        return call(() -> client.updateDomain(account, name, Map.of("https_redirect", on)));
    }

    @Override
    public Domain verifyDomain(String account, String name) {
        return call(() -> client.verifyDomain(account, name));
    }

    @Override
    public List<Route> routes(String account) {
        return call(() -> client.routes(account));
    }

    @Override
    public void createRoute(String account, String pattern, String service, String environment) {
        call(() -> client.createRoute(account, body("pattern", pattern, "service", service, "environment", environment)));
    }

    @Override
    public void deleteRoute(String account, String id) {
        run(() -> client.deleteRoute(account, id));
    }

    @Override
    public List<ApiModel.Preview> previews(String account) {
        return call(() -> client.previews(account));
    }

    @Override
    public ApiModel.Preview createPreview(String account, String name, String from, List<String> services) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        if (from != null) {
            body.put("from", from);
        }
        body.put("services", services);
        return call(() -> client.createPreview(account, body));
    }

    @Override
    public void deletePreview(String account, String name) {
        run(() -> client.deletePreview(account, name));
    }

    @Override
    public List<KvNamespace> namespaces(String account) {
        return call(() -> client.namespaces(account));
    }

    @Override
    public void createNamespace(String account, String name) {
        call(() -> client.createNamespace(account, body("name", name)));
    }

    @Override
    public void deleteNamespace(String account, String name) {
        run(() -> client.deleteNamespace(account, name));
    }

    @Override
    public List<String> kvKeys(String account, String namespace, String prefix) {
        JsonNode answer = call(() -> client.kvKeys(account, namespace, prefix == null || prefix.isBlank() ? null : prefix));
        List<String> keys = new ArrayList<>();
        JsonNode list = answer != null && answer.isObject() && answer.has("keys") ? answer.get("keys") : answer;
        if (list != null && list.isArray()) {
            for (JsonNode entry : list) {
                keys.add(entry.isTextual() ? entry.asText()
                        : entry.has("key") ? entry.get("key").asText() : entry.path("name").asText());
            }
        }
        return keys;
    }

    @Override
    public Optional<String> kvGet(String account, String namespace, String key) {
        try {
            byte[] value = call(() -> client.kvGet(account, namespace, key));
            return Optional.of(new String(value == null ? new byte[0] : value, StandardCharsets.UTF_8));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void kvPut(String account, String namespace, String key, String value) {
        run(() -> client.kvPut(account, namespace, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void kvDelete(String account, String namespace, String key) {
        run(() -> client.kvDelete(account, namespace, key));
    }

    @Override
    public List<AuditEntry> audit(String account, int limit, Long before) {
        return call(() -> client.audit(account, limit, before));
    }

    /** A JSON object from pairs, leaving out null values. */
    private static Map<String, String> body(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put(pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
