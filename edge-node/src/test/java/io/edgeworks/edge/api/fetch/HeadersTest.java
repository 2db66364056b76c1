package io.edgeworks.edge.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeworks.edge.runtime.EdgeRequest;
import io.edgeworks.edge.runtime.EdgeResponse;
import io.edgeworks.edge.runtime.JsEngine;
import io.edgeworks.edge.runtime.KvStore;
import io.edgeworks.edge.runtime.OutboundHttp;
import io.edgeworks.edge.runtime.RequestLimits;
import io.edgeworks.edge.runtime.RuntimeEvents;
import io.edgeworks.edge.runtime.RuntimeSettings;
import io.edgeworks.edge.runtime.WorkerPool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Headers (headers.js) and the header parts of Request/Response (fetch.js) in a real tenant realm: WebIDL
 * conversions, the pair iterator, the guards, and the workerd policy for forbidden header names.
 */
class HeadersTest {
    private static final RequestLimits LIMITS = new RequestLimits(5_000, 5_000, 0, 5, 1, 5_000, Long.MAX_VALUE);
    private static final AtomicReference<EdgeRequest> SENT = new AtomicReference<>();
    /**
     * Outbound HTTP that records the request and answers with fixed headers (no network): for a path ending in
     * /wire, names in mixed case with a repeated one interleaved, as an upstream may send them.
     */
    private static final OutboundHttp ECHO = (request, redirect) -> {
        SENT.set(request);
        List<Map.Entry<String, String>> headers = request.url().endsWith("/wire")
                ? List.of(Map.entry("X-Dup", "1"), Map.entry("Other", "o"), Map.entry("x-dup", "3"),
                        Map.entry("Set-Cookie", "a=1"), Map.entry("set-cookie", "b=2"))
                : List.of(Map.entry("x-upstream", "1"));
        return CompletableFuture.completedFuture(new OutboundHttp.Result(
                new EdgeResponse(200, "OK", headers, new byte[0]), request.url(), false));
    };
    private static final KvStore NO_KV = KvStore.none("no KV in this test");

    private static JsEngine engine;
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        engine = new JsEngine(io.edgeworks.edge.api.WebApis.all());
        pool = new WorkerPool(engine, RuntimeSettings.defaults().withWorkerThreads(1), ECHO, NO_KV, RuntimeEvents.NONE);
    }

    @AfterAll
    static void stop() {
        pool.close();
        engine.close();
    }

    /** Evaluates a script in a fresh realm and returns its completion value as a string. */
    private static String eval(String script) throws Exception {
        return pool.runScripts(LIMITS, realm -> realm.eval("test.js", script).asString()).get(30, TimeUnit.SECONDS);
    }

    /** Evaluates a script that sets globalThis.result (possibly after awaiting), pumping until it does. */
    private static String evalAsync(String script) throws Exception {
        return pool.runScripts(LIMITS, realm -> {
            realm.eval("test.js", script);
            assertTrue(realm.pumpUntil(() -> realm.global().hasMember("result"), 5_000), "the script set result");
            return realm.global().getMember("result").asString();
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void initIsConvertedAsWebIdlSaysNullThrowsAndRecordsAreReadInOrder() throws Exception {
        String out = eval("""
                const out = [];
                const threw = (f) => { try { f(); return 'no'; } catch (e) { return e.constructor === TypeError ? 'TypeError' : String(e); } };
                out.push(threw(() => new Headers(null)), threw(() => new Headers(1)), threw(() => new Headers([['a']])));
                out.push(threw(() => new Headers([['a', 'b\\u0100']])), threw(() => new Headers().append('x', 'Ā')));
                const log = [];
                const proxy = new Proxy({ a: 'b', c: 'd' }, {
                    get(t, k, r) { log.push('get ' + String(k)); return Reflect.get(t, k, r); },
                    ownKeys(t) { log.push('ownKeys'); return Reflect.ownKeys(t); },
                    getOwnPropertyDescriptor(t, k) { log.push('gopd ' + String(k)); return Reflect.getOwnPropertyDescriptor(t, k); },
                });
                const h = new Headers(proxy);
                out.push(log.join(','), h.get('c'));
                const custom = new Headers({ ignored: '1' });
                custom[Symbol.iterator] = function* () { yield ['test', 'value']; };
                out.push(JSON.stringify([...new Headers(custom)]));
                out.join('|')
                """);
        assertEquals("TypeError|TypeError|TypeError|TypeError|TypeError"
                + "|get Symbol(Symbol.iterator),ownKeys,gopd a,get a,gopd c,get c|d|[[\"test\",\"value\"]]", out);
    }

    @Test
    void iteratorsFollowWebIdlAndSeeChangesMadeWhileIterating() throws Exception {
        String out = eval("""
                const h = new Headers({ foo: '2', baz: '1', BAR: '0', 'set-cookie': 'a=1' });
                h.append('Set-Cookie', 'b=2');
                const it = h.keys();
                const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
                const proto = Object.getPrototypeOf(it);
                const seen = [];
                for (const [name, value] of h) {
                    seen.push(name + '=' + value);
                    if (name === 'baz') h.append('abc', 'x');
                }
                [Object.prototype.toString.call(it), Object.getPrototypeOf(proto) === IteratorPrototype,
                 Object.getOwnPropertyDescriptor(proto, 'next').enumerable, Object.hasOwn(proto, 'constructor'),
                 Headers.prototype[Symbol.iterator] === Headers.prototype.entries, seen.join(',')].join('|')
                """);
        assertEquals("[object Headers Iterator]|true|true|false|true|bar=0,baz=1,baz=1,foo=2,set-cookie=a=1,set-cookie=b=2", out);
    }

    @Test
    void guardsMakeErrorRedirectAndClonesOfThemImmutableAndNoCorsKeepsSafelistedHeaders() throws Exception {
        String out = eval("""
                const threw = (f) => { try { f(); return 'no'; } catch (e) { return e.constructor === TypeError ? 'TypeError' : String(e); } };
                const redirect = Response.redirect('https://example.test/next', 301);
                const out = [threw(() => Response.error().headers.set('a', 'b')), threw(() => redirect.headers.delete('location')),
                             threw(() => redirect.clone().headers.append('a', 'b'))];
                const ok = new Response('x', { headers: { 'set-cookie': 'sid=1' } });
                ok.headers.append('Set-Cookie', 'other=2');
                out.push(ok.headers.getSetCookie().join(';'));
                const r = new Request('https://example.test/', { mode: 'no-cors', headers: { accept: 'text/html', 'x-custom': '1', range: 'bytes=0-' } });
                r.headers.set('content-type', 'application/json');
                r.headers.set('content-type', 'text/plain;charset=UTF-8');
                out.push(r.mode, JSON.stringify([...r.headers]), r.clone().mode);
                out.push(threw(() => new Request('https://example.test/', { mode: 'no-cors', method: 'PUT' })),
                         threw(() => new Request('https://example.test/', { mode: 'navigate' })),
                         threw(() => new Request('https://example.test/', { mode: 'bad' })));
                out.join('|')
                """);
        assertEquals("TypeError|TypeError|TypeError|sid=1;other=2|no-cors"
                + "|[[\"accept\",\"text/html\"],[\"content-type\",\"text/plain;charset=UTF-8\"]]|no-cors"
                + "|TypeError|TypeError|TypeError", out);
    }

    @Test
    void forbiddenRequestHeadersReachTheWireAsInWorkerdAndFetchedResponsesAreImmutable() throws Exception {
        String out = evalAsync("""
                (async () => {
                    const req = new Request('http://upstream.test/x', { headers: { Host: 'origin.test', Cookie: 'sid=1' } });
                    req.headers.set('Content-Length', '0');
                    const res = await fetch(req);
                    let threw = 'no';
                    try { res.headers.set('x-more', '1'); } catch (e) { threw = e.constructor === TypeError ? 'TypeError' : String(e); }
                    const copy = new Response(res.body, res);
                    copy.headers.set('x-more', '1');
                    return [threw, res.headers.get('x-upstream'), copy.headers.get('x-more'), copy.headers.get('x-upstream')].join('|');
                })().then(r => { globalThis.result = r; }, e => { globalThis.result = 'error: ' + e; });
                """);
        assertEquals("TypeError|1|1|1", out);
        EdgeRequest sent = SENT.get();
        assertEquals("origin.test", sent.header("host"));
        assertEquals("sid=1", sent.header("cookie"));
    }

    @Test
    void aHeaderListFromTheHostReadsTheSameWhetherReadFirstCopiedFirstOrNeverRead() throws Exception {
        // headers.js keeps the host's joined list and splits it on the first read; copies of an unread list
        // (clone(), new Response(body, response)) take the joined list itself
        String out = evalAsync("""
                (async () => {
                    const list = (h) => [...h].map((p) => p.join('=')).join(';');
                    const res = await fetch('http://upstream.test/wire');
                    const clone = res.clone();
                    const unread = await fetch('http://upstream.test/wire');
                    const rewrapped = new Response(null, unread);
                    rewrapped.headers.append('X-Dup', '4');
                    const out = [res.headers.get('x-dup'), clone.headers.get('X-DUP'), list(clone.headers),
                        res.headers.getSetCookie().join(';'), res.headers.has('OTHER'), list(res.headers),
                        rewrapped.headers.get('x-dup'), unread.headers.get('x-dup'),
                        new Request('http://x.test/', { headers: (await fetch('http://upstream.test/wire')).headers }).headers.get('other')];
                    const untouched = await fetch('http://upstream.test/wire');
                    let threw = 'no';
                    try { untouched.headers.set('x', '1'); } catch (e) { threw = e.constructor === TypeError ? 'TypeError' : String(e); }
                    out.push(threw, list(untouched.headers));
                    return out.join('|');
                })().then(r => { globalThis.result = r; }, e => { globalThis.result = 'error: ' + e; });
                """);
        String sorted = "other=o;set-cookie=a=1;set-cookie=b=2;x-dup=1, 3";
        assertEquals("1, 3|1, 3|" + sorted + "|a=1;b=2|true|" + sorted + "|1, 3, 4|1, 3|o|TypeError|" + sorted, out);
    }

    @Test
    void tenantPatchesOfIntrinsicsDoNotChangeHeaders() throws Exception {
        String out = eval("""
                const OriginalTypeError = TypeError;
                Array.prototype.push = () => { throw new Error('patched push'); };
                Map.prototype.get = () => { throw new Error('patched get'); };
                Map.prototype.set = () => { throw new Error('patched set'); };
                RegExp.prototype.exec = () => null;
                String.prototype.toLowerCase = () => 'patched';
                globalThis.TypeError = function Fake() {};
                const h = new Headers([['X-A', '1']]);
                h.append('x-a', '2');
                let kind;
                try { h.append('bad name', 'v'); } catch (e) { kind = e instanceof OriginalTypeError; }
                Headers.prototype.has = () => true;
                Headers.prototype.set = () => { throw new Error('patched Headers.set'); };
                [h.get('X-A'), kind, new Response('x').headers.get('content-type'),
                 Response.json({}).headers.get('content-type')].join('|')
                """);
        assertEquals("1, 2|true|text/plain;charset=UTF-8|application/json", out);
    }
}
