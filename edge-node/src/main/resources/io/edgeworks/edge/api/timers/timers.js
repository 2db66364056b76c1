// HTML timers: setTimeout, clearTimeout, setInterval, clearInterval. The host schedules; callbacks
// run on the request's worker thread when the timer fires.
(function (host, internal) {
    'use strict';
    const g = globalThis;
    const timers = new Map();
    let nextId = 1;

    function schedule(callback, delay, args, repeat) {
        if (typeof callback !== 'function') throw new TypeError('timer callback must be a function');
        const id = nextId++;
        const ms = Math.max(0, Math.floor(Number(delay) || 0));
        timers.set(id, { callback, args, repeat, ms });
        host.setTimer(id, ms);
        return id;
    }
    function cancel(id) {
        id = Number(id);
        if (timers.delete(id)) host.clearTimer(id);
    }

    internal.fireTimer = (id) => {
        const timer = timers.get(id);
        if (timer === undefined) return;
        if (timer.repeat) host.setTimer(id, Math.max(1, timer.ms)); else timers.delete(id);
        timer.callback.apply(undefined, timer.args);
    };
    // For the prelude (AbortSignal.timeout): immune to what tenant code later does to the setTimeout global.
    internal.setTimeout = (callback, delay) => schedule(callback, delay, [], false);
    internal.forgetTimers = (ids) => { for (let i = 0; i < ids.length; i++) timers.delete(ids[i]); };

    g.setTimeout = function setTimeout(callback, delay = 0, ...args) { return schedule(callback, delay, args, false); };
    g.setInterval = function setInterval(callback, delay = 0, ...args) { return schedule(callback, delay, args, true); };
    g.clearTimeout = function clearTimeout(id) { cancel(id); };
    g.clearInterval = function clearInterval(id) { cancel(id); };
})
