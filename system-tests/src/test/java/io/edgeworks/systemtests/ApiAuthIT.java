package io.edgeworks.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication and tenancy of platform-api with real Keycloak tokens (CONTRACT.md "REST API"): 401
 * without a valid token, the caller's identity from the token, 404 for an account the caller is not a
 * member of, 403 for a member whose role is too low.
 */
class ApiAuthIT {

    @BeforeAll
    static void stackIsUp() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK);
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void withoutTokenEveryCallIs401() {
        Api anonymous = Api.anonymous();
        anonymous.get("/api/me").expect(401);
        anonymous.get("/api/accounts").expect(401);
        anonymous.post("/api/accounts", Json.object("slug", "it-anon", "name", "Anonymous")).expect(401);
    }

    @Test
    void forgedOrMalformedTokenIs401() {
        Api.withToken("not-a-token").get("/api/me").expect(401);
        // a real token with its signature cut off and replaced: Keycloak's key must be checked
        String real = Stack.token("alice");
        String forged = real.substring(0, real.lastIndexOf('.') + 1) + "AAAA";
        Api.withToken(forged).get("/api/me").expect(401);
    }

    @Test
    void tokenOfAClientPlatformApiDoesNotAcceptIs401() {
        // same realm, same signing key and issuer as alice's usual token, but issued to another client
        String other = Stack.token("alice", Stack.UNTRUSTED_CLIENT_ID);
        Reply reply = Api.withToken(other).get("/api/me").expectProblem(401);
        assertTrue(reply.json().path("detail").asText().contains(Stack.UNTRUSTED_CLIENT_ID), reply.describe());
        String challenge = reply.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer") && challenge.contains("invalid_token"),
                "a refused client must get a Bearer invalid_token challenge\n" + reply.describe());
        Api.withToken(other).post("/api/accounts", Json.object("slug", "it-untrusted", "name", "x")).expectProblem(401);
        // the allowed client still works for the same user
        Api.as("alice").get("/api/me").expect(200);
    }

    @Test
    void meAnswersTheTokensUserWithHerAccounts() {
        Api alice = Api.as("alice");
        JsonNode me = alice.get("/api/me").expect(200).json();
        assertEquals("alice", me.path("username").asText(), "GET /api/me username\n" + me);
        assertTrue(me.path("accounts").isArray(), "GET /api/me accounts must be an array\n" + me);

        Tenant tenant = Tenant.create(alice, "auth");
        JsonNode after = alice.get("/api/me").expect(200).json();
        JsonNode entry = find(after.path("accounts"), tenant.slug());
        assertEquals("owner", entry.path("role").asText(),
                "the creator of an account becomes its owner; GET /api/me answered\n" + after);

        Api bob = Api.as("bob");
        assertEquals("bob", bob.get("/api/me").expect(200).json().path("username").asText());
    }

    @Test
    void nonMemberGets404AndNeverSeesTheAccount() {
        Tenant tenant = Tenant.create(Api.as("alice"), "tenancy");
        tenant.createService("hello");
        Api bob = Api.as("bob");

        bob.get(tenant.path()).expectProblem(404);
        bob.get(tenant.path() + "/services").expectProblem(404);
        bob.get(tenant.servicePath("hello")).expectProblem(404);
        bob.post(tenant.path() + "/services", Json.object("name", "intruder")).expectProblem(404);
        bob.get(tenant.path() + "/audit").expectProblem(404);

        Reply list = bob.get("/api/accounts").expect(200);
        assertFalse(contains(list.array(), tenant.slug()), "bob's account list shows alice's account\n" + list.describe());
        Reply me = bob.get("/api/me").expect(200);
        assertFalse(contains(me.json().path("accounts"), tenant.slug()), "bob's /api/me shows alice's account\n" + me.describe());

        // the same answer as for an account that does not exist at all: existence is not disclosed
        bob.get("/api/accounts/it-no-such-account-" + tenant.slug().substring(3)).expectProblem(404);
    }

    @Test
    void viewerReadsButCannotWrite() {
        Api alice = Api.as("alice");
        Tenant tenant = Tenant.create(alice, "roles");
        tenant.createService("hello");
        alice.put(tenant.path() + "/members/carol", Json.object("role", "viewer")).expect(200, 201);

        Api carol = Api.as("carol");
        carol.get(tenant.path()).expect(200);
        carol.get(tenant.servicePath("hello")).expect(200);
        JsonNode me = carol.get("/api/me").expect(200).json();
        assertEquals("viewer", find(me.path("accounts"), tenant.slug()).path("role").asText(), me.toString());

        carol.post(tenant.path() + "/services", Json.object("name", "nope")).expectProblem(403);
        carol.put(tenant.path() + "/members/bob", Json.object("role", "owner")).expectProblem(403);
        Api.as("bob").get(tenant.path()).expectProblem(404);

        Reply members = alice.get(tenant.path() + "/members").expect(200);
        assertTrue(members.body().contains("carol") && members.body().contains("viewer"), members.describe());
        alice.delete(tenant.path() + "/members/carol").expect(200, 204);
        carol.get(tenant.path()).expectProblem(404);
    }

    private static JsonNode find(JsonNode accounts, String slug) {
        return StreamSupport.stream(accounts.spliterator(), false)
                .filter(a -> slug.equals(a.path("slug").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("account " + slug + " missing from " + accounts));
    }

    private static boolean contains(JsonNode accounts, String slug) {
        return StreamSupport.stream(accounts.spliterator(), false).anyMatch(a -> slug.equals(a.path("slug").asText()));
    }
}
