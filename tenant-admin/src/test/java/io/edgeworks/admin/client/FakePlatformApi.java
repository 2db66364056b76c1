package io.edgeworks.admin.client;

import io.edgeworks.admin.client.ApiException.FieldError;
import io.edgeworks.admin.client.ApiModel.AccountAnalytics;
import io.edgeworks.admin.client.ApiModel.Account;
import io.edgeworks.admin.client.ApiModel.EnvironmentAnalytics;
import io.edgeworks.admin.client.ApiModel.Annotations;
import io.edgeworks.admin.client.ApiModel.AuditEntry;
import io.edgeworks.admin.client.ApiModel.Binding;
import io.edgeworks.admin.client.ApiModel.CronRun;
import io.edgeworks.admin.client.ApiModel.Deployment;
import io.edgeworks.admin.client.ApiModel.Domain;
import io.edgeworks.admin.client.ApiModel.DomainCertificate;
import io.edgeworks.admin.client.ApiModel.DomainVerification;
import io.edgeworks.admin.client.ApiModel.Environment;
import io.edgeworks.admin.client.ApiModel.KvNamespace;
import io.edgeworks.admin.client.ApiModel.Me;
import io.edgeworks.admin.client.ApiModel.Member;
import io.edgeworks.admin.client.ApiModel.Membership;
import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.ApiModel.Route;
import io.edgeworks.admin.client.ApiModel.Service;
import io.edgeworks.admin.client.ApiModel.Slice;
import io.edgeworks.admin.client.ApiModel.Version;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * In-memory stand-in for platform-api, one layer below the pages: it keeps accounts, members, services,
 * environments and versions per the contract's rules (names, roles, 404 for non-members, 409 for taken
 * names, field errors), and answers as the person {@code @TestSecurity} signs in.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FakePlatformApi implements PlatformApi {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final List<String> ROLES = List.of("viewer", "developer", "admin", "owner");

    @Inject
    SecurityIdentity identity;

    private final Map<String, Acc> accounts = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** When set, the next call fails with it (to show how pages display API problems). */
    private volatile ApiException failNext;

    static final class Acc {
        final String slug;
        final String name;
        final Map<String, String> members = new LinkedHashMap<>();
        final Map<String, Map<String, Env>> services = new LinkedHashMap<>();
        final List<Domain> domains = new ArrayList<>();
        final List<Route> routes = new ArrayList<>();
        final List<ApiModel.Preview> previews = new ArrayList<>();
        final Map<String, Map<String, String>> kv = new LinkedHashMap<>();
        final List<AuditEntry> audit = new ArrayList<>();
        final List<ApiModel.ApiToken> tokens = new ArrayList<>();

        Acc(String slug, String name) {
            this.slug = slug;
            this.name = name;
        }
    }

    static final class Env {
        String name;
        final List<Version> versions = new ArrayList<>();
        final Map<String, String> secrets = new TreeMap<>();
        List<Slice> deployment = List.of();
        final List<Deployment> deployments = new ArrayList<>();
        List<String> crons = List.of();
        /** Runs as the edge would have recorded them, newest first (seeded by tests). */
        final List<CronRun> runs = new ArrayList<>();

        Env(String name) {
            this.name = name;
        }
    }

    public synchronized void reset() {
        accounts.clear();
        graphs.clear();
        actingAs = null;
        failNext = null;
        proven.clear();
        analytics = null;
    }

    public void failNext(ApiException problem) {
        failNext = problem;
    }

    /** Seeds an account owned by {@code owner} with extra members given as username→role pairs. */
    public synchronized void seedAccount(String slug, String owner, String... memberRoles) {
        Acc acc = new Acc(slug, slug.toUpperCase());
        acc.members.put(owner, "owner");
        for (int i = 0; i < memberRoles.length; i += 2) {
            acc.members.put(memberRoles[i], memberRoles[i + 1]);
        }
        accounts.put(slug, acc);
    }

    private volatile String actingAs;

    /** Runs {@code setup} as another person, e.g. to seed data that a viewer then reads. */
    public synchronized void as(String user, Runnable setup) {
        actingAs = user;
        try {
            setup.run();
        } finally {
            actingAs = null;
        }
    }

    private String user() {
        return actingAs != null ? actingAs : identity.getPrincipal().getName();
    }

    private void maybeFail() {
        ApiException f = failNext;
        if (f != null) {
            failNext = null;
            throw f;
        }
    }

    private Acc acc(String slug, String needed) {
        maybeFail();
        Acc acc = accounts.get(slug);
        if (acc == null || !acc.members.containsKey(user())) {
            throw new ApiException(404, "account " + slug + " does not exist or you are not a member of it", List.of());
        }
        if (ROLES.indexOf(acc.members.get(user())) < ROLES.indexOf(needed)) {
            throw new ApiException(403, "this needs the role " + needed + " in account " + slug + "; you are "
                    + acc.members.get(user()), List.of());
        }
        return acc;
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(400, field + " " + message, List.of(new FieldError(field, message)));
    }

    private static void checkName(String field, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw invalid(field, "must be 1–63 lower-case letters, digits or -, not starting or ending with -");
        }
    }

    private Map<String, Env> svc(Acc acc, String service) {
        Map<String, Env> envs = acc.services.get(service);
        if (envs == null) {
            throw new ApiException(404, "service " + service + " does not exist in account " + acc.slug, List.of());
        }
        return envs;
    }

    private Env env(Acc acc, String service, String environment) {
        Env env = svc(acc, service).get(environment);
        if (env == null) {
            throw new ApiException(404, "environment " + environment + " does not exist in service " + service, List.of());
        }
        return env;
    }

    private static String hostname(Acc acc, String service, String env) {
        return ("production".equals(env) ? "" : env + "-") + service + "." + acc.slug + ".localhost";
    }

    private Environment view(Acc acc, String service, Env env) {
        Integer latest = env.versions.isEmpty() ? null : env.versions.getLast().number();
        Deployment d = env.deployment.isEmpty() ? null : new Deployment(env.deployment, null, null, null);
        return new Environment(env.name, hostname(acc, service, env.name), latest, d, Instant.EPOCH);
    }

    private void audit(Acc acc, String action, String target) {
        acc.audit.addFirst(new AuditEntry(ids.incrementAndGet(), user(), action, target, null, Instant.now()));
    }

    @Override
    public synchronized Me me() {
        maybeFail();
        List<Membership> ms = accounts.values().stream().filter(a -> a.members.containsKey(user()))
                .map(a -> new Membership(a.slug, a.members.get(user()))).toList();
        return new Me(user(), ms);
    }

    @Override
    public synchronized List<Account> accounts() {
        maybeFail();
        return accounts.values().stream().filter(a -> a.members.containsKey(user()))
                .map(a -> new Account(a.slug, a.name, a.members.get(user()), Instant.EPOCH)).toList().reversed();
    }

    @Override
    public synchronized Account createAccount(String slug, String name) {
        maybeFail();
        checkName("slug", slug);
        if (accounts.containsKey(slug)) {
            throw new ApiException(409, "the account slug " + slug + " is already taken", List.of(new FieldError("slug", "is already taken")));
        }
        seedAccount(slug, user());
        audit(accounts.get(slug), "account.create", slug);
        return new Account(slug, name, "owner", Instant.now());
    }

    @Override
    public synchronized void deleteAccount(String slug) {
        acc(slug, "owner");
        accounts.remove(slug);
    }

    @Override
    public synchronized List<Member> members(String account) {
        return acc(account, "viewer").members.entrySet().stream()
                .map(e -> new Member(e.getKey(), e.getValue(), Instant.EPOCH)).toList();
    }

    @Override
    public synchronized List<ApiModel.ApiToken> tokens(String account) {
        return List.copyOf(acc(account, "viewer").tokens);
    }

    /** Records the token (the secret is made up here; scopes are platform-api's business and are kept as given). */
    @Override
    public synchronized ApiModel.CreatedApiToken createToken(String account, String name, List<String> scopes, String ttl) {
        Acc acc = acc(account, "developer");
        if (name == null || name.isBlank()) {
            throw invalid("name", "is required");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw invalid("scopes", "is required: one or more of 'read', 'deploy', 'deploy:<environment glob>', 'tail', 'admin'");
        }
        String id = "00000000-0000-0000-0000-" + String.format("%012d", ids.incrementAndGet());
        Instant expires = ttl == null || ttl.isBlank() ? null : Instant.now().plus(java.time.Duration.ofDays(Long.parseLong(ttl.replace("d", ""))));
        acc.tokens.addFirst(new ApiModel.ApiToken(id, name, scopes, user(), Instant.now(), expires, null, "active"));
        audit(acc, "token.create", name);
        return new ApiModel.CreatedApiToken(id, name, scopes, expires, "ewt_fakeLookup000000_" + "s".repeat(43));
    }

    @Override
    public synchronized void revokeToken(String account, String id) {
        Acc acc = acc(account, "viewer");
        ApiModel.ApiToken token = acc.tokens.stream().filter(t -> t.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiException(404, "account " + account + " has no API token " + id, List.of()));
        if (!token.createdBy().equals(user()) && ROLES.indexOf(acc.members.get(user())) < ROLES.indexOf("admin")) {
            throw new ApiException(403, "only the token's creator or an admin may revoke it", List.of());
        }
        acc.tokens.remove(token);
        audit(acc, "token.revoke", token.name());
    }

    @Override
    public synchronized void putMember(String account, String username, String role) {
        Acc acc = acc(account, "admin");
        if (!ROLES.contains(role)) {
            throw invalid("role", "must be one of owner, admin, developer, viewer");
        }
        if (username == null || username.isBlank()) {
            throw invalid("username", "must not be empty");
        }
        acc.members.put(username, role);
    }

    @Override
    public synchronized void removeMember(String account, String username) {
        acc(account, "admin").members.remove(username);
    }

    @Override
    public synchronized List<Service> services(String account) {
        Acc acc = acc(account, "viewer");
        return acc.services.keySet().stream().map(s -> service(account, s)).toList().reversed();
    }

    @Override
    public synchronized Service service(String account, String service) {
        Acc acc = acc(account, "viewer");
        return new Service(service, svc(acc, service).values().stream().map(e -> view(acc, service, e)).toList(), Instant.EPOCH);
    }

    @Override
    public synchronized Service createService(String account, String name) {
        Acc acc = acc(account, "developer");
        checkName("name", name);
        if (acc.services.containsKey(name)) {
            throw new ApiException(409, "a service named " + name + " already exists in " + account, List.of(new FieldError("name", "is already taken")));
        }
        Map<String, Env> envs = new LinkedHashMap<>();
        envs.put("production", new Env("production"));
        acc.services.put(name, envs);
        audit(acc, "service.create", name);
        return service(account, name);
    }

    @Override
    public synchronized void deleteService(String account, String service) {
        Acc acc = acc(account, "developer");
        svc(acc, service);
        acc.services.remove(service);
    }

    @Override
    public synchronized List<Environment> environments(String account, String service) {
        return service(account, service).environments();
    }

    @Override
    public synchronized Environment environment(String account, String service, String environment) {
        Acc acc = acc(account, "viewer");
        return view(acc, service, env(acc, service, environment));
    }

    /** Graphs as platform-api would answer them, by {@code account/service/environment} (a thin recorded answer). */
    private final Map<String, Graph> graphs = new LinkedHashMap<>();

    public synchronized void seedGraph(String account, String service, String environment, Graph graph) {
        graphs.put(account + "/" + service + "/" + environment, graph);
    }

    @Override
    public synchronized Graph graph(String account, String service, String environment) {
        Acc acc = acc(account, "viewer");
        Env env = env(acc, service, environment);
        Graph seeded = graphs.get(account + "/" + service + "/" + environment);
        if (seeded != null) {
            return seeded;
        }
        String id = service + "/" + env.name;
        return new Graph(id, List.of(new Graph.Node(id, service, env.name, hostname(acc, service, env.name), true, env.deployment)),
                List.of(), false);
    }

    @Override
    public synchronized Environment createEnvironment(String account, String service, String name, String cloneFrom) {
        Acc acc = acc(account, "developer");
        Map<String, Env> envs = svc(acc, service);
        checkName("name", name);
        if (envs.containsKey(name)) {
            throw new ApiException(409, "environment " + name + " already exists", List.of(new FieldError("name", "is already taken")));
        }
        Env env = new Env(name);
        if (cloneFrom != null) {
            Env source = envs.get(cloneFrom);
            if (source == null) {
                throw invalid("clone_from", "names no environment of service " + service);
            }
            if (!source.versions.isEmpty()) {
                Version v = source.versions.getLast();
                env.versions.add(copy(v, 1, Annotations.NONE));
                env.secrets.putAll(source.secrets);
                env.deployment = List.of(new Slice(1, 100));
            }
        }
        envs.put(name, env);
        return view(acc, service, env);
    }

    @Override
    public synchronized Environment renameEnvironment(String account, String service, String environment, String newName) {
        Acc acc = acc(account, "developer");
        Map<String, Env> envs = svc(acc, service);
        Env env = env(acc, service, environment);
        if ("production".equals(environment)) {
            throw invalid("name", "production cannot be renamed");
        }
        checkName("name", newName);
        if (envs.containsKey(newName)) {
            throw new ApiException(409, "environment " + newName + " already exists", List.of(new FieldError("name", "is already taken")));
        }
        envs.remove(environment);
        env.name = newName;
        envs.put(newName, env);
        return view(acc, service, env);
    }

    @Override
    public synchronized void deleteEnvironment(String account, String service, String environment) {
        Acc acc = acc(account, "developer");
        env(acc, service, environment);
        if ("production".equals(environment)) {
            throw new ApiException(409, "production cannot be deleted; delete the service instead", List.of());
        }
        svc(acc, service).remove(environment);
    }

    @Override
    public synchronized List<Version> versions(String account, String service, String environment, int limit) {
        Acc acc = acc(account, "viewer");
        return env(acc, service, environment).versions.reversed().stream().limit(limit).toList();
    }

    @Override
    public synchronized Version version(String account, String service, String environment, int number) {
        Acc acc = acc(account, "viewer");
        Env env = env(acc, service, environment);
        return env.versions.stream().filter(v -> v.number() == number).findFirst()
                .orElseThrow(() -> new ApiException(404, "version " + number + " does not exist", List.of()));
    }

    private Version copy(Version v, int number, Annotations notes) {
        return new Version(number, "v-" + ids.incrementAndGet(), Instant.now(), user(), notes, v.hostname(),
                v.mainModule(), v.modules(), v.vars(), v.bindings(), v.secrets(), null);
    }

    private Version add(Acc acc, String service, Env env, String main, Map<String, String> modules,
            Map<String, String> vars, List<Binding> bindings, Annotations notes, boolean deploy) {
        int number = env.versions.size() + 1;
        Version v = new Version(number, "v-" + ids.incrementAndGet(), Instant.now(), user(),
                notes == null ? Annotations.NONE : notes, hostname(acc, service, env.name), main, Map.copyOf(modules),
                Map.copyOf(vars), List.copyOf(bindings), List.copyOf(env.secrets.keySet()), null);
        env.versions.add(v);
        if (deploy) {
            env.deployment = List.of(new Slice(number, 100));
        }
        audit(acc, "version.create", service + "/" + env.name + " v" + number);
        return v;
    }

    @Override
    public synchronized Version createVersion(String account, String service, String environment, NewVersion nv) {
        Acc acc = acc(account, "developer");
        Env env = env(acc, service, environment);
        Version latest = env.versions.isEmpty() ? null : env.versions.getLast();
        if (latest == null && (nv.modules() == null || nv.modules().isEmpty())) {
            throw invalid("modules", "the first version needs at least one module");
        }
        Map<String, String> modules = nv.modules() != null ? nv.modules() : latest.moduleMap();
        String main = nv.mainModule() != null ? nv.mainModule() : latest != null ? latest.mainModule() : modules.keySet().iterator().next();
        if (!modules.containsKey(main)) {
            throw invalid("main_module", "names no module of this version (modules: " + String.join(", ", modules.keySet()) + ")");
        }
        for (var e : modules.entrySet()) {
            int at = e.getValue().indexOf("syntax error");
            if (at >= 0) {
                // like platform-api: the position of the offending text, 1-based, as numbers and in the message
                String before = e.getValue().substring(0, at);
                int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
                int column = at - before.lastIndexOf('\n');
                String message = "syntax error in module '" + e.getKey() + "' at line " + line + ", column " + column;
                throw new ApiException(400, "modules." + e.getKey() + ": " + message,
                        List.of(new FieldError("modules." + e.getKey(), message, line, column)));
            }
        }
        List<Binding> bindings = nv.bindings() != null ? nv.bindings() : latest != null ? latest.bindingList() : List.of();
        for (int i = 0; i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            if ("service".equals(b.type()) && !acc.services.containsKey(b.service())) {
                throw invalid("bindings[" + i + "].service", "names no service of account " + account);
            }
        }
        Map<String, String> vars = nv.vars() != null ? nv.vars() : latest != null ? latest.varMap() : Map.of();
        return add(acc, service, env, main, modules, vars, bindings, nv.annotations(), nv.deploy() == null || nv.deploy());
    }

    @Override
    public synchronized List<String> triggers(String account, String service, String environment) {
        return env(acc(account, "viewer"), service, environment).crons;
    }

    /** Stores the list as given (expression rules are platform-api's; tests queue a refusal with {@link #failNext}). */
    @Override
    public synchronized List<String> setTriggers(String account, String service, String environment, List<String> crons) {
        Env env = env(acc(account, "developer"), service, environment);
        env.crons = List.copyOf(crons);
        return env.crons;
    }

    private EnvironmentAnalytics analytics;

    /** What every environment's analytics answers next (null: no traffic). */
    public synchronized void seedAnalytics(EnvironmentAnalytics analytics) {
        this.analytics = analytics;
    }

    /** No traffic unless seeded: the fake has no edge (the real figures are checked by AnalyticsBrowserIT and AnalyticsIT). */
    @Override
    public synchronized EnvironmentAnalytics environmentAnalytics(String account, String service, String environment, String from,
            String to, String step) {
        env(acc(account, "viewer"), service, environment);
        if (analytics != null) {
            return analytics;
        }
        java.time.Instant now = java.time.Instant.now();
        return new EnvironmentAnalytics(account + "/" + service + "/" + environment, now.minusSeconds(3600), now, 60, List.of(), List.of());
    }

    @Override
    public synchronized AccountAnalytics accountAnalytics(String account, String from, String to) {
        acc(account, "viewer");
        java.time.Instant now = java.time.Instant.now();
        return new AccountAnalytics(now.minusSeconds(3600), now, List.of(), List.of());
    }

    @Override
    public synchronized List<CronRun> cronRuns(String account, String service, String environment, int limit) {
        List<CronRun> runs = env(acc(account, "viewer"), service, environment).runs;
        return List.copyOf(runs.subList(0, Math.min(limit, runs.size())));
    }

    /** A run the edge recorded (newest first: add the newest last). */
    public synchronized void seedCronRun(String account, String service, String environment, CronRun run) {
        accounts.get(account).services.get(service).get(environment).runs.addFirst(run);
    }

    @Override
    public synchronized Version patchVars(String account, String service, String environment, Map<String, String> changes) {
        Acc acc = acc(account, "developer");
        Env env = env(acc, service, environment);
        if (env.versions.isEmpty()) {
            throw new ApiException(409, "deploy code first: this environment has no version to change", List.of());
        }
        Version latest = env.versions.getLast();
        Map<String, String> vars = new TreeMap<>(latest.varMap());
        changes.forEach((k, v) -> {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw invalid("vars." + k, "is not a valid variable name (letters, digits, _)");
            }
            if (v == null) {
                vars.remove(k);
            } else {
                vars.put(k, v);
            }
        });
        if (vars.equals(latest.varMap())) {
            return latest;
        }
        return add(acc, service, env, latest.mainModule(), latest.moduleMap(), vars, latest.bindingList(), Annotations.NONE, true);
    }

    @Override
    public synchronized Version putSecret(String account, String service, String environment, String name, String value) {
        Acc acc = acc(account, "developer");
        Env env = env(acc, service, environment);
        if (env.versions.isEmpty()) {
            throw new ApiException(409, "deploy code first: this environment has no version to change", List.of());
        }
        if (value == null || value.isEmpty()) {
            throw invalid("value", "must not be empty");
        }
        env.secrets.put(name, value);
        Version latest = env.versions.getLast();
        return add(acc, service, env, latest.mainModule(), latest.moduleMap(), latest.varMap(), latest.bindingList(), Annotations.NONE, true);
    }

    @Override
    public synchronized Version deleteSecret(String account, String service, String environment, String name) {
        Acc acc = acc(account, "developer");
        Env env = env(acc, service, environment);
        env.secrets.remove(name);
        Version latest = env.versions.getLast();
        return add(acc, service, env, latest.mainModule(), latest.moduleMap(), latest.varMap(), latest.bindingList(), Annotations.NONE, true);
    }

    @Override
    public synchronized void deploy(String account, String service, String environment, List<Slice> versions, String message) {
        Acc acc = acc(account, "developer");
        Env env = env(acc, service, environment);
        int sum = versions.stream().mapToInt(Slice::percentage).sum();
        if (sum != 100) {
            throw invalid("versions", "percentages must sum to 100 (they sum to " + sum + ")");
        }
        for (int i = 0; i < versions.size(); i++) {
            int n = versions.get(i).number();
            if (n < 1 || n > env.versions.size()) {
                throw invalid("versions[" + i + "].number", "names no version of this environment");
            }
        }
        env.deployment = List.copyOf(versions);
        env.deployments.addFirst(new Deployment(env.deployment, message, user(), Instant.now()));
    }

    @Override
    public synchronized List<Deployment> deployments(String account, String service, String environment) {
        Acc acc = acc(account, "viewer");
        return List.copyOf(env(acc, service, environment).deployments);
    }

    @Override
    public synchronized void promote(String account, String service, String environment, String to, String message) {
        Acc acc = acc(account, "developer");
        Env from = env(acc, service, environment);
        Env target = env(acc, service, to);
        Version v = from.versions.getLast();
        add(acc, service, target, v.mainModule(), v.moduleMap(), v.varMap(), v.bindingList(),
                new Annotations(message, null, null), true);
    }

    @Override
    public synchronized List<Domain> domains(String account) {
        return List.copyOf(acc(account, "viewer").domains);
    }

    @Override
    public synchronized void createDomain(String account, String name) {
        Acc acc = acc(account, "admin");
        if (name == null || !name.matches("[a-z0-9.-]+\\.[a-z]{2,}")) {
            throw invalid("name", "must be a domain name such as example.com");
        }
        String token = "token-" + ids.incrementAndGet();
        acc.domains.add(new Domain(name, "pending", new DomainVerification("_edgeworks." + name, token,
                "/.well-known/edgeworks-challenge/" + token), new DomainCertificate("none", null), false, Instant.now(), null,
                Instant.now().plusSeconds(7 * 86400), null));
    }

    @Override
    public synchronized void deleteDomain(String account, String name) {
        acc(account, "admin").domains.removeIf(d -> d.name().equals(name));
    }

    @Override
    public synchronized Domain setHttpsRedirect(String account, String name, boolean on) {
        Acc acc = acc(account, "admin");
        Domain d = acc.domains.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(404, "account " + account + " holds no domain " + name, List.of()));
        Domain changed = new Domain(d.name(), d.status(), d.verification(), d.certificate(), on, d.createdAt(), d.verifiedAt(),
                d.expiresAt(), d.lastCheck());
        acc.domains.replaceAll(x -> x.name().equals(name) ? changed : x);
        return changed;
    }

    /** Names whose proof of control "is published" (the fake does not look at DNS). */
    final java.util.Set<String> proven = new java.util.HashSet<>();

    /** Makes the next verification of {@code name} succeed, as a published TXT record would. */
    public synchronized void publishProof(String name) {
        proven.add(name);
    }

    @Override
    public synchronized Domain verifyDomain(String account, String name) {
        Acc acc = acc(account, "admin");
        Domain d = acc.domains.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(404, "account " + account + " holds no domain " + name, List.of()));
        if (!d.pending()) {
            return d;
        }
        if (!proven.contains(name)) {
            throw new ApiException(409, "domain '" + name + "' is not verified yet: DNS TXT _edgeworks." + name
                    + " at 127.0.0.1:8053: no TXT record", List.of());
        }
        Domain active = new Domain(d.name(), "active", d.verification(), d.certificate(), d.httpsRedirect(), d.createdAt(), Instant.now(), null, null);
        acc.domains.replaceAll(x -> x.name().equals(name) ? active : x);
        acc.routes.replaceAll(r -> new Route(r.id(), r.pattern(), r.service(), r.environment(),
                status(acc, r.pattern()) == null ? "active" : "inactive", status(acc, r.pattern()), r.createdAt()));
        return active;
    }

    /** Null when an active domain covers the pattern's host, else why the route is not served. */
    private static String status(Acc acc, String pattern) {
        String host = pattern.replaceFirst("^https?://", "").split("/")[0].replaceFirst("^\\*\\.?", "");
        boolean active = acc.domains.stream().anyMatch(d -> !d.pending() && (host.equals(d.name()) || host.endsWith("." + d.name())));
        if (active) {
            return null;
        }
        return acc.domains.stream().filter(d -> host.equals(d.name()) || host.endsWith("." + d.name())).findFirst()
                .map(d -> "domain " + d.name() + " is pending verification").orElse("no domain covers " + host);
    }

    @Override
    public synchronized List<Route> routes(String account) {
        return List.copyOf(acc(account, "viewer").routes);
    }

    @Override
    public synchronized void createRoute(String account, String pattern, String service, String environment) {
        Acc acc = acc(account, "admin");
        String host = pattern == null ? "" : pattern.replaceFirst("^https?://", "").split("/")[0].replaceFirst("^\\*\\.?", "");
        if (acc.domains.stream().noneMatch(d -> host.equals(d.name()) || host.endsWith("." + d.name()))) {
            throw invalid("pattern", "the host " + host + " is not under a domain this account holds");
        }
        String reason = status(acc, pattern);
        acc.routes.add(new Route("r" + ids.incrementAndGet(), pattern, service, environment, reason == null ? "active" : "inactive",
                reason, Instant.now()));
    }

    @Override
    public synchronized void deleteRoute(String account, String id) {
        acc(account, "admin").routes.removeIf(r -> r.id().equals(id));
    }

    @Override
    public synchronized List<ApiModel.Preview> previews(String account) {
        return List.copyOf(acc(account, "viewer").previews).reversed();
    }

    /** Thin: clones the named services only (the closure through bindings is platform-api's rule, tested there). */
    @Override
    public synchronized ApiModel.Preview createPreview(String account, String name, String from, List<String> services) {
        Acc acc = acc(account, "developer");
        if (acc.previews.stream().anyMatch(p -> p.name().equals(name))) {
            throw new ApiException(409, "preview '" + name + "' already exists in account '" + account + "'", List.of());
        }
        if (services.isEmpty()) {
            throw invalid("services", "name at least one service to preview");
        }
        List<ApiModel.PreviewEnvironment> envs = new ArrayList<>();
        for (String service : services) {
            createEnvironment(account, service, name, from);
            envs.add(new ApiModel.PreviewEnvironment(service, name, name + "-" + service + "." + account + ".localhost"));
        }
        ApiModel.Preview preview = new ApiModel.Preview(name, from, services, envs, Instant.now(), user());
        acc.previews.add(preview);
        audit(acc, "preview.create", name);
        return preview;
    }

    @Override
    public synchronized void deletePreview(String account, String name) {
        Acc acc = acc(account, "developer");
        ApiModel.Preview preview = acc.previews.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiException(404, "preview '" + name + "' not found in account '" + account + "'", List.of()));
        preview.environments().forEach(e -> svc(acc, e.service()).remove(e.environment()));
        acc.previews.remove(preview);
        audit(acc, "preview.delete", name);
    }

    @Override
    public synchronized List<KvNamespace> namespaces(String account) {
        return acc(account, "viewer").kv.keySet().stream().map(n -> new KvNamespace(n, Instant.EPOCH)).toList();
    }

    @Override
    public synchronized void createNamespace(String account, String name) {
        Acc acc = acc(account, "admin");
        checkName("name", name);
        acc.kv.put(name, new TreeMap<>());
    }

    @Override
    public synchronized void deleteNamespace(String account, String name) {
        acc(account, "admin").kv.remove(name);
    }

    private Map<String, String> ns(Acc acc, String namespace) {
        Map<String, String> values = acc.kv.get(namespace);
        if (values == null) {
            throw new ApiException(404, "KV namespace " + namespace + " does not exist", List.of());
        }
        return values;
    }

    @Override
    public synchronized List<String> kvKeys(String account, String namespace, String prefix) {
        return ns(acc(account, "viewer"), namespace).keySet().stream()
                .filter(k -> prefix == null || k.startsWith(prefix)).toList();
    }

    @Override
    public synchronized Optional<String> kvGet(String account, String namespace, String key) {
        return Optional.ofNullable(ns(acc(account, "viewer"), namespace).get(key));
    }

    @Override
    public synchronized void kvPut(String account, String namespace, String key, String value) {
        ns(acc(account, "developer"), namespace).put(key, value);
    }

    @Override
    public synchronized void kvDelete(String account, String namespace, String key) {
        ns(acc(account, "developer"), namespace).remove(key);
    }

    @Override
    public synchronized List<AuditEntry> audit(String account, int limit, Long before) {
        return acc(account, "viewer").audit.stream().filter(e -> before == null || e.id() < before).limit(limit).toList();
    }
}
