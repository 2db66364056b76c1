// Web Crypto API: crypto.getRandomValues, crypto.randomUUID, crypto.subtle.digest (random bytes and
// hashing on the host, see CryptoHost.java).
(function (host, internal) {
    'use strict';
    const g = globalThis;
    const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

    class SubtleCrypto {
        constructor(key) { if (key !== internal.token) throw new TypeError('Illegal constructor'); }
        async digest(algorithm, data) {
            const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
            if (typeof name !== 'string') throw new TypeError('digest: algorithm name is required');
            const bytes = internal.toBytes(data, 'digest');
            const out = host.digest(name.toUpperCase(), internal.bytesToBinary(bytes));
            if (out === null) throw new DOMException(`Unrecognized algorithm name: '${name}'`, 'NotSupportedError');
            return internal.binaryToBytes(out).buffer;
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
    Object.assign(g, { Crypto, SubtleCrypto });
})
