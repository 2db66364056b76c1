// DOM Standard: DOMException (WebIDL), Event, EventTarget, AbortController, AbortSignal.
(function (host, internal) {
    'use strict';
    const g = globalThis;
    const codes = {
        IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
        NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
        SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
        TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
        QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
    };

    class DOMException extends Error {
        #name;
        constructor(message = '', name = 'Error') {
            super(String(message));
            this.#name = String(name);
        }
        get name() { return this.#name; }
        get code() { return codes[this.#name] || 0; }
    }
    Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: 'DOMException' });

    let setTarget;
    class Event {
        #type; #defaultPrevented = false; #cancelable; #target = null; #currentTarget = null;
        static { setTarget = (event, target, current) => { event.#target = target; event.#currentTarget = current; }; }
        get target() { return this.#target; }
        get currentTarget() { return this.#currentTarget; }
        get srcElement() { return this.#target; }
        constructor(type, init = {}) {
            if (arguments.length === 0) throw new TypeError("Event constructor: 'type' is required");
            this.#type = String(type);
            this.#cancelable = !!init.cancelable;
        }
        get type() { return this.#type; }
        get cancelable() { return this.#cancelable; }
        get defaultPrevented() { return this.#defaultPrevented; }
        preventDefault() { if (this.#cancelable) this.#defaultPrevented = true; }
    }

    class EventTarget {
        #listeners = new Map();
        addEventListener(type, listener, options) {
            if (listener == null) return;
            const once = typeof options === 'object' && options !== null && !!options.once;
            const list = this.#listeners.get(type) || [];
            if (!list.some(l => l.listener === listener)) list.push({ listener, once });
            this.#listeners.set(type, list);
        }
        removeEventListener(type, listener) {
            const list = this.#listeners.get(type);
            if (list) this.#listeners.set(type, list.filter(l => l.listener !== listener));
        }
        dispatchEvent(event) {
            if (!(event instanceof Event)) throw new TypeError('dispatchEvent: argument is not an Event');
            const list = (this.#listeners.get(event.type) || []).slice();
            setTarget(event, this, this);
            for (const entry of list) {
                if (entry.once) this.removeEventListener(event.type, entry.listener);
                try {
                    if (typeof entry.listener === 'function') entry.listener.call(this, event);
                    else if (entry.listener && typeof entry.listener.handleEvent === 'function') entry.listener.handleEvent(event);
                } catch (e) {
                    internal.reportError(e);
                }
            }
            setTarget(event, this, null);
            return !event.defaultPrevented;
        }
    }

    let createSignal, signalAbort;
    class AbortSignal extends EventTarget {
        #aborted = false; #reason = undefined; onabort = null;
        constructor(key) {
            super();
            if (key !== internal.token) throw new TypeError('Illegal constructor');
        }
        get aborted() { return this.#aborted; }
        get reason() { return this.#reason; }
        throwIfAborted() { if (this.#aborted) throw this.#reason; }
        static abort(reason) {
            const s = createSignal();
            signalAbort(s, reason);
            return s;
        }
        static timeout(ms) {
            const s = createSignal();
            setTimeout(() => signalAbort(s, new DOMException('The operation timed out.', 'TimeoutError')), ms);
            return s;
        }
        static any(signals) {
            const s = createSignal();
            for (const other of signals) {
                if (other.aborted) { signalAbort(s, other.reason); break; }
                other.addEventListener('abort', () => signalAbort(s, other.reason), { once: true });
            }
            return s;
        }
        static {
            createSignal = () => new AbortSignal(internal.token);
            signalAbort = (signal, reason) => {
                if (signal.#aborted) return;
                signal.#aborted = true;
                signal.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
                const event = new Event('abort');
                if (typeof signal.onabort === 'function') {
                    setTarget(event, signal, signal);
                    try { signal.onabort(event); } catch (e) { internal.reportError(e); }
                }
                signal.dispatchEvent(event);
            };
        }
    }

    class AbortController {
        #signal = createSignal();
        get signal() { return this.#signal; }
        abort(reason) { signalAbort(this.#signal, reason); }
    }

    internal.createSignal = createSignal;
    Object.assign(g, { DOMException, Event, EventTarget, AbortSignal, AbortController });
    for (const name of ['DOMException', 'Event', 'EventTarget', 'AbortSignal', 'AbortController']) {
        Object.defineProperty(g, name, { enumerable: false });
    }
})
