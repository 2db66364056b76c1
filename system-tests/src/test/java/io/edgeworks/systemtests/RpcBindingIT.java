package io.edgeworks.systemtests;

import io.edgeworks.systemtests.support.Api;
import io.edgeworks.systemtests.support.Edge;
import io.edgeworks.systemtests.support.Json;
import io.edgeworks.systemtests.support.Reply;
import io.edgeworks.systemtests.support.Stack;
import io.edgeworks.systemtests.support.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JavaScript RPC over service bindings through the whole stack (CONTRACT.md "Workers": a binding's optional
 * {@code entrypoint} names an exported {@code WorkerEntrypoint} class): uploaded through the API with
 * {@code import { WorkerEntrypoint } from "cloudflare:workers"}, published, and called in-process on the edge as
 * {@code env.AUTH.check(token)}. Every structured-clonable type round-trips, an exception arrives with its name
 * and message, a missing method is a TypeError, and a binding without {@code entrypoint} reaches the default export.
 */
class RpcBindingIT {
    static final String AUTH = """
            import { WorkerEntrypoint } from "cloudflare:workers";

            export class Auth extends WorkerEntrypoint {
              check(token) { return token === this.env.SECRET_TOKEN; }
              echo(value) { return value; }
              explode(name, message) {
                const e = name === "TypeError" ? new TypeError(message) : new Error(message);
                if (name !== "TypeError") e.name = name;
                throw e;
              }
            }

            export default class extends WorkerEntrypoint {
              add(a, b) { return a + b; }
              async fetch() { return new Response("auth default fetch"); }
            }
            """;

    static final String GATEWAY = """
            const failure = (e) => `${e.name}: ${e.message}`;

            function sample() {
              const shared = new ArrayBuffer(8);
              const nested = { deep: [1, { x: "y" }] };
              const value = {
                undef: undefined, nul: null, yes: true, int: 42, float: -1.5, nan: NaN, inf: Infinity, negzero: -0,
                big: 12345678901234567890n, text: "h\\u00e9llo", list: [1, , "three"], nested,
                map: new Map([["a", 1], [nested, "object key"]]), set: new Set([1, "two", nested]),
                date: new Date(Date.UTC(2026, 0, 2)), regexp: /a+b/gi,
                buffer: new Uint8Array([1, 2, 250]).buffer, bytes: new Uint8Array([9, 8]), floats: new Float64Array([0.5]),
                view: new DataView(new ArrayBuffer(4), 1, 2), sharedA: new Uint8Array(shared, 0, 4), sharedB: new Int16Array(shared, 4, 2),
                boxed: [Object(true), Object(7), Object("s")], error: new RangeError("out of range"),
              };
              value.self = value;
              return value;
            }

            function check(sent, back) {
              const bad = [];
              const tag = (v) => Object.prototype.toString.call(v);
              for (const key of Object.keys(sent)) {
                if (!(key in back)) bad.push(key + " missing");
                else if (tag(sent[key]) !== tag(back[key])) bad.push(key + " " + tag(back[key]));
              }
              if (!Object.is(back.negzero, -0) || !Number.isNaN(back.nan) || back.inf !== Infinity || back.big !== sent.big) bad.push("numbers");
              if (back.undef !== undefined || !("undef" in back) || back.nul !== null || back.text !== sent.text) bad.push("primitives");
              if (1 in back.list || back.list.length !== 3 || back.list[2] !== "three") bad.push("array");
              if (back.map.get("a") !== 1 || back.map.size !== 2 || !back.set.has("two") || !back.set.has(back.nested)) bad.push("map/set");
              if ([...back.map.keys()][1] !== back.nested) bad.push("shared references");
              if (back.date.getTime() !== sent.date.getTime() || back.regexp.source !== "a+b" || back.regexp.flags !== "gi") bad.push("date/regexp");
              if (new Uint8Array(back.buffer)[2] !== 250 || back.bytes[1] !== 8 || back.floats[0] !== 0.5) bad.push("buffers");
              if (back.view.byteOffset !== 1 || back.view.byteLength !== 2 || back.sharedA.buffer !== back.sharedB.buffer) bad.push("views");
              if (back.boxed[1].valueOf() !== 7 || !(back.error instanceof RangeError) || back.error.message !== "out of range") bad.push("boxed/error");
              if (back.self !== back || back === sent) bad.push("cycle");
              return bad;
            }

            export default {
              async fetch(request, env) {
                const path = new URL(request.url).pathname;
                if (path === "/check") return new Response(String(await env.AUTH.check(request.headers.get("x-token"))));
                if (path === "/types") {
                  const sent = sample();
                  const bad = check(sent, await env.AUTH.echo(sent));
                  return new Response(bad.length ? "mismatch: " + bad.join(", ") : "every type round-trips");
                }
                if (path === "/errors") {
                  const out = [];
                  for (const [name, message] of [["AuthError", "bad token"], ["TypeError", "not a string"]]) {
                    try { await env.AUTH.explode(name, message); out.push("no error"); } catch (e) { out.push(failure(e)); }
                  }
                  try { await env.AUTH.nope(); out.push("no error"); } catch (e) { out.push(failure(e) + " " + (e instanceof TypeError)); }
                  return new Response(out.join("\\n"));
                }
                if (path === "/default") {
                  const sum = await env.DEF.add(2, 3);
                  const text = await (await env.DEF.fetch("https://auth.internal/")).text();
                  return new Response(`${sum} | ${text}`);
                }
                return new Response("no route", { status: 404 });
              },
            };
            """;

    private static Api alice;
    private static Tenant tenant;

    @BeforeAll
    static void createAccount() {
        Stack.require(Stack.Part.API, Stack.Part.KEYCLOAK, Stack.Part.EDGE);
        alice = Api.as("alice");
        tenant = Tenant.create(alice, "rpc");
    }

    @AfterAll
    static void deleteAccounts() {
        Tenant.deleteCreated();
    }

    @Test
    void methodCallsOnAServiceBindingReachTheNamedEntrypoint() {
        tenant.createService("auth");
        tenant.createVersion("auth", "production", Map.of("main_module", "worker.js", "modules", Map.of("worker.js", AUTH),
                "vars", Map.of("SECRET_TOKEN", "s3cr3t")));
        tenant.deployNewService("gateway", GATEWAY, "bindings", Json.array(
                Json.object("type", "service", "name", "AUTH", "service", "auth", "entrypoint", "Auth"),
                Json.object("type", "service", "name", "DEF", "service", "auth")));
        Reply version = alice.get(tenant.envPath("gateway", "production") + "/versions/1").expect(200);
        assertTrue(version.body().contains("\"entrypoint\":\"Auth\""), "the version shows the entrypoint\n" + version.describe());

        String host = tenant.hostname("gateway");
        Edge.awaitAnswer(host, "/check", Map.of("x-token", "s3cr3t"), 200, "true");
        Reply denied = Edge.get(host, "/check", Map.of("x-token", "wrong"));
        assertEquals("false", denied.body(), denied.describe());

        Reply types = Edge.get(host, "/types");
        assertEquals("every type round-trips", types.body(), types.describe());

        Reply errors = Edge.get(host, "/errors");
        assertEquals("AuthError: bad token\nTypeError: not a string\n"
                + "TypeError: The RPC receiver does not implement the method \"nope\". true", errors.body(), errors.describe());

        Reply defaults = Edge.get(host, "/default");
        assertEquals("5 | auth default fetch", defaults.body(), defaults.describe());
    }
}
