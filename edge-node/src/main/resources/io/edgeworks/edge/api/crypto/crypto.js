// Web Crypto API: crypto.getRandomValues, crypto.randomUUID, crypto.subtle.digest and HMAC
// importKey/generateKey/sign/verify (random bytes, hashing and MACs on the host, see CryptoHost.java).
(function (host, internal) {
    'use strict';
    const g = globalThis;
    const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

    const HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
    const BLOCK = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
    function algorithmName(algorithm) {
        const name = typeof algorithm === 'string' ? algorithm : algorithm && typeof algorithm === 'object' ? algorithm.name : undefined;
        if (name === undefined) throw new TypeError('algorithm: a name is required');
        return String(name);
    }
    function hashName(hash) {
        if (hash === undefined) throw new TypeError('HMAC: a hash is required');
        const name = algorithmName(hash).toUpperCase();
        const found = HASHES.find(h => h === name);
        if (!found) throw new DOMException(`Unrecognized hash: '${name}'`, 'NotSupportedError');
        return found;
    }

    // CryptoKey: only HMAC secret keys (the Web Crypto subset the edge offers besides digest).
    let keyData, newKey;
    class CryptoKey {
        #type; #extractable; #algorithm; #usages; #data;
        constructor(token) { if (token !== internal.token) throw new TypeError('Illegal constructor'); }
        get type() { return this.#type; }
        get extractable() { return this.#extractable; }
        get algorithm() { return this.#algorithm; }
        get usages() { return this.#usages.slice(); }
        static {
            keyData = (key) => key.#data;
            newKey = (type, extractable, algorithm, usages, data) => {
                const k = new CryptoKey(internal.token);
                k.#type = type; k.#extractable = extractable; k.#algorithm = Object.freeze(algorithm);
                k.#usages = usages; k.#data = data;
                return k;
            };
        }
    }
    Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: 'CryptoKey' });
    const isKey = (k) => { try { keyData(k); return true; } catch (e) { return false; } };

    function hmacKeyFor(key, usage, name) {
        if (!isKey(key)) throw new TypeError(`${usage}: key must be a CryptoKey`);
        if (key.algorithm.name !== 'HMAC' || name.toUpperCase() !== 'HMAC') {
            throw new DOMException(`${usage}: the key is not a ${name} key`, 'InvalidAccessError');
        }
        if (!key.usages.includes(usage)) throw new DOMException(`${usage}: the key does not allow '${usage}'`, 'InvalidAccessError');
        return keyData(key);
    }

    class SubtleCrypto {
        constructor(key) { if (key !== internal.token) throw new TypeError('Illegal constructor'); }
        async digest(algorithm, data) {
            const name = algorithmName(algorithm);
            const bytes = internal.toBytes(data, 'digest');
            const out = host.digest(name.toUpperCase(), internal.bytesToBinary(bytes));
            if (out === null) throw new DOMException(`Unrecognized algorithm name: '${name}'`, 'NotSupportedError');
            return internal.binaryToBytes(out).buffer;
        }
        async importKey(format, keyData, algorithm, extractable, usages) {
            const name = algorithmName(algorithm);
            if (name.toUpperCase() !== 'HMAC') throw new DOMException(`importKey: algorithm '${name}' is not supported`, 'NotSupportedError');
            if (format !== 'raw') throw new DOMException(`importKey: format '${format}' is not supported for HMAC`, 'NotSupportedError');
            const hash = hashName(algorithm.hash);
            const list = Array.from(usages, String);
            for (const u of list) if (u !== 'sign' && u !== 'verify') throw new DOMException(`importKey: usage '${u}' is not valid for HMAC`, 'SyntaxError');
            if (list.length === 0) throw new DOMException('importKey: a secret key needs at least one usage', 'SyntaxError');
            const bytes = internal.toBytes(keyData, 'importKey');
            let length = bytes.length * 8;
            if (algorithm.length !== undefined) {
                length = Number(algorithm.length);
                if (length === 0 || length > bytes.length * 8 || length <= bytes.length * 8 - 8) {
                    throw new DOMException('importKey: length does not match the key data', 'DataError');
                }
            }
            if (bytes.length === 0) throw new DOMException('importKey: HMAC key data must not be empty', 'DataError');
            return newKey('secret', !!extractable, { name: 'HMAC', hash: { name: hash }, length }, [...new Set(list)], internal.bytesToBinary(bytes));
        }
        async sign(algorithm, key, data) {
            const name = algorithmName(algorithm);
            const bytes = internal.toBytes(data, 'sign');
            const secret = hmacKeyFor(key, 'sign', name);
            return internal.binaryToBytes(host.hmac(key.algorithm.hash.name, secret, internal.bytesToBinary(bytes))).buffer;
        }
        async verify(algorithm, key, signature, data) {
            const name = algorithmName(algorithm);
            const sig = internal.bytesToBinary(internal.toBytes(signature, 'verify'));
            const bytes = internal.toBytes(data, 'verify');
            const secret = hmacKeyFor(key, 'verify', name);
            const expected = host.hmac(key.algorithm.hash.name, secret, internal.bytesToBinary(bytes));
            if (expected.length !== sig.length) return false;
            let diff = 0;
            for (let i = 0; i < sig.length; i++) diff |= expected.charCodeAt(i) ^ sig.charCodeAt(i);
            return diff === 0;
        }
        async generateKey(algorithm, extractable, usages) {
            const name = algorithmName(algorithm);
            if (name.toUpperCase() !== 'HMAC') throw new DOMException(`generateKey: algorithm '${name}' is not supported`, 'NotSupportedError');
            const hash = hashName(algorithm.hash);
            const length = algorithm.length === undefined ? BLOCK[hash] : Number(algorithm.length);
            const raw = internal.binaryToBytes(host.randomBytes(Math.ceil(length / 8)));
            return this.importKey('raw', raw, { name: 'HMAC', hash, length }, extractable, usages);
        }
    }

    class Crypto {
        #subtle = new SubtleCrypto(internal.token);
        constructor(key) { if (key !== internal.token) throw new TypeError('Illegal constructor'); }
        get subtle() { return this.#subtle; }
        getRandomValues(array) {
            if (!INTEGER_ARRAYS.some(t => array instanceof t)) {
                throw new DOMException('getRandomValues: argument must be an integer typed array', 'TypeMismatchError');
            }
            if (array.byteLength > 65536) {
                throw new DOMException(`getRandomValues: ${array.byteLength} bytes requested, at most 65536 allowed`, 'QuotaExceededError');
            }
            const random = host.randomBytes(array.byteLength);
            const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
            for (let i = 0; i < random.length; i++) view[i] = random.charCodeAt(i);
            return array;
        }
        randomUUID() { return host.randomUUID(); }
    }

    const crypto = new Crypto(internal.token);
    Object.defineProperty(g, 'crypto', { value: crypto, writable: true, configurable: true, enumerable: false });
    Object.assign(g, { Crypto, SubtleCrypto, CryptoKey });
    for (const name of ['Crypto', 'SubtleCrypto', 'CryptoKey']) Object.defineProperty(g, name, { enumerable: false });
})
