// Console Standard (subset): log/info/warn/error/debug/trace; output goes to the tenant log of the
// request, tagged with environment and version.
(function (host, internal) {
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
        if (Array.isArray(value)) return '[ ' + value.map(v => inspect(v, depth + 1, seen)).join(', ') + ' ]';
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
    const console = {
        log(...args) { host.log('log', format(args)); },
        info(...args) { host.log('info', format(args)); },
        warn(...args) { host.log('warn', format(args)); },
        error(...args) { host.log('error', format(args)); },
        debug(...args) { host.log('debug', format(args)); },
        trace(...args) { host.log('debug', format(args) + '\n' + (new Error().stack || '').split('\n').slice(2).join('\n')); },
        assert(condition, ...args) { if (!condition) host.log('error', 'Assertion failed' + (args.length ? ': ' + format(args) : '')); },
        count(label = 'default') { const n = (counts.get(label) || 0) + 1; counts.set(label, n); host.log('log', `${label}: ${n}`); },
        time() {}, timeEnd() {}, group() {}, groupEnd() {}, table(data) { host.log('log', inspect(data, 0, [])); },
    };
    Object.defineProperty(g, 'console', { value: console, writable: true, configurable: true, enumerable: false });
})
