// Encoding Standard (UTF-8 only) and HTML's atob/btoa (forgiving-base64).
(function (host, internal) {
    'use strict';
    const g = globalThis;

    function utf8Encode(str) {
        const out = new Uint8Array(str.length * 3);
        let n = 0;
        for (let i = 0; i < str.length; i++) {
            let c = str.charCodeAt(i);
            if (c < 0x80) { out[n++] = c; continue; }
            if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
                const d = str.charCodeAt(i + 1);
                if (d >= 0xdc00 && d <= 0xdfff) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
                    i++;
                    out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63);
                    out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
                    continue;
                }
            }
            if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
            if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63); }
            else { out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63); }
        }
        return out.slice(0, n);
    }

    function utf8Decode(bytes, fatal) {
        let s = '';
        const parts = [];
        let i = 0;
        const len = bytes.length;
        const fail = () => {
            if (fatal) throw new TypeError('The encoded data was not valid utf-8');
            return 0xfffd;
        };
        let codes = [];
        while (i < len) {
            const b = bytes[i];
            let c;
            if (b < 0x80) { c = b; i++; }
            else if (b >= 0xc2 && b < 0xe0 && i + 1 < len && (bytes[i + 1] & 0xc0) === 0x80) {
                c = ((b & 31) << 6) | (bytes[i + 1] & 63); i += 2;
            } else if (b >= 0xe0 && b < 0xf0 && i + 2 < len && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) {
                c = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
                if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) c = fail();
                i += 3;
            } else if (b >= 0xf0 && b < 0xf5 && i + 3 < len && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80 && (bytes[i + 3] & 0xc0) === 0x80) {
                c = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
                if (c < 0x10000 || c > 0x10ffff) c = fail();
                i += 4;
            } else { c = fail(); i++; }
            if (c > 0xffff) { c -= 0x10000; codes.push(0xd800 + (c >> 10), 0xdc00 + (c & 1023)); }
            else codes.push(c);
            if (codes.length >= 8192) { parts.push(String.fromCharCode.apply(null, codes)); codes = []; }
        }
        parts.push(String.fromCharCode.apply(null, codes));
        s = parts.join('');
        return s;
    }

    function toBytes(input, what) {
        if (input instanceof ArrayBuffer) return new Uint8Array(input);
        if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
        throw new TypeError(what + ': expected an ArrayBuffer or ArrayBufferView');
    }

    function binaryToBytes(bin) {
        const out = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
        return out;
    }

    function bytesToBinary(bytes) {
        const parts = [];
        for (let i = 0; i < bytes.length; i += 8192) {
            parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 8192)));
        }
        return parts.join('');
    }

    class TextEncoder {
        get encoding() { return 'utf-8'; }
        encode(input = '') { return utf8Encode(String(input)); }
        encodeInto(source, destination) {
            const bytes = utf8Encode(String(source));
            if (!(destination instanceof Uint8Array)) throw new TypeError('encodeInto: destination must be a Uint8Array');
            let n = Math.min(bytes.length, destination.length);
            while (n > 0 && n < bytes.length && (bytes[n] & 0xc0) === 0x80) n--;
            destination.set(bytes.subarray(0, n));
            const read = utf8Decode(bytes.subarray(0, n), false).length;
            return { read, written: n };
        }
    }

    const labels = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8']);
    class TextDecoder {
        #fatal; #ignoreBOM;
        constructor(label = 'utf-8', options = {}) {
            const normalized = String(label).trim().toLowerCase();
            if (!labels.has(normalized)) throw new RangeError(`TextDecoder: encoding '${label}' is not supported`);
            this.#fatal = !!(options && options.fatal);
            this.#ignoreBOM = !!(options && options.ignoreBOM);
        }
        get encoding() { return 'utf-8'; }
        get fatal() { return this.#fatal; }
        get ignoreBOM() { return this.#ignoreBOM; }
        decode(input = undefined, options = undefined) {
            if (input === undefined) return '';
            let bytes = toBytes(input, 'TextDecoder.decode');
            if (!this.#ignoreBOM && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
                bytes = bytes.subarray(3);
            }
            return utf8Decode(bytes, this.#fatal);
        }
    }

    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    function btoa(data) {
        if (arguments.length === 0) throw new TypeError("btoa: 1 argument required");
        const s = String(data);
        let out = '';
        for (let i = 0; i < s.length; i += 3) {
            const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
            if (a > 255 || b > 255 || c > 255) throw new DOMException('btoa: string contains characters outside Latin1', 'InvalidCharacterError');
            const n = (a << 16) | ((b || 0) << 8) | (c || 0);
            out += alphabet[n >> 18] + alphabet[(n >> 12) & 63]
                + (i + 1 < s.length ? alphabet[(n >> 6) & 63] : '=') + (i + 2 < s.length ? alphabet[n & 63] : '=');
        }
        return out;
    }
    function atob(data) {
        if (arguments.length === 0) throw new TypeError("atob: 1 argument required");
        let s = String(data).replace(/[\t\n\f\r ]/g, '');
        if (s.length % 4 === 0) s = s.replace(/==?$/, '');
        if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
            throw new DOMException('atob: the string to be decoded is not correctly encoded', 'InvalidCharacterError');
        }
        let out = '', buffer = 0, bits = 0;
        for (let i = 0; i < s.length; i++) {
            buffer = (buffer << 6) | alphabet.indexOf(s[i]);
            bits += 6;
            if (bits >= 8) { bits -= 8; out += String.fromCharCode((buffer >> bits) & 255); }
        }
        return out;
    }

    Object.assign(internal, { utf8Encode, utf8Decode, toBytes, binaryToBytes, bytesToBinary });
    Object.assign(g, { TextEncoder, TextDecoder, atob, btoa });
})
