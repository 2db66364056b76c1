// HTML channel messaging: MessageChannel, MessagePort and MessageEvent within one worker context. Messages are
// structured-cloned (with their transfer list) when posted and delivered as tasks (timers), as in a browser.
// clone.js transfers MessagePorts through the internal functions defined at the end. The classes are set up in a
// realm on first use (realm/lazy.js).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const EventTarget = g.EventTarget, Event = g.Event, DOMException = g.DOMException;
    const setTimeout = g.setTimeout;
    const freeze = Object.freeze;

    // ---- set up in a realm when the realm first needs it (the worker reads one of the three globals: realm/lazy.js),
    // with the realm's own built-ins (internal.pristine). Named like a realm set-up function: never compiled (JsEngine).
    function edgeworks$realmSetupMessaging() {
        class MessageEvent extends Event {
            #data; #origin; #lastEventId; #source; #ports;
            constructor(type, init = undefined) {
                if (arguments.length === 0) throw new TypeError("MessageEvent constructor: 'type' is required");
                super(type, init);
                const i = init === undefined || init === null ? {} : init;
                this.#data = i.data === undefined ? null : i.data;
                this.#origin = i.origin === undefined ? '' : `${i.origin}`;
                this.#lastEventId = i.lastEventId === undefined ? '' : `${i.lastEventId}`;
                this.#source = i.source === undefined ? null : i.source;
                this.#ports = freeze(i.ports === undefined ? [] : Array.from(i.ports));
            }
            get data() { return this.#data; }
            get origin() { return this.#origin; }
            get lastEventId() { return this.#lastEventId; }
            get source() { return this.#source; }
            get ports() { return this.#ports; }
        }
        Object.defineProperty(MessageEvent.prototype, Symbol.toStringTag, { value: 'MessageEvent', configurable: true });

        let creating = false;
        let newPort, entangle, isPort, transferPort, isDetached;
        class MessagePort extends EventTarget {
            #other = null; #queue = []; #enabled = false; #detached = false; #scheduled = false;
            #onmessage = null; #onmessageerror = null;
            constructor() {
                if (!creating) throw new TypeError('MessagePort: Illegal constructor (use MessageChannel)');
                creating = false;
                super();
            }
            postMessage(message, transfer = undefined) {
                let list = [];
                if (transfer !== undefined && transfer !== null && typeof transfer === 'object' && typeof transfer[Symbol.iterator] === 'function') {
                    list = Array.from(transfer);
                } else if (transfer !== undefined && transfer !== null) {
                    if (typeof transfer !== 'object') throw new TypeError('MessagePort.postMessage: argument 2 must be a sequence or an options object');
                    if (transfer.transfer !== undefined) list = Array.from(transfer.transfer);
                }
                for (const item of list) {
                    if (item === this) throw new DOMException('MessagePort.postMessage: a port cannot transfer itself', 'DataCloneError');
                }
                const { value, transferred } = internal.cloneWithTransfer(message, list);
                const target = this.#other;
                if (target === null || this.#detached) return;
                const ports = [];
                for (const item of transferred) if (isPort(item)) ports.push(item);
                target.#queue.push({ data: value, ports });
                target.#schedule();
            }
            start() { if (this.#detached) return; this.#enabled = true; this.#schedule(); }
            close() {
                const other = this.#other;
                this.#other = null;
                if (other !== null) other.#other = null;
            }
            get onmessage() { return this.#onmessage; }
            set onmessage(handler) {
                if (this.#onmessage !== null) this.removeEventListener('message', this.#onmessage);
                this.#onmessage = typeof handler === 'function' ? handler : null;
                if (this.#onmessage !== null) { this.addEventListener('message', this.#onmessage); this.start(); }
            }
            get onmessageerror() { return this.#onmessageerror; }
            set onmessageerror(handler) {
                if (this.#onmessageerror !== null) this.removeEventListener('messageerror', this.#onmessageerror);
                this.#onmessageerror = typeof handler === 'function' ? handler : null;
                if (this.#onmessageerror !== null) this.addEventListener('messageerror', this.#onmessageerror);
            }
            #schedule() {
                if (!this.#enabled || this.#scheduled || this.#queue.length === 0) return;
                this.#scheduled = true;
                setTimeout(() => {
                    this.#scheduled = false;
                    if (this.#detached) return;
                    const message = this.#queue.shift();
                    if (message !== undefined) this.dispatchEvent(new MessageEvent('message', { data: message.data, ports: message.ports }));
                    this.#schedule();
                }, 0);
            }
            static {
                newPort = () => { creating = true; return new MessagePort(); };
                entangle = (a, b) => { a.#other = b; b.#other = a; };
                isPort = (x) => x !== null && typeof x === 'object' && #other in x;
                // The transfer steps: a new port takes over the old one's entanglement and queued messages; the old one
                // is detached (a second transfer fails with DataCloneError).
                transferPort = (port) => {
                    if (port.#detached) throw new DOMException('a detached MessagePort could not be transferred', 'DataCloneError');
                    const fresh = newPort();
                    fresh.#queue = port.#queue;
                    port.#queue = [];
                    port.#detached = true;
                    const other = port.#other;
                    port.#other = null;
                    if (other !== null) entangle(fresh, other);
                    return fresh;
                };
                isDetached = (port) => port.#detached;
            }
        }
        Object.defineProperty(MessagePort.prototype, Symbol.toStringTag, { value: 'MessagePort', configurable: true });

        class MessageChannel {
            #port1; #port2;
            constructor() {
                this.#port1 = newPort();
                this.#port2 = newPort();
                entangle(this.#port1, this.#port2);
            }
            get port1() { return this.#port1; }
            get port2() { return this.#port2; }
        }
        Object.defineProperty(MessageChannel.prototype, Symbol.toStringTag, { value: 'MessageChannel', configurable: true });

        return { __proto__: null, MessageChannel, MessagePort, MessageEvent, isPort, isDetached, transferPort };
    }
    internal.lazyGlobals('messaging', ['MessageChannel', 'MessagePort', 'MessageEvent'], edgeworks$realmSetupMessaging);
    // For clone.js, which transfers ports: until the classes are set up no value is a port.
    internal.isMessagePort = (x) => { const parts = internal.loadedPart('messaging'); return parts !== null && parts.isPort(x); };
    internal.isDetachedMessagePort = (port) => internal.loadedPart('messaging').isDetached(port);
    internal.transferMessagePort = (port) => internal.loadedPart('messaging').transferPort(port);
})
