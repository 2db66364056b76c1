// Console Standard (subset): log/info/warn/error/debug/trace; output goes to the tenant log of the
// request, tagged with environment and version.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;

    function inspect(value, depth, seen) {
        if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
        if (typeof value === 'function') return `[Function: ${value.name || 'anonymous'}]`;
        if (typeof value === 'bigint') return value + 'n';
        if (typeof value === 'symbol') return value.toString();
        if (value === null || typeof value !== 'object') return String(value);
        if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
        if (seen.includes(value)) return '[Circular]';
        if (depth > 3) return Array.isArray(value) ? '[Array]' : '[Object]';
        seen = seen.concat([value]);
        if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
            const shown = Array.prototype.slice.call(value, 0, 100).map(String);
            if (value.length > 100) shown.push(`... ${value.length - 100} more items`);
            return `${value.constructor.name}(${value.length}) [ ` + shown.join(', ') + ' ]';
        }
        if (Array.isArray(value)) {
            const shown = Array.prototype.slice.call(value, 0, 100).map(v => inspect(v, depth + 1, seen));
            if (value.length > 100) shown.push(`... ${value.length - 100} more items`);
            return '[ ' + shown.join(', ') + ' ]';
        }
        if (value instanceof Map) return `Map(${value.size}) { ` + Array.from(value, ([k, v]) => inspect(k, depth + 1, seen) + ' => ' + inspect(v, depth + 1, seen)).join(', ') + ' }';
        if (value instanceof Set) return `Set(${value.size}) { ` + Array.from(value, v => inspect(v, depth + 1, seen)).join(', ') + ' }';
        if (value instanceof URL || value instanceof URLSearchParams) return `${value[Symbol.toStringTag]} ${value.toString()}`;
        if (value instanceof Headers) return 'Headers ' + inspect(Object.fromEntries(value), depth + 1, seen);
        if (value instanceof Request) return `Request { method: '${value.method}', url: '${value.url}' }`;
        if (value instanceof Response) return `Response { status: ${value.status} }`;
        const keys = Object.keys(value);
        if (keys.length === 0) return '{}';
        return '{ ' + keys.map(k => k + ': ' + inspect(value[k], depth + 1, seen)).join(', ') + ' }';
    }

    function format(args) {
        return Array.prototype.map.call(args, a => inspect(a, 0, [])).join(' ');
    }
    internal.inspect = (v) => inspect(v, 0, []);
    internal.reportError = (e) => host.log('error', 'Uncaught ' + inspect(e, 0, []));

    const counts = new Map();
    const timers = new Map();
    const label = (value) => value === undefined ? 'default' : String(value);
    // A WebIDL namespace object: its [[Prototype]] is an empty object inheriting from Object.prototype.
    const console = Object.create({});
    Object.assign(console, {
        log(...args) { host.log('log', format(args)); },
        info(...args) { host.log('info', format(args)); },
        warn(...args) { host.log('warn', format(args)); },
        error(...args) { host.log('error', format(args)); },
        debug(...args) { host.log('debug', format(args)); },
        trace(...args) { host.log('debug', format(args) + '\n' + (new Error().stack || '').split('\n').slice(2).join('\n')); },
        assert(condition, ...args) { if (!condition) host.log('error', 'Assertion failed' + (args.length ? ': ' + format(args) : '')); },
        count(name) { const key = label(name); const n = (counts.get(key) || 0) + 1; counts.set(key, n); host.log('log', `${key}: ${n}`); },
        countReset(name) { counts.delete(label(name)); },
        time(name) { timers.set(label(name), Date.now()); },
        timeLog(name, ...args) { const key = label(name); if (timers.has(key)) host.log('log', `${key}: ${Date.now() - timers.get(key)}ms` + (args.length ? ' ' + format(args) : '')); },
        timeEnd(name) { const key = label(name); if (timers.has(key)) { host.log('log', `${key}: ${Date.now() - timers.get(key)}ms`); timers.delete(key); } },
        group() {}, groupCollapsed() {}, groupEnd() {}, dir(value) { host.log('log', inspect(value, 0, [])); }, dirxml(...args) { host.log('log', format(args)); },
        table(data) { host.log('log', inspect(data, 0, [])); },
        clear() {},
    });
    Object.defineProperty(console, Symbol.toStringTag, { value: 'console', writable: false, enumerable: false, configurable: true });
    Object.defineProperty(g, 'console', { value: console, writable: true, configurable: true, enumerable: false });
})
