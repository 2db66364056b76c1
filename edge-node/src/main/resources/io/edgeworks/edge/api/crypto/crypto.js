// Web Crypto API (W3C Web Cryptography): crypto.getRandomValues, crypto.randomUUID and crypto.subtle with
// digest, HMAC, ECDSA, ECDH, Ed25519, X25519, RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP, AES-GCM/CBC/CTR/KW, HKDF and PBKDF2
// (generateKey, importKey, exportKey, sign, verify, encrypt, decrypt, deriveBits, deriveKey, wrapKey,
// unwrapKey). The cryptography runs on the host (CryptoHost, Ecdsa, SubtleHost: java.security/javax.crypto);
// this file normalizes algorithms, checks usages and key types and raises the spec's errors. Key material
// stays on the host where it can (opaque handles in a CryptoKey's private state). Everything a tenant
// could patch later (globals, prototypes, iterators, setters) is captured or avoided here.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const { DOMException, QuotaExceededError, TypeError, Uint8Array: U8, ArrayBuffer: AB, Symbol: Sym, JSON: Json, Reflect: Refl } = g;
    const uncurry = (f) => Function.prototype.call.bind(f);
    const ObjectFreeze = Object.freeze, defineProperty = Object.defineProperty, getOwnDesc = Object.getOwnPropertyDescriptor;
    const isArray = g.Array.isArray, hasOwn = Object.hasOwn, ReflectApply = Refl.apply, jsonParse = Json.parse, isView = AB.isView, fromCharCode = g.String.fromCharCode;
    const SymIterator = Sym.iterator, StringCtor = g.String, NumberCtor = g.Number, MathTrunc = Math.trunc, MathCeil = Math.ceil;
    const charCodeAt = uncurry(g.String.prototype.charCodeAt), substring = uncurry(g.String.prototype.substring), toUpperCase = uncurry(g.String.prototype.toUpperCase);
    const TypedArrayProto = Object.getPrototypeOf(U8.prototype);
    const taBuffer = uncurry(getOwnDesc(TypedArrayProto, 'buffer').get);
    const taOffset = uncurry(getOwnDesc(TypedArrayProto, 'byteOffset').get);
    const taLength = uncurry(getOwnDesc(TypedArrayProto, 'byteLength').get);
    const dvBuffer = uncurry(getOwnDesc(g.DataView.prototype, 'buffer').get);
    const dvOffset = uncurry(getOwnDesc(g.DataView.prototype, 'byteOffset').get);
    const dvLength = uncurry(getOwnDesc(g.DataView.prototype, 'byteLength').get);
    const typedArrayTag = uncurry(getOwnDesc(TypedArrayProto, Sym.toStringTag).get);
    const abLength = uncurry(getOwnDesc(AB.prototype, 'byteLength').get);
    const INTEGER_ARRAYS = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array'];
    const hostRandomBytes = host.randomBytes, hostRandomUUID = host.randomUUID, hostDigest = host.digest, hostHmac = host.hmac;
    const hostEcdsa = host.ecdsa, hostSubtle = host.subtle, hostUtf8 = host.decodeUtf8;

    function has(list, value) { for (let i = 0; i < list.length; i++) if (list[i] === value) return true; return false; }

    // ---- crypto.subtle, SubtleCrypto and CryptoKey: set up in a realm when the realm first needs them ----
    // (the worker reads crypto.subtle or one of the two globals: realm/lazy.js), with the realm's own built-ins
    // (internal.pristine); a realm whose worker only draws random values does not hold the ~100 functions below.
    // Named like a realm set-up function: it runs once per realm and is never compiled (JsEngine).
    function edgeworks$realmSetupSubtle() {
        // ---- small captured helpers (own arrays and objects only) ----
        function append(list, value) { defineProperty(list, list.length, { value, writable: true, enumerable: true, configurable: true }); }
        function put(object, key, value) { defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true }); }
        function upperEquals(a, b) { return toUpperCase(a) === toUpperCase(b); }
        function syntax(message) { return new DOMException(message, 'SyntaxError'); }
        function invalidAccess(message) { return new DOMException(message, 'InvalidAccessError'); }
        function dataError(message) { return new DOMException(message, 'DataError'); }
        function notSupported(message) { return new DOMException(message, 'NotSupportedError'); }
        function operationError(message) { return new DOMException(message, 'OperationError'); }

        function toDOMString(value) {
            if (typeof value === 'symbol') throw new TypeError('cannot convert a Symbol to a string');
            return `${value}`;
        }
        // WebIDL [EnforceRange] integer conversion.
        function enforceRange(value, max, what) {
            if (typeof value === 'symbol' || typeof value === 'bigint') throw new TypeError(`${what} must be a number`);
            let n = NumberCtor(value);
            if (n !== n || n === Infinity || n === -Infinity) throw new TypeError(`${what} must be a finite number`);
            n = MathTrunc(n);
            if (n < 0 || n > max) throw new TypeError(`${what} is out of range`);
            return n === 0 ? 0 : n;
        }
        const isArrayBuffer = (x) => { try { abLength(x); return true; } catch (e) { return false; } };
        function isBufferSource(x) { return isArrayBuffer(x) || isView(x); }
        // A copy of the bytes of a BufferSource, as a binary string (one char per byte), which is what the host takes.
        function bin(data, what) {
            let buffer, offset, length;
            if (isArrayBuffer(data)) { buffer = data; offset = 0; length = abLength(data); }
            else if (isView(data)) {
                try { buffer = taBuffer(data); offset = taOffset(data); length = taLength(data); }
                catch (e) { buffer = dvBuffer(data); offset = dvOffset(data); length = dvLength(data); }
            } else {
                throw new TypeError(`${what} must be an ArrayBuffer or ArrayBufferView`);
            }
            let out = '';
            for (let i = 0; i < length; i += 8192) {
                out += ReflectApply(fromCharCode, null, new U8(buffer, offset + i, length - i < 8192 ? length - i : 8192));
            }
            return out;
        }
        function toBuffer(binary) {
            const buffer = new AB(binary.length), view = new U8(buffer);
            for (let i = 0; i < binary.length; i++) view[i] = charCodeAt(binary, i);
            return buffer;
        }
        function toUint8(binary) { return new U8(toBuffer(binary)); }

        const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const HEX = '0123456789abcdef';
        function base64url(binary) {
            let out = '';
            for (let i = 0; i < binary.length; i += 3) {
                const a = charCodeAt(binary, i), b = i + 1 < binary.length ? charCodeAt(binary, i + 1) : 0, c = i + 2 < binary.length ? charCodeAt(binary, i + 2) : 0;
                const n = (a << 16) | (b << 8) | c;
                out += B64[n >> 18] + B64[(n >> 12) & 63];
                if (i + 1 < binary.length) out += B64[(n >> 6) & 63];
                if (i + 2 < binary.length) out += B64[n & 63];
            }
            return out;
        }
        function fromBase64url(text, field) {
            if (typeof text !== 'string' || text.length % 4 === 1) throw dataError(`importKey: JWK member '${field}' is not base64url`);
            let out = '', buffer = 0, bits = 0;
            for (let i = 0; i < text.length; i++) {
                const c = charCodeAt(text, i);
                const v = c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 71 : c >= 48 && c <= 57 ? c + 4 : c === 45 ? 62 : c === 95 ? 63 : -1;
                if (v < 0) throw dataError(`importKey: JWK member '${field}' is not base64url`);
                buffer = ((buffer << 6) | v) & 0xffffff;
                bits += 6;
                if (bits >= 8) { bits -= 8; out += fromCharCode((buffer >> bits) & 255); }
            }
            return out;
        }
        // JSON text of an exported JWK (members are strings, booleans and string lists), built here so that no
        // toJSON a tenant defines takes part.
        function jwkJson(jwk, order) {
            const quote = (s) => {
                let out = '"';
                for (let i = 0; i < s.length; i++) {
                    const c = charCodeAt(s, i);
                    out += c === 34 ? '\\"' : c === 92 ? '\\\\' : c < 32 ? '\\u00' + HEX[c >> 4] + HEX[c & 15] : s[i];
                }
                return out + '"';
            };
            let out = '{', first = true;
            for (let i = 0; i < order.length; i++) {
                if (!hasOwn(jwk, order[i])) continue;
                const value = jwk[order[i]];
                out += (first ? '' : ',') + quote(order[i]) + ':';
                first = false;
                if (typeof value === 'boolean') out += value ? 'true' : 'false';
                else if (typeof value === 'string') out += quote(value);
                else { out += '['; for (let j = 0; j < value.length; j++) out += (j ? ',' : '') + quote(value[j]); out += ']'; }
            }
            return out + '}';
        }
        const JWK_MEMBERS = ['kty', 'use', 'key_ops', 'alg', 'ext', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
        // The JsonWebKey dictionary conversion: every member read once into a plain record.
        function readJwk(value) {
            if (value === null || typeof value !== 'object') throw new TypeError("importKey: key data of format 'jwk' must be a JsonWebKey object");
            const jwk = { __proto__: null };
            for (let i = 0; i < JWK_MEMBERS.length; i++) {
                const name = JWK_MEMBERS[i], v = value[name];
                if (v === undefined) continue;
                if (name === 'ext') put(jwk, name, !!v);
                else if (name === 'key_ops') put(jwk, name, stringList(v, 'importKey: key_ops'));
                else put(jwk, name, toDOMString(v));
            }
            return jwk;
        }
        // WebIDL sequence conversion; plain arrays are read by index, so that a patched Array iterator does not
        // take part (an array's own iterator gives the same items unless it was patched).
        function forEachOf(value, f) {
            if (isArray(value)) { for (let i = 0; i < value.length; i++) f(value[i]); return; }
            for (const item of value) f(item);
        }
        function stringList(value, what) {
            if (value === null || typeof value !== 'object' || typeof value[SymIterator] !== 'function') throw new TypeError(`${what} must be a sequence`);
            const list = [];
            forEachOf(value, (item) => append(list, toDOMString(item)));
            return list;
        }

        // ---- host calls ----
        function subtle(op, a, b, c, d, e, f, g2, h) {
            const r = hostSubtle(op, a, b, c, d, e, f, g2, h);
            if (r[0] !== null) throw new DOMException(r[1], r[0]);
            return r;
        }
        function ecdsa(op, a, b, c, d) {
            const r = hostEcdsa(op, a === undefined ? null : a, b === undefined ? null : b, c === undefined ? null : c, d === undefined ? null : d);
            if (r[0] !== null) throw dataError(`ECDSA: ${r[0]}`);
            return r;
        }

        // ---- CryptoKey ----
        let slots, newKey;
        class CryptoKey {
            #type; #extractable; #algorithm; #usages; #slots;
            constructor(token) { if (token !== internal.token) throw new TypeError('Illegal constructor'); }
            get type() { return this.#type; }
            get extractable() { return this.#extractable; }
            get algorithm() { return this.#algorithm; }
            get usages() { return this.#usages; }
            static {
                slots = (key) => key.#slots;
                // alg: the internal KeyAlgorithm record { name, hash?, length?, namedCurve?, modulusLength?, publicExponent? };
                // data: the key material (a host handle, binary strings for HMAC and ECDSA).
                newKey = (type, extractable, algorithm, usages, data) => {
                    const alg = ownRecord(algorithm, KEY_ALGORITHM_MEMBERS);
                    const k = new CryptoKey(internal.token);
                    k.#type = type; k.#extractable = extractable;
                    k.#algorithm = publicAlgorithm(alg);
                    const exposed = [];
                    for (let i = 0; i < usages.length; i++) append(exposed, usages[i]);
                    k.#usages = exposed;
                    k.#slots = ObjectFreeze({ type, extractable, alg, usages, data });
                    return k;
                };
            }
        }
        defineProperty(CryptoKey.prototype, Sym.toStringTag, { value: 'CryptoKey', configurable: true });
        // Internal records have no prototype, so that a member a tenant puts on Object.prototype is never read as theirs.
        const KEY_ALGORITHM_MEMBERS = ['name', 'hash', 'length', 'namedCurve', 'modulusLength', 'publicExponent'];
        function ownRecord(source, members) {
            const out = { __proto__: null };
            for (let i = 0; i < members.length; i++) if (hasOwn(source, members[i])) put(out, members[i], source[members[i]]);
            return ObjectFreeze(out);
        }
        function publicAlgorithm(alg) {
            const out = { name: alg.name };
            if (alg.modulusLength !== undefined) { put(out, 'modulusLength', alg.modulusLength); put(out, 'publicExponent', toUint8(alg.publicExponent)); }
            if (alg.namedCurve !== undefined) put(out, 'namedCurve', alg.namedCurve);
            if (alg.length !== undefined) put(out, 'length', alg.length);
            if (alg.hash !== undefined) put(out, 'hash', ObjectFreeze({ name: alg.hash }));
            return ObjectFreeze(out);
        }
        function keySlots(key, what) {
            let s;
            try { s = slots(key); } catch (e) { throw new TypeError(`${what}: key must be a CryptoKey`); }
            return s;
        }
        // The checks every operation on an existing key makes: same algorithm, the usage, and (where given) the key type.
        function usableKey(key, name, usage, type, what) {
            const s = keySlots(key, what);
            if (s.alg.name !== name) throw invalidAccess(`${what}: the key is a ${s.alg.name} key, not ${name}`);
            if (!has(s.usages, usage)) throw invalidAccess(`${what}: the key's usages do not include '${usage}'`);
            if (type !== null && s.type !== type) throw invalidAccess(`${what}: ${name} ${usage} needs a ${type} key, not a ${s.type} one`);
            return s;
        }

        // ---- algorithm normalization ----
        const HASHES = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
        const BLOCK = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
        const HS_ALG = { 'SHA-1': 'HS1', 'SHA-256': 'HS256', 'SHA-384': 'HS384', 'SHA-512': 'HS512' };
        const AES = ['AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW'];
        const RSA = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP'];
        // The registered algorithms per operation (the spec's "supportedAlgorithms").
        const OPS = {
            digest: HASHES,
            sign: ['HMAC', 'ECDSA', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'Ed25519'],
            verify: ['HMAC', 'ECDSA', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'Ed25519'],
            encrypt: ['RSA-OAEP', 'AES-CTR', 'AES-CBC', 'AES-GCM'],
            decrypt: ['RSA-OAEP', 'AES-CTR', 'AES-CBC', 'AES-GCM'],
            generateKey: ['HMAC', 'ECDSA', 'ECDH', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP', 'AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW', 'Ed25519', 'X25519'],
            importKey: ['HMAC', 'ECDSA', 'ECDH', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP', 'AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW', 'HKDF', 'PBKDF2',
                'Ed25519', 'X25519'],
            deriveBits: ['ECDH', 'HKDF', 'PBKDF2', 'X25519'],
            getKeyLength: ['HMAC', 'AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW', 'HKDF', 'PBKDF2'],
            wrapKey: ['AES-KW'],
            unwrapKey: ['AES-KW'],
        };
        function registeredName(op, given) {
            const registered = OPS[op];
            for (let i = 0; i < registered.length; i++) if (upperEquals(registered[i], given)) return registered[i];
            return undefined;
        }
        function required(alg, member, what) {
            const v = alg[member];
            if (v === undefined) throw new TypeError(`${what}: the algorithm needs a '${member}' member`);
            return v;
        }
        function bufferMember(alg, member, what, optional) {
            const v = alg[member];
            if (v === undefined) { if (optional) return null; throw new TypeError(`${what}: the algorithm needs a '${member}' member`); }
            if (!isBufferSource(v)) throw new TypeError(`${what}: '${member}' must be a BufferSource`);
            return bin(v, `${what}: ${member}`);
        }
        // Normalizes an AlgorithmIdentifier for operation op: the registered name (NotSupportedError otherwise)
        // plus the members the operation's dictionary type defines, converted (TypeError for missing ones).
        function normalize(op, algorithm, what, fallbackOp) {
            if (typeof algorithm === 'string') algorithm = { __proto__: null, name: algorithm };
            if (algorithm === null || (typeof algorithm !== 'object' && typeof algorithm !== 'function')) {
                throw new TypeError(`${what}: algorithm must be an object or a name`);
            }
            const rawName = algorithm.name;
            if (rawName === undefined) throw new TypeError(`${what}: the algorithm needs a name`);
            const given = toDOMString(rawName);
            let name = registeredName(op, given);
            if (name === undefined && fallbackOp !== undefined) { op = fallbackOp; name = registeredName(op, given); }
            if (name === undefined) throw notSupported(`${what}: algorithm '${given}' is not supported for ${op}`);
            const alg = algorithm, out = { __proto__: null, name };
            const hash = () => put(out, 'hash', normalize('digest', required(alg, 'hash', what), what).name);
            switch (op + ':' + name) {
                case 'sign:ECDSA': case 'verify:ECDSA': hash(); break;
                case 'sign:RSA-PSS': case 'verify:RSA-PSS': put(out, 'saltLength', enforceRange(required(alg, 'saltLength', what), 0xffffffff, `${what}: saltLength`)); break;
                case 'encrypt:RSA-OAEP': case 'decrypt:RSA-OAEP': put(out, 'label', bufferMember(alg, 'label', what, true)); break;
                case 'encrypt:AES-GCM': case 'decrypt:AES-GCM':
                    put(out, 'iv', bufferMember(alg, 'iv', what, false));
                    put(out, 'additionalData', bufferMember(alg, 'additionalData', what, true));
                    put(out, 'tagLength', alg.tagLength === undefined ? 128 : enforceRange(alg.tagLength, 255, `${what}: tagLength`));
                    break;
                case 'encrypt:AES-CBC': case 'decrypt:AES-CBC': put(out, 'iv', bufferMember(alg, 'iv', what, false)); break;
                case 'encrypt:AES-CTR': case 'decrypt:AES-CTR':
                    put(out, 'counter', bufferMember(alg, 'counter', what, false));
                    put(out, 'length', enforceRange(required(alg, 'length', what), 255, `${what}: length`));
                    break;
                case 'generateKey:HMAC': case 'importKey:HMAC': case 'getKeyLength:HMAC':
                    hash();
                    if (alg.length !== undefined) put(out, 'length', enforceRange(alg.length, 0xffffffff, `${what}: length`));
                    break;
                case 'deriveBits:ECDH': case 'deriveBits:X25519': {
                    const pub = required(alg, 'public', what);
                    try { slots(pub); } catch (e) { throw new TypeError(`${what}: 'public' must be a CryptoKey`); }
                    put(out, 'public', pub);
                    break;
                }
                case 'generateKey:ECDSA': case 'importKey:ECDSA': case 'generateKey:ECDH': case 'importKey:ECDH': put(out, 'namedCurve', toDOMString(required(alg, 'namedCurve', what))); break;
                case 'generateKey:RSASSA-PKCS1-v1_5': case 'generateKey:RSA-PSS': case 'generateKey:RSA-OAEP': {
                    put(out, 'modulusLength', enforceRange(required(alg, 'modulusLength', what), 0xffffffff, `${what}: modulusLength`));
                    const e = required(alg, 'publicExponent', what);
                    if (!(isView(e) && !isDataView(e) && typedArrayIsUint8(e))) throw new TypeError(`${what}: publicExponent must be a Uint8Array`);
                    put(out, 'publicExponent', bin(e, `${what}: publicExponent`));
                    hash();
                    break;
                }
                case 'importKey:RSASSA-PKCS1-v1_5': case 'importKey:RSA-PSS': case 'importKey:RSA-OAEP': hash(); break;
                case 'generateKey:AES-CTR': case 'generateKey:AES-CBC': case 'generateKey:AES-GCM': case 'generateKey:AES-KW':
                case 'getKeyLength:AES-CTR': case 'getKeyLength:AES-CBC': case 'getKeyLength:AES-GCM': case 'getKeyLength:AES-KW':
                    put(out, 'length', enforceRange(required(alg, 'length', what), 0xffff, `${what}: length`));
                    break;
                case 'deriveBits:HKDF':
                    hash();
                    put(out, 'salt', bufferMember(alg, 'salt', what, false));
                    put(out, 'info', bufferMember(alg, 'info', what, false));
                    break;
                case 'deriveBits:PBKDF2':
                    put(out, 'salt', bufferMember(alg, 'salt', what, false));
                    put(out, 'iterations', enforceRange(required(alg, 'iterations', what), 0xffffffff, `${what}: iterations`));
                    hash();
                    break;
            }
            return out;
        }
        const isDataView = (x) => { try { dvLength(x); return true; } catch (e) { return false; } };
        const typedArrayIsUint8 = (x) => typedArrayTag(x) === 'Uint8Array';

        const USAGES = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits', 'wrapKey', 'unwrapKey'];
        function usageList(usages, what) {
            if (usages === null || typeof usages !== 'object' || typeof usages[SymIterator] !== 'function') {
                throw new TypeError(`${what}: keyUsages must be a sequence`);
            }
            const list = [];
            forEachOf(usages, (u) => {
                const usage = toDOMString(u);
                if (!has(USAGES, usage)) throw new TypeError(`${what}: '${usage}' is not a KeyUsage`);
                if (!has(list, usage)) append(list, usage);
            });
            return list;
        }
        function checkUsages(list, allowed, what) {
            for (let i = 0; i < list.length; i++) {
                if (!has(allowed, list[i])) throw syntax(`${what}: usage '${list[i]}' is not valid for this key`);
            }
        }
        function only(list, allowed) {
            const out = [];
            for (let i = 0; i < list.length; i++) if (has(allowed, list[i])) append(out, list[i]);
            return out;
        }
        const FORMATS = ['raw', 'spki', 'pkcs8', 'jwk'];
        function keyFormat(format, what) {
            const f = toDOMString(format);
            if (!has(FORMATS, f)) throw new TypeError(`${what}: '${f}' is not a key format`);
            return f;
        }

        // The JsonWebKey members every import checks: kty, use, key_ops, ext (and alg, by the caller).
        function checkJwk(jwk, kty, use, extractable, list) {
            if (jwk.kty !== kty) throw dataError(`importKey: the JWK needs kty '${kty}'`);
            if (use !== null && list.length > 0 && jwk.use !== undefined && jwk.use !== use) throw dataError(`importKey: the JWK's use must be '${use}'`);
            if (jwk.key_ops !== undefined) {
                const ops = jwk.key_ops;
                for (let i = 0; i < ops.length; i++) {
                    if (!has(USAGES, ops[i])) throw dataError(`importKey: the JWK key_ops has an unknown operation '${ops[i]}'`);
                    for (let j = 0; j < i; j++) if (ops[j] === ops[i]) throw dataError('importKey: the JWK key_ops repeats an operation');
                }
                for (let i = 0; i < list.length; i++) {
                    if (!has(ops, list[i])) throw dataError(`importKey: the JWK key_ops does not allow '${list[i]}'`);
                }
            }
            if (jwk.ext === false && extractable) throw dataError('importKey: the JWK is not extractable');
        }
        function checkJwkAlg(jwk, expected) {
            if (jwk.alg !== undefined && jwk.alg !== expected) throw dataError(`importKey: the JWK's alg is '${jwk.alg}', this key needs '${expected}'`);
        }
        function requiredJwk(jwk, member) {
            const v = jwk[member];
            if (v === undefined) throw dataError(`importKey: the JWK needs a '${member}' member`);
            return fromBase64url(v, member);
        }
        function optionalJwk(jwk, member) { return jwk[member] === undefined ? null : fromBase64url(jwk[member], member); }

        // ---- HMAC (the secret stays a binary string: the host re-keys a Mac per call anyway) ----
        function importHmac(format, keyData, alg, extractable, list) {
            if (format !== 'raw' && format !== 'jwk') throw notSupported(`importKey: format '${format}' is not supported for HMAC`);
            checkUsages(list, ['sign', 'verify'], 'importKey');
            let secret;
            if (format === 'jwk') {
                checkJwk(keyData, 'oct', 'sig', extractable, list);
                secret = requiredJwk(keyData, 'k');
                checkJwkAlg(keyData, HS_ALG[alg.hash]);
            } else {
                secret = keyData;
            }
            if (secret.length === 0) throw dataError('importKey: HMAC key data must not be empty');
            let length = secret.length * 8;
            if (alg.length !== undefined) {
                if (alg.length > length || alg.length <= length - 8) throw dataError('importKey: length does not match the key data');
                length = alg.length;
            }
            return newKey('secret', extractable, { name: 'HMAC', hash: alg.hash, length }, list, secret);
        }
        function hmacLength(alg) {
            if (alg.length === undefined) return BLOCK[alg.hash];
            if (alg.length === 0) throw new TypeError('HMAC: length must not be 0');
            return alg.length;
        }

        // ---- ECDSA (DER binary strings checked by the host, Ecdsa.java) ----
        const CURVES = ['P-256', 'P-384', 'P-521'];
        const ES_ALG = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
        function namedCurve(alg, what) {
            if (!has(CURVES, alg.namedCurve)) throw notSupported(`${what}: curve '${alg.namedCurve}' is not supported`);
            return alg.namedCurve;
        }
        // ECDSA and ECDH keys: the same key formats, other usages.
        function ecUsages(name, type) {
            if (name === 'ECDSA') return type === 'private' ? ['sign'] : type === 'public' ? ['verify'] : ['sign', 'verify'];
            return type === 'public' ? [] : ['deriveKey', 'deriveBits'];
        }
        function importEcdsa(format, keyData, alg, extractable, list) {
            const curve = namedCurve(alg, 'importKey'), name = alg.name;
            let type, data;
            if (format === 'jwk') {
                const jwk = keyData;
                type = jwk.d !== undefined ? 'private' : 'public';
                checkUsages(list, ecUsages(name, type), 'importKey');
                checkJwk(jwk, 'EC', name === 'ECDSA' ? 'sig' : 'enc', extractable, list);
                if (jwk.crv !== curve) throw dataError(`importKey: the JWK's curve is not ${curve}`);
                if (name === 'ECDSA') checkJwkAlg(jwk, ES_ALG[curve]);
                const x = requiredJwk(jwk, 'x'), y = requiredJwk(jwk, 'y');
                if (type === 'private') {
                    const r = ecdsa('importJwk', curve, x, y, fromBase64url(jwk.d, 'd'));
                    data = ecData(r[1], r[2]);
                } else {
                    data = ecData(null, ecdsa('importJwk', curve, x, y, null)[1]);
                }
            } else if (format === 'pkcs8') {
                checkUsages(list, ecUsages(name, 'private'), 'importKey');
                type = 'private';
                const r = ecdsa('importPkcs8', curve, keyData);
                data = ecData(r[1], r[2]);
            } else {
                checkUsages(list, ecUsages(name, 'public'), 'importKey');
                type = 'public';
                data = ecData(null, ecdsa(format === 'raw' ? 'importRaw' : 'importSpki', curve, keyData)[1]);
            }
            return newKey(type, extractable, { name, namedCurve: curve }, list, data);
        }
        // An EC key's data: its DER forms (for export) and the host handle the operations use.
        function ecData(pkcs8, spki) { return ObjectFreeze({ pkcs8, spki, handle: subtle('ecHandle', pkcs8, spki)[1] }); }
        function exportEcdsa(format, s) {
            const curve = s.alg.namedCurve, data = s.data;
            if (format === 'jwk') {
                const r = ecdsa('components', curve, data.spki, s.type === 'private' ? data.pkcs8 : null);
                const jwk = { kty: 'EC', crv: curve, x: base64url(r[1]), y: base64url(r[2]) };
                if (s.type === 'private') put(jwk, 'd', base64url(r[3]));
                return finishJwk(jwk, s);
            }
            if (format === 'pkcs8') {
                if (s.type !== 'private') throw invalidAccess('exportKey: pkcs8 is for private keys');
                return data.pkcs8;
            }
            if (s.type !== 'public') throw invalidAccess(`exportKey: ${format} is for public keys`);
            return format === 'spki' ? data.spki : ecdsa('exportRaw', curve, data.spki)[1];
        }
        function finishJwk(jwk, s) {
            const ops = [];
            for (let i = 0; i < s.usages.length; i++) append(ops, s.usages[i]);
            put(jwk, 'key_ops', ops);
            put(jwk, 'ext', s.extractable);
            return jwk;
        }

        // ---- RSA (key handles on the host, SubtleHost/Rsa.java) ----
        const RSA_JWK_ALG = {
            'RSASSA-PKCS1-v1_5': { 'SHA-1': 'RS1', 'SHA-256': 'RS256', 'SHA-384': 'RS384', 'SHA-512': 'RS512' },
            'RSA-PSS': { 'SHA-1': 'PS1', 'SHA-256': 'PS256', 'SHA-384': 'PS384', 'SHA-512': 'PS512' },
            'RSA-OAEP': { 'SHA-1': 'RSA-OAEP', 'SHA-256': 'RSA-OAEP-256', 'SHA-384': 'RSA-OAEP-384', 'SHA-512': 'RSA-OAEP-512' },
        };
        function rsaUsages(name, type) {
            if (name === 'RSA-OAEP') return type === 'private' ? ['decrypt', 'unwrapKey'] : type === 'public' ? ['encrypt', 'wrapKey'] : ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'];
            return type === 'private' ? ['sign'] : type === 'public' ? ['verify'] : ['sign', 'verify'];
        }
        function rsaAlgorithm(name, hash, bits, exponent) {
            return { name, modulusLength: bits, publicExponent: exponent, hash };
        }
        function importRsa(format, keyData, alg, extractable, list) {
            const name = alg.name;
            let r, type;
            if (format === 'raw') throw notSupported(`importKey: raw is not a format of ${name} keys`);
            if (format === 'jwk') {
                const jwk = keyData;
                type = jwk.d !== undefined ? 'private' : 'public';
                checkUsages(list, rsaUsages(name, type), 'importKey');
                checkJwk(jwk, 'RSA', name === 'RSA-OAEP' ? 'enc' : 'sig', extractable, list);
                checkJwkAlg(jwk, RSA_JWK_ALG[name][alg.hash]);
                r = subtle('rsaImportJwk', requiredJwk(jwk, 'n'), requiredJwk(jwk, 'e'), optionalJwk(jwk, 'd'), optionalJwk(jwk, 'p'),
                    optionalJwk(jwk, 'q'), optionalJwk(jwk, 'dp'), optionalJwk(jwk, 'dq'), optionalJwk(jwk, 'qi'));
            } else {
                type = format === 'pkcs8' ? 'private' : 'public';
                checkUsages(list, rsaUsages(name, type), 'importKey');
                r = subtle('rsaImport', format, keyData);
            }
            return newKey(type, extractable, rsaAlgorithm(name, alg.hash, r[2], r[3]), list, r[1]);
        }
        function exportRsa(format, s) {
            if (format === 'raw') throw notSupported(`exportKey: raw is not a format of ${s.alg.name} keys`);
            if (format === 'jwk') {
                const r = subtle('rsaJwk', s.data);
                const jwk = { kty: 'RSA', alg: RSA_JWK_ALG[s.alg.name][s.alg.hash], n: base64url(r[1]), e: base64url(r[2]) };
                if (s.type === 'private') {
                    put(jwk, 'd', base64url(r[3])); put(jwk, 'p', base64url(r[4])); put(jwk, 'q', base64url(r[5]));
                    put(jwk, 'dp', base64url(r[6])); put(jwk, 'dq', base64url(r[7])); put(jwk, 'qi', base64url(r[8]));
                }
                return finishJwk(jwk, s);
            }
            if (format === 'pkcs8' && s.type !== 'private') throw invalidAccess('exportKey: pkcs8 is for private keys');
            if (format === 'spki' && s.type !== 'public') throw invalidAccess('exportKey: spki is for public keys');
            return subtle('exportDer', s.data)[1];
        }

        // ---- AES (key handles on the host) ----
        const AES_JWK = { 'AES-CTR': 'CTR', 'AES-CBC': 'CBC', 'AES-GCM': 'GCM', 'AES-KW': 'KW' };
        function aesUsages(name) { return name === 'AES-KW' ? ['wrapKey', 'unwrapKey'] : ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']; }
        function importAes(format, keyData, alg, extractable, list) {
            const name = alg.name;
            checkUsages(list, aesUsages(name), 'importKey');
            let raw;
            if (format === 'jwk') {
                checkJwk(keyData, 'oct', 'enc', extractable, list);
                raw = requiredJwk(keyData, 'k');
                if (raw.length !== 16 && raw.length !== 24 && raw.length !== 32) throw dataError(`importKey: AES keys are 128, 192 or 256 bits, not ${raw.length * 8}`);
                checkJwkAlg(keyData, `A${raw.length * 8}${AES_JWK[name]}`);
            } else if (format === 'raw') {
                raw = keyData;
            } else {
                throw notSupported(`importKey: format '${format}' is not supported for ${name}`);
            }
            const handle = subtle('aesImport', raw)[1];
            return newKey('secret', extractable, { name, length: raw.length * 8 }, list, handle);
        }
        function exportAes(format, s) {
            if (format !== 'raw' && format !== 'jwk') throw notSupported(`exportKey: format '${format}' is not supported for ${s.alg.name}`);
            const raw = subtle('secretExport', s.data)[1];
            if (format === 'raw') return raw;
            return finishJwk({ kty: 'oct', k: base64url(raw), alg: `A${s.alg.length}${AES_JWK[s.alg.name]}` }, s);
        }
        function aesCipher(encrypt, alg, handle, data) {
            switch (alg.name) {
                case 'AES-GCM': return subtle('aesGcm', encrypt, handle, alg.iv, alg.additionalData, alg.tagLength, data)[1];
                case 'AES-CBC': return subtle('aesCbc', encrypt, handle, alg.iv, data)[1];
                default: return subtle('aesCtr', handle, alg.counter, alg.length, data)[1];
            }
        }

        // ---- HKDF and PBKDF2 (the key material stays on the host) ----
        function importKdf(format, keyData, alg, extractable, list) {
            if (format !== 'raw') throw notSupported(`importKey: ${alg.name} keys are imported as 'raw' only`);
            checkUsages(list, ['deriveKey', 'deriveBits'], 'importKey');
            if (extractable) throw syntax(`importKey: ${alg.name} keys cannot be extractable`);
            return newKey('secret', false, { name: alg.name }, list, subtle('secretImport', keyData)[1]);
        }

        // ---- Ed25519 and X25519 (key handles on the host, Okp.java) ----
        function okpUsages(name, type) {
            if (name === 'Ed25519') return type === 'private' ? ['sign'] : type === 'public' ? ['verify'] : ['sign', 'verify'];
            return type === 'public' ? [] : ['deriveKey', 'deriveBits'];
        }
        function importOkp(format, keyData, alg, extractable, list) {
            const name = alg.name;
            let type, handle;
            if (format === 'jwk') {
                const jwk = keyData;
                type = jwk.d !== undefined ? 'private' : 'public';
                checkUsages(list, okpUsages(name, type), 'importKey');
                if (jwk.kty !== 'OKP') throw dataError("importKey: the JWK needs kty 'OKP'");
                if (jwk.crv !== name) throw dataError(`importKey: the JWK's crv is not ${name}`);
                if (name === 'Ed25519' && jwk.alg !== undefined && jwk.alg !== 'Ed25519' && jwk.alg !== 'EdDSA') throw dataError("importKey: the JWK's alg must be 'Ed25519' or 'EdDSA'");
                checkJwk(jwk, 'OKP', name === 'Ed25519' ? 'sig' : 'enc', extractable, list);
                const x = requiredJwk(jwk, 'x');
                handle = type === 'private' ? subtle('okpImport', name, 'jwk', fromBase64url(jwk.d, 'd'), x)[1] : subtle('okpImport', name, 'raw', x)[1];
            } else {
                type = format === 'pkcs8' ? 'private' : 'public';
                checkUsages(list, okpUsages(name, type), 'importKey');
                handle = subtle('okpImport', name, format, keyData)[1];
            }
            return newKey(type, extractable, { name }, list, handle);
        }
        function exportOkp(format, s) {
            const name = s.alg.name;
            if (format === 'jwk') {
                const r = subtle('okpJwk', s.data);
                const jwk = { kty: 'OKP', crv: name, x: base64url(r[1]) };
                if (s.type === 'private') put(jwk, 'd', base64url(r[2]));
                if (name === 'Ed25519') put(jwk, 'alg', 'Ed25519');
                return finishJwk(jwk, s);
            }
            if (format === 'pkcs8' && s.type !== 'private') throw invalidAccess('exportKey: pkcs8 is for private keys');
            if (format !== 'pkcs8' && s.type !== 'public') throw invalidAccess(`exportKey: ${format} is for public keys`);
            return subtle('okpExport', name, format, s.data)[1];
        }
        // ECDH and X25519: the shared secret of the base (private) key and the algorithm's public key, cut to length bits.
        function agree(alg, s, length) {
            const pub = slots(alg.public);
            if (pub.type !== 'public') throw invalidAccess(`deriveBits: the 'public' key of ${alg.name} must be a public key`);
            if (pub.alg.name !== s.alg.name) throw invalidAccess(`deriveBits: the 'public' key is a ${pub.alg.name} key, not ${s.alg.name}`);
            if (pub.alg.namedCurve !== s.alg.namedCurve) throw invalidAccess('deriveBits: the keys are on different curves');
            const secret = alg.name === 'ECDH' ? subtle('ecdh', s.data.handle, pub.data.handle)[1] : subtle('x25519', s.data, pub.data)[1];
            if (length === null) return secret;
            if (length > secret.length * 8) throw operationError(`deriveBits: ${alg.name} gives ${secret.length * 8} bits, not ${length}`);
            const bytes = MathCeil(length / 8);
            let out = '';
            for (let i = 0; i < bytes; i++) out += secret[i];
            if (length % 8 !== 0) out = substring(out, 0, bytes - 1) + fromCharCode(charCodeAt(secret, bytes - 1) & (0xff << (8 - length % 8)) & 0xff);
            return out;
        }

        // ---- dispatch helpers shared by the public methods ----
        function importAny(format, keyData, alg, extractable, list) {
            let key;
            switch (alg.name) {
                case 'HMAC': key = importHmac(format, keyData, alg, extractable, list); break;
                case 'ECDSA': case 'ECDH': key = importEcdsa(format, keyData, alg, extractable, list); break;
                case 'Ed25519': case 'X25519': key = importOkp(format, keyData, alg, extractable, list); break;
                case 'HKDF': case 'PBKDF2': key = importKdf(format, keyData, alg, extractable, list); break;
                default: key = has(RSA, alg.name) ? importRsa(format, keyData, alg, extractable, list) : importAes(format, keyData, alg, extractable, list);
            }
            const s = slots(key);
            if ((s.type === 'secret' || s.type === 'private') && list.length === 0) throw syntax(`importKey: a ${s.type} key needs at least one usage`);
            return key;
        }
        // Returns a binary string (raw, spki, pkcs8) or a JWK object.
        function exportAny(format, key) {
            const s = keySlots(key, 'exportKey');
            const name = s.alg.name;
            if (name === 'HKDF' || name === 'PBKDF2') throw notSupported(`exportKey: ${name} keys cannot be exported`);
            if (!s.extractable) throw invalidAccess('exportKey: the key is not extractable');
            if (name === 'HMAC') {
                if (format === 'raw') return s.data;
                if (format !== 'jwk') throw notSupported(`exportKey: format '${format}' is not supported for HMAC`);
                return finishJwk({ kty: 'oct', k: base64url(s.data), alg: HS_ALG[s.alg.hash] }, s);
            }
            if (name === 'ECDSA' || name === 'ECDH') return exportEcdsa(format, s);
            if (name === 'Ed25519' || name === 'X25519') return exportOkp(format, s);
            if (has(RSA, name)) return exportRsa(format, s);
            return exportAes(format, s);
        }
        function deriveBitsOf(alg, s, length) {
            if (alg.name === 'ECDH' || alg.name === 'X25519') return agree(alg, s, length);
            if (length === null) throw operationError(`deriveBits: ${alg.name} needs a length`);
            if (alg.name === 'HKDF') return subtle('hkdf', alg.hash, s.data, alg.salt, alg.info, length)[1];
            return subtle('pbkdf2', alg.hash, s.data, alg.salt, alg.iterations, length)[1];
        }
        function keyLength(alg) {
            if (alg.name === 'HMAC') return hmacLength(alg);
            if (alg.name === 'HKDF' || alg.name === 'PBKDF2') return null;
            if (alg.length !== 128 && alg.length !== 192 && alg.length !== 256) throw operationError(`deriveKey: AES keys are 128, 192 or 256 bits, not ${alg.length}`);
            return alg.length;
        }
        function keyDataFor(format, keyData) {
            if (format === 'jwk') return readJwk(keyData);
            if (!isBufferSource(keyData)) throw new TypeError(`importKey: key data of format '${format}' must be a BufferSource`);
            return bin(keyData, 'importKey');
        }
        function encryptWith(encrypt, alg, key, data, usage, what) {
            const s = usableKey(key, alg.name, usage, alg.name === 'RSA-OAEP' ? (encrypt ? 'public' : 'private') : null, what);
            if (alg.name === 'RSA-OAEP') return subtle('rsaOaep', encrypt, s.alg.hash, s.data, alg.label, data)[1];
            return aesCipher(encrypt, alg, s.data, data);
        }
        // wrapKey/unwrapKey take an AES-KW algorithm (wrapKey) or, failing that, any encrypt algorithm.
        function wrapAlgorithm(op, fallback, algorithm, what) { return normalize(op, algorithm, what, fallback); }

        let isSubtle;
        class SubtleCrypto {
            #brand = true;
            constructor(key) { if (key !== internal.token) throw new TypeError('Illegal constructor'); }
            static { isSubtle = (o) => o !== null && typeof o === 'object' && #brand in o; }
            async digest(algorithm, data) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.digest: illegal invocation`);
                const alg = normalize('digest', algorithm, 'digest');
                return toBuffer(hostDigest(alg.name, bin(data, 'digest')));
            }
            async importKey(format, keyData, algorithm, extractable, keyUsages) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.importKey: illegal invocation`);
                format = keyFormat(format, 'importKey');
                const data = keyDataFor(format, keyData);
                const alg = normalize('importKey', algorithm, 'importKey');
                return importAny(format, data, alg, !!extractable, usageList(keyUsages, 'importKey'));
            }
            async exportKey(format, key) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.exportKey: illegal invocation`);
                format = keyFormat(format, 'exportKey');
                const out = exportAny(format, key);
                return typeof out === 'string' ? toBuffer(out) : out;
            }
            async sign(algorithm, key, data) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.sign: illegal invocation`);
                const alg = normalize('sign', algorithm, 'sign');
                const bytes = bin(data, 'sign');
                switch (alg.name) {
                    case 'HMAC': { const s = usableKey(key, 'HMAC', 'sign', null, 'sign'); return toBuffer(hostHmac(s.alg.hash, s.data, bytes)); }
                    case 'ECDSA': { const s = usableKey(key, 'ECDSA', 'sign', 'private', 'sign'); return toBuffer(subtle('ecdsaSign', alg.hash, s.data.handle, bytes)[1]); }
                    case 'Ed25519': { const s = usableKey(key, 'Ed25519', 'sign', 'private', 'sign'); return toBuffer(subtle('ed25519Sign', s.data, bytes)[1]); }
                    default: {
                        const s = usableKey(key, alg.name, 'sign', 'private', 'sign');
                        return toBuffer(subtle('rsaSign', s.alg.hash, alg.name === 'RSA-PSS' ? alg.saltLength : -1, s.data, bytes)[1]);
                    }
                }
            }
            async verify(algorithm, key, signature, data) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.verify: illegal invocation`);
                const alg = normalize('verify', algorithm, 'verify');
                const sig = bin(signature, 'verify'), bytes = bin(data, 'verify');
                switch (alg.name) {
                    case 'HMAC': {
                        const s = usableKey(key, 'HMAC', 'verify', null, 'verify');
                        const expected = hostHmac(s.alg.hash, s.data, bytes);
                        if (expected.length !== sig.length) return false;
                        let diff = 0;
                        for (let i = 0; i < sig.length; i++) diff |= charCodeAt(expected, i) ^ charCodeAt(sig, i);
                        return diff === 0;
                    }
                    case 'ECDSA': { const s = usableKey(key, 'ECDSA', 'verify', 'public', 'verify'); return subtle('ecdsaVerify', alg.hash, s.data.handle, sig, bytes)[1]; }
                    case 'Ed25519': { const s = usableKey(key, 'Ed25519', 'verify', 'public', 'verify'); return subtle('ed25519Verify', s.data, sig, bytes)[1]; }
                    default: {
                        const s = usableKey(key, alg.name, 'verify', 'public', 'verify');
                        return subtle('rsaVerify', s.alg.hash, alg.name === 'RSA-PSS' ? alg.saltLength : -1, s.data, sig, bytes)[1];
                    }
                }
            }
            async encrypt(algorithm, key, data) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.encrypt: illegal invocation`);
                const alg = normalize('encrypt', algorithm, 'encrypt');
                return toBuffer(encryptWith(true, alg, key, bin(data, 'encrypt'), 'encrypt', 'encrypt'));
            }
            async decrypt(algorithm, key, data) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.decrypt: illegal invocation`);
                const alg = normalize('decrypt', algorithm, 'decrypt');
                return toBuffer(encryptWith(false, alg, key, bin(data, 'decrypt'), 'decrypt', 'decrypt'));
            }
            async generateKey(algorithm, extractable, keyUsages) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.generateKey: illegal invocation`);
                const alg = normalize('generateKey', algorithm, 'generateKey');
                const list = usageList(keyUsages, 'generateKey');
                extractable = !!extractable;
                if (alg.name === 'ECDSA' || alg.name === 'ECDH') {
                    const curve = namedCurve(alg, 'generateKey');
                    checkUsages(list, ecUsages(alg.name, 'both'), 'generateKey');
                    const privateUsages = only(list, ecUsages(alg.name, 'private'));
                    if (privateUsages.length === 0) throw syntax('generateKey: the private key needs at least one usage');
                    const r = ecdsa('generate', curve);
                    return {
                        publicKey: newKey('public', true, { name: alg.name, namedCurve: curve }, only(list, ecUsages(alg.name, 'public')), ecData(null, r[2])),
                        privateKey: newKey('private', extractable, { name: alg.name, namedCurve: curve }, privateUsages, ecData(r[1], r[2])),
                    };
                }
                if (alg.name === 'Ed25519' || alg.name === 'X25519') {
                    checkUsages(list, okpUsages(alg.name, 'both'), 'generateKey');
                    const privateUsages = only(list, okpUsages(alg.name, 'private'));
                    if (privateUsages.length === 0) throw syntax('generateKey: the private key needs at least one usage');
                    const r = subtle('okpGenerate', alg.name);
                    return {
                        publicKey: newKey('public', true, { name: alg.name }, only(list, okpUsages(alg.name, 'public')), r[2]),
                        privateKey: newKey('private', extractable, { name: alg.name }, privateUsages, r[1]),
                    };
                }
                if (has(RSA, alg.name)) {
                    const pub = rsaUsages(alg.name, 'public'), priv = rsaUsages(alg.name, 'private');
                    checkUsages(list, rsaUsages(alg.name, 'both'), 'generateKey');
                    const privateUsages = only(list, priv);
                    if (privateUsages.length === 0) throw syntax(`generateKey: the private key needs the ${priv[0]} usage`);
                    const r = subtle('rsaGenerate', alg.modulusLength, alg.publicExponent);
                    const algo = rsaAlgorithm(alg.name, alg.hash, alg.modulusLength, alg.publicExponent);
                    return {
                        publicKey: newKey('public', true, algo, only(list, pub), r[2]),
                        privateKey: newKey('private', extractable, algo, privateUsages, r[1]),
                    };
                }
                if (alg.name === 'HMAC') {
                    checkUsages(list, ['sign', 'verify'], 'generateKey');
                    if (alg.length === 0) throw operationError('generateKey: HMAC length must not be 0');
                    const length = hmacLength(alg);
                    if (list.length === 0) throw syntax('generateKey: a secret key needs at least one usage');
                    const raw = hostRandomBytes(MathCeil(length / 8));
                    return newKey('secret', extractable, { name: 'HMAC', hash: alg.hash, length }, list, raw);
                }
                checkUsages(list, aesUsages(alg.name), 'generateKey');
                if (alg.length !== 128 && alg.length !== 192 && alg.length !== 256) throw operationError(`generateKey: AES keys are 128, 192 or 256 bits, not ${alg.length}`);
                if (list.length === 0) throw syntax('generateKey: a secret key needs at least one usage');
                const handle = subtle('aesImport', hostRandomBytes(alg.length / 8))[1];
                return newKey('secret', extractable, { name: alg.name, length: alg.length }, list, handle);
            }
            async deriveBits(algorithm, baseKey, length = null) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.deriveBits: illegal invocation`);
                const alg = normalize('deriveBits', algorithm, 'deriveBits');
                if (length !== null) length = enforceRange(length, 0xffffffff, 'deriveBits: length');
                const s = usableKey(baseKey, alg.name, 'deriveBits', alg.name === 'ECDH' || alg.name === 'X25519' ? 'private' : null, 'deriveBits');
                return toBuffer(deriveBitsOf(alg, s, length));
            }
            async deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.deriveKey: illegal invocation`);
                const alg = normalize('deriveBits', algorithm, 'deriveKey');
                const importAlg = normalize('importKey', derivedKeyType, 'deriveKey');
                const lengthAlg = normalize('getKeyLength', derivedKeyType, 'deriveKey');
                const list = usageList(keyUsages, 'deriveKey');
                const s = usableKey(baseKey, alg.name, 'deriveKey', alg.name === 'ECDH' || alg.name === 'X25519' ? 'private' : null, 'deriveKey');
                const secret = deriveBitsOf(alg, s, keyLength(lengthAlg));
                return importAny('raw', secret, importAlg, !!extractable, list);
            }
            async wrapKey(format, key, wrappingKey, wrapAlgorithmId) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.wrapKey: illegal invocation`);
                format = keyFormat(format, 'wrapKey');
                const alg = wrapAlgorithm('wrapKey', 'encrypt', wrapAlgorithmId, 'wrapKey');
                const w = usableKey(wrappingKey, alg.name, 'wrapKey', alg.name === 'RSA-OAEP' ? 'public' : null, 'wrapKey');
                let bytes = exportAny(format, key);
                if (typeof bytes !== 'string') bytes = jwkJson(bytes, JWK_MEMBERS);
                if (alg.name === 'AES-KW') return toBuffer(subtle('aesKw', true, w.data, bytes)[1]);
                if (alg.name === 'RSA-OAEP') return toBuffer(subtle('rsaOaep', true, w.alg.hash, w.data, alg.label, bytes)[1]);
                return toBuffer(aesCipher(true, alg, w.data, bytes));
            }
            async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithmId, unwrappedKeyAlgorithm, extractable, keyUsages) {
                if (!isSubtle(this)) throw new TypeError(`SubtleCrypto.unwrapKey: illegal invocation`);
                format = keyFormat(format, 'unwrapKey');
                const wrapped = bin(wrappedKey, 'unwrapKey');
                const alg = wrapAlgorithm('unwrapKey', 'decrypt', unwrapAlgorithmId, 'unwrapKey');
                const importAlg = normalize('importKey', unwrappedKeyAlgorithm, 'unwrapKey');
                const list = usageList(keyUsages, 'unwrapKey');
                const w = usableKey(unwrappingKey, alg.name, 'unwrapKey', alg.name === 'RSA-OAEP' ? 'private' : null, 'unwrapKey');
                let bytes;
                if (alg.name === 'AES-KW') bytes = subtle('aesKw', false, w.data, wrapped)[1];
                else if (alg.name === 'RSA-OAEP') bytes = subtle('rsaOaep', false, w.alg.hash, w.data, alg.label, wrapped)[1];
                else bytes = aesCipher(false, alg, w.data, wrapped);
                let data = bytes;
                if (format === 'jwk') {
                    let parsed;
                    try { parsed = jsonParse(hostUtf8(bytes)); } catch (e) { throw dataError('unwrapKey: the unwrapped data is not a JSON JWK'); }
                    data = readJwk(parsed);
                }
                return importAny(format, data, importAlg, !!extractable, list);
            }
        }

        return { __proto__: null, SubtleCrypto, CryptoKey, subtle: new SubtleCrypto(internal.token) };
    }
    const settleSubtle = internal.lazyGlobals('subtle', ['SubtleCrypto', 'CryptoKey'], edgeworks$realmSetupSubtle);

    class Crypto {
        #subtle = null;
        constructor(key) { if (key !== internal.token) throw new TypeError('Illegal constructor'); }
        get subtle() { return this.#subtle ??= settleSubtle().subtle; }
        getRandomValues(array) {
            if (!has(INTEGER_ARRAYS, typedArrayTag(array))) throw new DOMException('getRandomValues: argument must be an integer typed array', 'TypeMismatchError');
            const length = taLength(array);
            if (length > 65536) throw new QuotaExceededError(`getRandomValues: ${length} bytes requested, at most 65536 allowed`);
            const random = hostRandomBytes(length);
            const view = new U8(taBuffer(array), taOffset(array), length);
            for (let i = 0; i < random.length; i++) view[i] = charCodeAt(random, i);
            return array;
        }
        randomUUID() { return hostRandomUUID(); }
    }

    const crypto = new Crypto(internal.token);
    defineProperty(g, 'crypto', { value: crypto, writable: true, configurable: true, enumerable: false });
    defineProperty(g, 'Crypto', { value: Crypto, writable: true, configurable: true, enumerable: false });
})
