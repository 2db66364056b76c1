// Web Crypto API: crypto.getRandomValues, crypto.randomUUID, crypto.subtle.digest, and HMAC and ECDSA
// importKey/exportKey/generateKey/sign/verify (random bytes, hashing, MACs and ECDSA on the host, see
// CryptoHost.java and Ecdsa.java).
(function (host, internal) {
    'use strict';
    const g = globalThis;
    const { DOMException, QuotaExceededError } = g;
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

    // CryptoKey: HMAC secret keys and ECDSA key pairs (the Web Crypto subset the edge offers besides digest).
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

    // ECDSA (P-256/384/521) on the host (Ecdsa.java). Key data: { spki } for a public key, { spki, pkcs8 }
    // for a private one, DER as binary strings.
    const CURVES = ['P-256', 'P-384', 'P-521'];
    const FORMATS = ['raw', 'spki', 'pkcs8', 'jwk'];
    function ecdsa(op, ...args) {
        const result = host.ecdsa(op, ...args);
        if (result[0] !== null) throw new DOMException(`ECDSA: ${result[0]}`, 'DataError');
        return Array.from(result).slice(1);
    }
    function namedCurve(algorithm, what) {
        if (algorithm.namedCurve === undefined) throw new TypeError(`${what}: ECDSA needs a namedCurve`);
        const curve = toDOMString(algorithm.namedCurve);
        if (!CURVES.includes(curve)) throw new DOMException(`${what}: curve '${curve}' is not supported`, 'NotSupportedError');
        return curve;
    }
    function checkUsages(list, allowed, what) {
        for (const u of list) {
            if (!allowed.includes(u)) throw new DOMException(`${what}: usage '${u}' is not valid here`, 'SyntaxError');
        }
    }
    function toDOMString(value) {
        if (typeof value === 'symbol') throw new TypeError('cannot convert a Symbol to a string');
        return `${value}`;
    }
    function usageList(usages, what) {
        if (usages === null || typeof usages !== 'object' || typeof usages[Symbol.iterator] !== 'function') {
            throw new TypeError(`${what}: keyUsages must be a sequence`);
        }
        const list = [];
        for (const u of usages) {
            const usage = toDOMString(u);
            if (!USAGES.includes(usage)) throw new TypeError(`${what}: '${usage}' is not a KeyUsage`);
            if (!list.includes(usage)) list.push(usage);
        }
        return list;
    }
    const USAGES = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits', 'wrapKey', 'unwrapKey'];
    function normalize(algorithm, supported, what) {
        const alg = typeof algorithm === 'string' ? { name: algorithm } : algorithm;
        if (alg === null || (typeof alg !== 'object' && typeof alg !== 'function')) throw new TypeError(`${what}: algorithm must be an object or a name`);
        if (alg.name === undefined) throw new TypeError(`${what}: the algorithm needs a name`);
        const name = toDOMString(alg.name);
        const found = supported.find(n => n.toUpperCase() === name.toUpperCase());
        if (found === undefined) throw new DOMException(`${what}: algorithm '${name}' is not supported`, 'NotSupportedError');
        return { alg, name: found };
    }
    function keyFormat(format, what) {
        const f = toDOMString(format);
        if (!FORMATS.includes(f)) throw new TypeError(`${what}: '${f}' is not a key format`);
        return f;
    }
    function signingKey(key, name, type, usage) {
        if (!isKey(key)) throw new TypeError(`${usage}: key must be a CryptoKey`);
        if (key.algorithm.name !== name) throw new DOMException(`${usage}: the key is not a ${name} key`, 'InvalidAccessError');
        if (type !== null && key.type !== type) throw new DOMException(`${usage}: an ECDSA ${usage} needs a ${type} key`, 'InvalidAccessError');
        if (!key.usages.includes(usage)) throw new DOMException(`${usage}: the key does not allow '${usage}'`, 'InvalidAccessError');
        return keyData(key);
    }
    const base64url = (binary) => internal.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    function fromBase64url(text, field) {
        if (typeof text !== 'string' || /[^A-Za-z0-9_-]/.test(text) || text.length % 4 === 1) {
            throw new DOMException(`importKey: JWK member '${field}' is not base64url`, 'DataError');
        }
        return internal.atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    }
    const bin = (data, what) => internal.bytesToBinary(internal.toBytes(data, what));
    const buffer = (binary) => internal.binaryToBytes(binary).buffer;

    // The JsonWebKey members every import checks: kty, alg (when present), use, key_ops and ext.
    const JWK_ALG = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
    function checkJwk(jwk, kty, alg, extractable, list) {
        if (jwk.kty !== kty) throw new DOMException(`importKey: the JWK needs kty '${kty}'`, 'DataError');
        if (jwk.alg !== undefined && jwk.alg !== alg) throw new DOMException(`importKey: the JWK's alg is not '${alg}'`, 'DataError');
        if (jwk.use !== undefined && jwk.use !== 'sig') throw new DOMException("importKey: the JWK's use must be 'sig'", 'DataError');
        if (jwk.key_ops !== undefined) {
            const ops = Array.from(jwk.key_ops, String);
            if (new Set(ops).size !== ops.length || list.some(u => !ops.includes(u))) {
                throw new DOMException('importKey: the JWK key_ops do not allow the requested usages', 'DataError');
            }
        }
        if (jwk.ext === false && extractable) throw new DOMException('importKey: the JWK is not extractable', 'DataError');
    }

    function importEcdsa(format, keyData, algorithm, extractable, list) {
        const curve = namedCurve(algorithm, 'importKey');
        let type, data;
        if (format === 'jwk') {
            const jwk = keyData;
            type = jwk.d !== undefined ? 'private' : 'public';
            checkUsages(list, type === 'private' ? ['sign'] : ['verify'], 'importKey');
            checkJwk(jwk, 'EC', JWK_ALG[curve], extractable, list);
            if (jwk.crv !== curve) throw new DOMException(`importKey: the JWK's curve is not ${curve}`, 'DataError');
            const x = fromBase64url(jwk.x, 'x'), y = fromBase64url(jwk.y, 'y');
            if (type === 'private') {
                const [pkcs8, spki] = ecdsa('importJwk', curve, x, y, fromBase64url(jwk.d, 'd'));
                data = { pkcs8, spki };
            } else {
                data = { spki: ecdsa('importJwk', curve, x, y, null)[0] };
            }
        } else if (format === 'pkcs8') {
            checkUsages(list, ['sign'], 'importKey');
            type = 'private';
            const [pkcs8, spki] = ecdsa('importPkcs8', curve, bin(keyData, 'importKey'));
            data = { pkcs8, spki };
        } else {
            checkUsages(list, ['verify'], 'importKey');
            type = 'public';
            data = { spki: ecdsa(format === 'raw' ? 'importRaw' : 'importSpki', curve, bin(keyData, 'importKey'))[0] };
        }
        if (type === 'private' && list.length === 0) throw new DOMException('importKey: a private key needs at least one usage', 'SyntaxError');
        return newKey(type, extractable, { name: 'ECDSA', namedCurve: curve }, list, data);
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
            format = keyFormat(format, 'importKey');
            if (format === 'jwk' ? keyData === null || typeof keyData !== 'object' : !(keyData instanceof ArrayBuffer || ArrayBuffer.isView(keyData))) {
                throw new TypeError(`importKey: key data of format '${format}' has the wrong type`);
            }
            const { alg, name } = normalize(algorithm, ['HMAC', 'ECDSA'], 'importKey');
            const list = usageList(usages, 'importKey');
            if (name === 'ECDSA') return importEcdsa(format, keyData, alg, !!extractable, list);
            if (format !== 'raw' && format !== 'jwk') throw new DOMException(`importKey: format '${format}' is not supported for HMAC`, 'NotSupportedError');
            const hash = hashName(alg.hash);
            checkUsages(list, ['sign', 'verify'], 'importKey');
            let bytes;
            if (format === 'jwk') {
                checkJwk(keyData, 'oct', 'HS' + hash.slice(4), !!extractable, list);
                if (keyData.k === undefined) throw new DOMException("importKey: an HMAC JWK needs its key in 'k'", 'DataError');
                bytes = internal.binaryToBytes(fromBase64url(keyData.k, 'k'));
            } else {
                bytes = internal.toBytes(keyData, 'importKey');
            }
            if (list.length === 0) throw new DOMException('importKey: a secret key needs at least one usage', 'SyntaxError');
            let length = bytes.length * 8;
            if (alg.length !== undefined) {
                length = Number(alg.length);
                if (length === 0 || length > bytes.length * 8 || length <= bytes.length * 8 - 8) {
                    throw new DOMException('importKey: length does not match the key data', 'DataError');
                }
            }
            if (bytes.length === 0) throw new DOMException('importKey: HMAC key data must not be empty', 'DataError');
            return newKey('secret', !!extractable, { name: 'HMAC', hash: { name: hash }, length }, list, internal.bytesToBinary(bytes));
        }
        async exportKey(format, key) {
            format = keyFormat(format, 'exportKey');
            if (!isKey(key)) throw new TypeError('exportKey: key must be a CryptoKey');
            if (!key.extractable) throw new DOMException('exportKey: the key is not extractable', 'InvalidAccessError');
            const data = keyData(key);
            const algorithm = key.algorithm;
            if (algorithm.name === 'HMAC') {
                if (format === 'raw') return buffer(data);
                if (format !== 'jwk') throw new DOMException(`exportKey: format '${format}' is not supported for HMAC`, 'NotSupportedError');
                return { kty: 'oct', k: base64url(data), alg: 'HS' + algorithm.hash.name.slice(4), key_ops: key.usages, ext: true };
            }
            const curve = algorithm.namedCurve;
            if (format === 'jwk') {
                const [x, y, d] = ecdsa('components', curve, data.spki, key.type === 'private' ? data.pkcs8 : null);
                const jwk = { kty: 'EC', crv: curve, x: base64url(x), y: base64url(y) };
                if (d !== undefined) jwk.d = base64url(d);
                return Object.assign(jwk, { key_ops: key.usages, ext: true });
            }
            if (format === 'pkcs8') {
                if (key.type !== 'private') throw new DOMException('exportKey: pkcs8 is for private keys', 'InvalidAccessError');
                return buffer(data.pkcs8);
            }
            if (key.type !== 'public') throw new DOMException(`exportKey: ${format} is for public keys`, 'InvalidAccessError');
            return buffer(format === 'spki' ? data.spki : ecdsa('exportRaw', curve, data.spki)[0]);
        }
        async sign(algorithm, key, data) {
            const { alg, name } = normalize(algorithm, ['HMAC', 'ECDSA'], 'sign');
            const bytes = bin(data, 'sign');
            if (name === 'ECDSA') {
                const hash = hashName(alg.hash);
                return buffer(ecdsa('sign', hash, signingKey(key, 'ECDSA', 'private', 'sign').pkcs8, bytes)[0]);
            }
            const secret = signingKey(key, 'HMAC', null, 'sign');
            return buffer(host.hmac(key.algorithm.hash.name, secret, bytes));
        }
        async verify(algorithm, key, signature, data) {
            const { alg, name } = normalize(algorithm, ['HMAC', 'ECDSA'], 'verify');
            const sig = bin(signature, 'verify');
            const bytes = bin(data, 'verify');
            if (name === 'ECDSA') {
                const hash = hashName(alg.hash);
                return ecdsa('verify', hash, signingKey(key, 'ECDSA', 'public', 'verify').spki, sig, bytes)[0];
            }
            const secret = signingKey(key, 'HMAC', null, 'verify');
            const expected = host.hmac(key.algorithm.hash.name, secret, bytes);
            if (expected.length !== sig.length) return false;
            let diff = 0;
            for (let i = 0; i < sig.length; i++) diff |= expected.charCodeAt(i) ^ sig.charCodeAt(i);
            return diff === 0;
        }
        async generateKey(algorithm, extractable, usages) {
            const { alg, name } = normalize(algorithm, ['HMAC', 'ECDSA'], 'generateKey');
            const list = usageList(usages, 'generateKey');
            if (name === 'ECDSA') {
                const curve = namedCurve(alg, 'generateKey');
                checkUsages(list, ['sign', 'verify'], 'generateKey');
                const privateUsages = list.filter(u => u === 'sign');
                if (privateUsages.length === 0) throw new DOMException('generateKey: the private key needs the sign usage', 'SyntaxError');
                const [pkcs8, spki] = ecdsa('generate', curve);
                const algo = () => ({ name: 'ECDSA', namedCurve: curve });
                return {
                    publicKey: newKey('public', true, algo(), list.filter(u => u === 'verify'), { spki }),
                    privateKey: newKey('private', !!extractable, algo(), privateUsages, { pkcs8, spki }),
                };
            }
            const hash = hashName(alg.hash);
            const length = alg.length === undefined ? BLOCK[hash] : Number(alg.length);
            const raw = internal.binaryToBytes(host.randomBytes(Math.ceil(length / 8)));
            return this.importKey('raw', raw, { name: 'HMAC', hash, length }, extractable, list);
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
                throw new QuotaExceededError(`getRandomValues: ${array.byteLength} bytes requested, at most 65536 allowed`);
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
