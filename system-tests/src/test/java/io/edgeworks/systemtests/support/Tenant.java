package io.edgeworks.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One account created for one test class (unique slug per run), with the calls most ITs need as
 * shortcuts. Each shortcut asserts the status CONTRACT.md promises, so a broken precondition fails loudly
 * where it breaks.
 */
public final class Tenant {
    /** Set to true to keep the accounts the ITs created (to look at them after a failure). */
    public static final String KEEP_ACCOUNTS = "edgeworks.it.keep-accounts";
    private static final List<Tenant> CREATED = new CopyOnWriteArrayList<>();

    private final Api owner;
    private final String slug;

    private Tenant(Api owner, String slug) {
        this.owner = owner;
        this.slug = slug;
    }

    /** POST /api/accounts as {@code owner}: 201. */
    public static Tenant create(Api owner, String purpose) {
        String slug = Names.account(purpose);
        owner.post("/api/accounts", Json.object("slug", slug, "name", "IT " + purpose)).expect(201);
        Tenant tenant = new Tenant(owner, slug);
        CREATED.add(tenant);
        return tenant;
    }

    /**
     * Deletes every account created so far in this JVM (DELETE /api/accounts/{a} as its owner: 204, then 404),
     * so that runs do not pile up data on the stack; skipped with -D{@value #KEEP_ACCOUNTS}=true. Test
     * classes call it from {@code @AfterAll}; they run one after another.
     */
    public static void deleteCreated() {
        List<Tenant> tenants = new ArrayList<>(CREATED);
        CREATED.removeAll(tenants);
        if (Boolean.getBoolean(KEEP_ACCOUNTS)) {
            tenants.forEach(t -> System.out.println("kept account " + t.slug()));
            return;
        }
        for (Tenant tenant : tenants) {
            Reply deleted = tenant.owner.delete(tenant.path());
            if (deleted.status() == 404) {
                continue; // the test itself deleted it
            }
            deleted.expect(204);
            tenant.owner.get(tenant.path()).expectProblem(404);
        }
    }

    public Api owner() {
        return owner;
    }

    public String slug() {
        return slug;
    }

    /** {@code /api/accounts/<slug>}. */
    public String path() {
        return "/api/accounts/" + slug;
    }

    public String servicePath(String service) {
        return path() + "/services/" + service;
    }

    public String envPath(String service, String environment) {
        return servicePath(service) + "/environments/" + environment;
    }

    /** {@code <service>.<account>.<base-domain>}. */
    public String hostname(String service) {
        return service + "." + slug + "." + Stack.baseDomain();
    }

    /** {@code <environment>-<service>.<account>.<base-domain>}. */
    public String hostname(String service, String environment) {
        return "production".equals(environment) ? hostname(service)
                : environment + "-" + service + "." + slug + "." + Stack.baseDomain();
    }

    /**
     * Claims {@code domain} (201, pending), publishes its TXT record {@code _edgeworks.<domain>} at
     * pebble-challtestsrv (the DNS server platform-api resolves at in the local stack), verifies it (200,
     * active) and removes the record.
     */
    public JsonNode verifiedDomain(String domain) {
        String token = owner.post(path() + "/domains", Json.object("name", domain)).expect(201).json()
                .path("verification").path("txt_value").asText();
        String host = "_edgeworks." + domain + ".";
        Reply set = Http.call("POST", Stack.challtestsrvUrl(), "/set-txt", Map.of(), Json.write(Json.object("host", host, "value", token)));
        if (set.status() != 200) {
            throw new AssertionError("pebble-challtestsrv at " + Stack.challtestsrvUrl() + " did not take the TXT record (deploy/local/up.sh starts it)\n"
                    + set.describe());
        }
        try {
            JsonNode view = owner.post(path() + "/domains/" + domain + "/verify", null).expect(200).json();
            if (!"active".equals(view.path("status").asText())) {
                throw new AssertionError("domain " + domain + " is not active after verification: " + view);
            }
            return view;
        } finally {
            Http.call("POST", Stack.challtestsrvUrl(), "/clear-txt", Map.of(), Json.write(Json.object("host", host)));
        }
    }

    /** POST …/services: 201. */
    public JsonNode createService(String name) {
        return owner.post(path() + "/services", Json.object("name", name)).expect(201).json();
    }

    /** POST …/environments/{e}/versions: 201 (a new version, deployed unless the body says otherwise). */
    public JsonNode createVersion(String service, String environment, Object body) {
        return owner.post(envPath(service, environment) + "/versions", body).expect(201).json();
    }

    /** A new service whose production runs {@code source} as version 1. */
    public JsonNode deployNewService(String service, String source, Object... moreFields) {
        createService(service);
        return createVersion(service, "production", Workers.version(source, moreFields));
    }

    /** GET …/environments/{e}: 200. */
    public JsonNode environment(String service, String environment) {
        return owner.get(envPath(service, environment)).expect(200).json();
    }
}
