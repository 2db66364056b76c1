// DOM Standard: DOMException and QuotaExceededError (WebIDL), Event, EventTarget, AbortController, AbortSignal.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const defineProperty = Object.defineProperty;
    const report = (e) => { if (typeof internal.reportError === 'function') internal.reportError(e); };

    // WebIDL DOMException: the legacy code of each name, and the constants on the interface and its prototype.
    const LEGACY = [
        ['INDEX_SIZE_ERR', 'IndexSizeError'], ['DOMSTRING_SIZE_ERR', null], ['HIERARCHY_REQUEST_ERR', 'HierarchyRequestError'],
        ['WRONG_DOCUMENT_ERR', 'WrongDocumentError'], ['INVALID_CHARACTER_ERR', 'InvalidCharacterError'],
        ['NO_DATA_ALLOWED_ERR', null], ['NO_MODIFICATION_ALLOWED_ERR', 'NoModificationAllowedError'],
        ['NOT_FOUND_ERR', 'NotFoundError'], ['NOT_SUPPORTED_ERR', 'NotSupportedError'], ['INUSE_ATTRIBUTE_ERR', 'InUseAttributeError'],
        ['INVALID_STATE_ERR', 'InvalidStateError'], ['SYNTAX_ERR', 'SyntaxError'], ['INVALID_MODIFICATION_ERR', 'InvalidModificationError'],
        ['NAMESPACE_ERR', 'NamespaceError'], ['INVALID_ACCESS_ERR', 'InvalidAccessError'], ['VALIDATION_ERR', null],
        ['TYPE_MISMATCH_ERR', 'TypeMismatchError'], ['SECURITY_ERR', 'SecurityError'], ['NETWORK_ERR', 'NetworkError'],
        ['ABORT_ERR', 'AbortError'], ['URL_MISMATCH_ERR', 'URLMismatchError'], ['QUOTA_EXCEEDED_ERR', 'QuotaExceededError'],
        ['TIMEOUT_ERR', 'TimeoutError'], ['INVALID_NODE_TYPE_ERR', 'InvalidNodeTypeError'], ['DATA_CLONE_ERR', 'DataCloneError'],
    ];
    const codes = new Map();
    LEGACY.forEach(([, name], i) => { if (name !== null) codes.set(name, i + 1); });

    function toDOMString(value) {
        if (typeof value === 'symbol') throw new TypeError('cannot convert a Symbol to a string');
        return `${value}`;
    }

    class DOMException extends Error {
        #name; #message;
        constructor(message = '', name = 'Error') {
            const text = toDOMString(message);
            super(text);
            // message is the prototype's attribute (WebIDL), not the own property Error's constructor made.
            delete this.message;
            this.#message = text;
            this.#name = toDOMString(name);
        }
        get name() { return this.#name; }
        get message() { return this.#message; }
        get code() { return codes.get(this.#name) || 0; }
    }

    // WebIDL QuotaExceededError: a DOMException whose name is always QuotaExceededError, with the optional
    // quota and requested amounts (non-negative, requested never below quota).
    function optionalAmount(options, key) {
        const value = options[key];
        if (value === undefined) return null;
        const n = Number(value);
        if (!Number.isFinite(n)) throw new TypeError(`QuotaExceededError: ${key} must be a finite number`);
        if (n < 0) throw new RangeError(`QuotaExceededError: ${key} must not be negative`);
        return n;
    }
    class QuotaExceededError extends DOMException {
        #quota = null; #requested = null;
        constructor(message = '', options = undefined) {
            super(message, 'QuotaExceededError');
            if (options !== undefined && options !== null) {
                if (typeof options !== 'object' && typeof options !== 'function') throw new TypeError('QuotaExceededError: options must be an object');
                this.#quota = optionalAmount(options, 'quota');
                this.#requested = optionalAmount(options, 'requested');
                if (this.#quota !== null && this.#requested !== null && this.#requested < this.#quota) {
                    throw new RangeError('QuotaExceededError: requested must not be less than quota');
                }
            }
        }
        get quota() { return this.#quota; }
        get requested() { return this.#requested; }
    }

    function idlAttributes(cls, names) {
        for (const name of names) {
            const d = Object.getOwnPropertyDescriptor(cls.prototype, name);
            Object.defineProperty(cls.prototype, name, { get: d.get, set: d.set, enumerable: true, configurable: true });
        }
    }
    function idlConstants(cls, list) {
        for (const [name, value] of list) {
            const d = { value, writable: false, enumerable: true, configurable: false };
            Object.defineProperty(cls, name, d);
            Object.defineProperty(cls.prototype, name, d);
        }
    }
    idlConstants(DOMException, LEGACY.map(([constant], i) => [constant, i + 1]));
    idlAttributes(DOMException, ['name', 'message', 'code']);
    idlAttributes(QuotaExceededError, ['quota', 'requested']);
    Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: 'DOMException', configurable: true });
    Object.defineProperty(QuotaExceededError.prototype, Symbol.toStringTag, { value: 'QuotaExceededError', configurable: true });

    // DOM Event: the flags of the dispatch algorithm live in private fields; EventTarget reaches them
    // through the functions set in the static block.
    const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;
    let eventState, makeTrusted;
    function isTrusted() { return eventState(this).trusted; }
    class Event {
        #type; #bubbles; #cancelable; #composed; #timeStamp = Date.now();
        #state = {
            target: null, currentTarget: null, phase: NONE, canceled: false, dispatching: false, initialized: true,
            stopPropagation: false, stopImmediate: false, inPassiveListener: false, trusted: false,
        };
        constructor(type, eventInitDict = undefined) {
            if (arguments.length === 0) throw new TypeError("Event constructor: 'type' is required");
            this.#type = toDOMString(type);
            let init = eventInitDict;
            if (init === undefined || init === null) init = {};
            else if (typeof init !== 'object' && typeof init !== 'function') throw new TypeError('Event constructor: eventInitDict must be an object');
            this.#bubbles = !!init.bubbles;
            this.#cancelable = !!init.cancelable;
            this.#composed = !!init.composed;
            defineProperty(this, 'isTrusted', { get: isTrusted, enumerable: true, configurable: false });
        }
        static {
            eventState = (event) => event.#state;
            makeTrusted = (event) => { event.#state.trusted = true; return event; };
        }
        get type() { return this.#type; }
        get target() { return this.#state.target; }
        get srcElement() { return this.#state.target; }
        get currentTarget() { return this.#state.currentTarget; }
        composedPath() { return this.#state.currentTarget === null ? [] : [this.#state.currentTarget]; }
        get eventPhase() { return this.#state.phase; }
        stopPropagation() { this.#state.stopPropagation = true; }
        get cancelBubble() { return this.#state.stopPropagation; }
        set cancelBubble(value) { if (value) this.#state.stopPropagation = true; }
        stopImmediatePropagation() { this.#state.stopPropagation = this.#state.stopImmediate = true; }
        get bubbles() { return this.#bubbles; }
        get cancelable() { return this.#cancelable; }
        get returnValue() { return !this.#state.canceled; }
        set returnValue(value) { if (!value) this.#cancel(); }
        preventDefault() { this.#cancel(); }
        #cancel() { if (this.#cancelable && !this.#state.inPassiveListener) this.#state.canceled = true; }
        get defaultPrevented() { return this.#state.canceled; }
        get composed() { return this.#composed; }
        get timeStamp() { return this.#timeStamp; }
        initEvent(type, bubbles = false, cancelable = false) {
            if (arguments.length === 0) throw new TypeError("initEvent: 'type' is required");
            if (this.#state.dispatching) return;
            Object.assign(this.#state, { stopPropagation: false, stopImmediate: false, canceled: false, trusted: false, target: null });
            this.#type = toDOMString(type);
            this.#bubbles = !!bubbles;
            this.#cancelable = !!cancelable;
        }
    }
    idlConstants(Event, [['NONE', NONE], ['CAPTURING_PHASE', CAPTURING_PHASE], ['AT_TARGET', AT_TARGET], ['BUBBLING_PHASE', BUBBLING_PHASE]]);
    idlAttributes(Event, ['type', 'target', 'srcElement', 'currentTarget', 'eventPhase', 'cancelBubble', 'bubbles',
        'cancelable', 'returnValue', 'defaultPrevented', 'composed', 'timeStamp']);
    for (const name of ['composedPath', 'stopPropagation', 'stopImmediatePropagation', 'preventDefault', 'initEvent']) {
        Object.defineProperty(Event.prototype, name, { enumerable: true });
    }

    function flattenOptions(options) {
        if (typeof options === 'boolean') return { capture: options };
        if (options === undefined || options === null || (typeof options !== 'object' && typeof options !== 'function')) return { capture: !!options };
        return { capture: !!options.capture, options };
    }

    let addAbortAlgorithm, fire;
    class EventTarget {
        // Listeners in the order they were added: { type, callback, capture, once, passive, removed }.
        #listeners = [];
        // DOM "fire an event": a trusted event, dispatched without going through the overridable dispatchEvent.
        static { fire = (target, event) => { makeTrusted(event); return target.#dispatch(event, eventState(event)); }; }
        addEventListener(type, callback, options = undefined) {
            if (arguments.length < 2) throw new TypeError('addEventListener: 2 arguments required');
            type = toDOMString(type);
            const { capture, options: dict } = flattenOptions(options);
            let once = false, passive = null, signal = null;
            if (dict !== undefined) {
                once = !!dict.once;
                if (dict.passive !== undefined) passive = !!dict.passive;
                if (dict.signal !== undefined) {
                    signal = dict.signal;
                    if (!isSignal(signal)) throw new TypeError("addEventListener: 'signal' must be an AbortSignal");
                }
            }
            if (callback !== null && typeof callback !== 'object' && typeof callback !== 'function') {
                throw new TypeError('addEventListener: the listener must be an object or a function');
            }
            if (signal !== null && signal.aborted) return;
            if (callback === null) return;
            if (this.#listeners.some(l => l.type === type && l.callback === callback && l.capture === capture)) return;
            const listener = { type, callback, capture, once, passive: passive === null ? false : passive, removed: false };
            this.#listeners.push(listener);
            if (signal !== null) addAbortAlgorithm(signal, () => this.#remove(listener));
        }
        removeEventListener(type, callback, options = undefined) {
            if (arguments.length < 2) throw new TypeError('removeEventListener: 2 arguments required');
            type = toDOMString(type);
            const { capture } = flattenOptions(options);
            const listener = this.#listeners.find(l => l.type === type && l.callback === callback && l.capture === capture);
            if (listener) this.#remove(listener);
        }
        #remove(listener) {
            listener.removed = true;
            const i = this.#listeners.indexOf(listener);
            if (i >= 0) this.#listeners.splice(i, 1);
        }
        dispatchEvent(event) {
            if (!isEvent(event)) throw new TypeError('dispatchEvent: argument is not an Event');
            const state = eventState(event);
            if (state.dispatching || !state.initialized) throw new DOMException('dispatchEvent: the event is already being dispatched', 'InvalidStateError');
            state.trusted = false;
            return this.#dispatch(event, state);
        }
        // DOM "dispatch" for a target with no parent: capture listeners, then the others, all at target.
        #dispatch(event, state) {
            state.dispatching = true;
            state.target = this;
            state.currentTarget = this;
            state.phase = AT_TARGET;
            const listeners = this.#listeners.slice();
            for (const phase of ['capturing', 'bubbling']) {
                if (state.stopPropagation) break;
                for (const listener of listeners) {
                    if (listener.removed || listener.type !== event.type) continue;
                    if ((phase === 'capturing') !== listener.capture) continue;
                    if (listener.once) this.#remove(listener);
                    if (listener.passive) state.inPassiveListener = true;
                    try {
                        const callback = listener.callback;
                        if (typeof callback === 'function') {
                            callback.call(this, event);
                        } else {
                            const handleEvent = callback.handleEvent;
                            if (typeof handleEvent !== 'function') throw new TypeError('the listener has no handleEvent method');
                            handleEvent.call(callback, event);
                        }
                    } catch (e) {
                        report(e);
                    }
                    state.inPassiveListener = false;
                    if (state.stopImmediate) break;
                }
            }
            state.phase = NONE;
            state.currentTarget = null;
            state.dispatching = false;
            state.stopPropagation = state.stopImmediate = false;
            return !state.canceled;
        }
    }
    const isEvent = (e) => { try { eventState(e); return true; } catch (err) { return false; } };

    // HTML event handler attributes (onabort): the handler's listener takes its place in the list when the
    // attribute is first set to a function, and calls whatever the attribute holds at dispatch time.
    function eventHandler(cls, type, slot) {
        Object.defineProperty(cls.prototype, 'on' + type, {
            get() { return slot(this).handler; },
            set(value) {
                const s = slot(this);
                s.handler = typeof value === 'function' || (typeof value === 'object' && value !== null) ? value : null;
                if (s.handler !== null && !s.registered) {
                    s.registered = true;
                    EventTarget.prototype.addEventListener.call(this, type, function (event) {
                        const handler = s.handler;
                        if (typeof handler === 'function') {
                            const result = handler.call(this, event);
                            if (result === false) event.preventDefault();
                        }
                    });
                }
            },
            enumerable: true, configurable: true,
        });
    }

    // AbortSignal with the DOM's dependent signals (AbortSignal.any): a dependent signal follows the
    // non-dependent sources directly, so aborting a source aborts all of them in the order they were made.
    let createSignal, signalAbort, isSignal;
    class AbortSignal extends EventTarget {
        #aborted = false; #reason = undefined; #algorithms = new Set(); #handler = { handler: null, registered: false };
        #dependent = false; #sources = new Set(); #dependents = new Set();
        constructor(key) {
            super();
            if (key !== internal.token) throw new TypeError('Illegal constructor');
        }
        get aborted() { return this.#aborted; }
        get reason() { return this.#reason; }
        throwIfAborted() { if (this.#aborted) throw this.#reason; }
        static abort(reason = undefined) {
            const s = createSignal();
            s.#aborted = true;
            s.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
            return s;
        }
        static timeout(milliseconds) {
            const ms = Number(milliseconds);
            if (!Number.isFinite(ms) || ms < 0 || ms > Number.MAX_SAFE_INTEGER) throw new TypeError('AbortSignal.timeout: milliseconds must be a non-negative integer');
            const s = createSignal();
            internal.setTimeout(() => signalAbort(s, new DOMException('The operation timed out.', 'TimeoutError')), Math.trunc(ms));
            return s;
        }
        static any(signals) {
            if (signals === null || (typeof signals !== 'object' && typeof signals !== 'function') || typeof signals[Symbol.iterator] !== 'function') {
                throw new TypeError('AbortSignal.any: expected a sequence of AbortSignals');
            }
            const list = [];
            for (const signal of signals) {
                if (!isSignal(signal)) throw new TypeError('AbortSignal.any: every item must be an AbortSignal');
                list.push(signal);
            }
            const result = createSignal();
            for (const signal of list) {
                if (signal.#aborted) {
                    result.#aborted = true;
                    result.#reason = signal.#reason;
                    return result;
                }
            }
            result.#dependent = true;
            for (const signal of list) {
                const sources = signal.#dependent ? signal.#sources : [signal];
                for (const source of sources) {
                    if (source.#aborted || source.#dependent) continue;
                    result.#sources.add(source);
                    source.#dependents.add(result);
                }
            }
            return result;
        }
        static {
            createSignal = () => new AbortSignal(internal.token);
            isSignal = (s) => { try { return typeof s === 'object' && s !== null && #aborted in s; } catch (e) { return false; } };
            addAbortAlgorithm = (signal, algorithm) => { if (!signal.#aborted) signal.#algorithms.add(algorithm); };
            const runAbortSteps = (signal) => {
                const algorithms = [...signal.#algorithms];
                signal.#algorithms.clear();
                for (const algorithm of algorithms) {
                    try { algorithm(); } catch (e) { report(e); }
                }
                fire(signal, new Event('abort'));
            };
            signalAbort = (signal, reason) => {
                if (signal.#aborted) return;
                signal.#aborted = true;
                signal.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
                const toAbort = [];
                for (const dependent of signal.#dependents) {
                    if (dependent.#aborted) continue;
                    dependent.#aborted = true;
                    dependent.#reason = signal.#reason;
                    toAbort.push(dependent);
                }
                signal.#dependents.clear();
                runAbortSteps(signal);
                for (const dependent of toAbort) runAbortSteps(dependent);
            };
            eventHandler(AbortSignal, 'abort', (s) => s.#handler);
        }
    }
    idlAttributes(AbortSignal, ['aborted', 'reason']);
    Object.defineProperty(AbortSignal.prototype, 'throwIfAborted', { enumerable: true });

    class AbortController {
        #signal = createSignal();
        get signal() { return this.#signal; }
        abort(reason = undefined) { signalAbort(this.#signal, reason); }
    }
    idlAttributes(AbortController, ['signal']);
    Object.defineProperty(AbortController.prototype, 'abort', { enumerable: true });

    for (const [cls, tag] of [[Event, 'Event'], [EventTarget, 'EventTarget'], [AbortSignal, 'AbortSignal'], [AbortController, 'AbortController']]) {
        Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: tag, configurable: true });
    }
    internal.createSignal = createSignal;
    internal.signalAbort = signalAbort;
    internal.addAbortAlgorithm = addAbortAlgorithm;
    internal.isAbortSignal = isSignal;
    const globals = { DOMException, QuotaExceededError, Event, EventTarget, AbortSignal, AbortController };
    for (const name of Object.keys(globals)) {
        Object.defineProperty(g, name, { value: globals[name], writable: true, configurable: true, enumerable: false });
    }
})
