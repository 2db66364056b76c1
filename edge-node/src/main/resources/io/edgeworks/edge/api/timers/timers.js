// HTML timers: setTimeout, clearTimeout, setInterval, clearInterval. The host keeps each timer (its
// callback and arguments) with the request that set it and runs the callback on the request's worker
// thread when it fires; when the request ends, its timers are gone with it. Nothing here keeps state.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;

    function schedule(callback, delay, args, repeat) {
        if (typeof callback !== 'function') throw new TypeError('timer callback must be a function');
        const ms = Math.max(0, Math.floor(Number(delay) || 0));
        return host.setTimer(callback, args, ms, repeat);
    }

    // For the prelude (AbortSignal.timeout): immune to what tenant code later does to the setTimeout global.
    internal.setTimeout = (callback, delay) => schedule(callback, delay, [], false);

    g.setTimeout = function setTimeout(callback, delay = 0, ...args) { return schedule(callback, delay, args, false); };
    g.setInterval = function setInterval(callback, delay = 0, ...args) { return schedule(callback, delay, args, true); };
    g.clearTimeout = function clearTimeout(id) { host.clearTimer(Number(id)); };
    g.clearInterval = function clearInterval(id) { host.clearTimer(Number(id)); };
})
