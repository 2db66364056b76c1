// Encoding Standard (UTF-8, UTF-16, x-user-defined here; legacy single- and multi-byte encodings through the host) and HTML's atob/btoa (forgiving-base64).
(function edgeworks$realmSetup(host, internal) {
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

    // Encoding Standard UTF-8 decoder (streaming state machine; U+FFFD per maximal invalid subpart).
    function makeUtf8() {
        let cp = 0, needed = 0, seen = 0, lower = 0x80, upper = 0xbf;
        return {
            decode(bytes, fatal, stream, out) {
                for (let i = 0; i < bytes.length; i++) {
                    const b = bytes[i];
                    if (needed === 0) {
                        if (b < 0x80) out.push(b);
                        else if (b >= 0xc2 && b <= 0xdf) { needed = 1; cp = b & 0x1f; }
                        else if (b >= 0xe0 && b <= 0xef) {
                            if (b === 0xe0) lower = 0xa0;
                            if (b === 0xed) upper = 0x9f;
                            needed = 2; cp = b & 0xf;
                        } else if (b >= 0xf0 && b <= 0xf4) {
                            if (b === 0xf0) lower = 0x90;
                            if (b === 0xf4) upper = 0x8f;
                            needed = 3; cp = b & 7;
                        } else error(fatal, out);
                        continue;
                    }
                    if (b < lower || b > upper) {
                        cp = needed = seen = 0; lower = 0x80; upper = 0xbf;
                        error(fatal, out);
                        i--;
                        continue;
                    }
                    lower = 0x80; upper = 0xbf;
                    cp = (cp << 6) | (b & 0x3f);
                    if (++seen === needed) {
                        out.push(cp);
                        cp = needed = seen = 0;
                    }
                }
                if (!stream && needed !== 0) {
                    cp = needed = seen = 0; lower = 0x80; upper = 0xbf;
                    error(fatal, out);
                }
            }
        };
    }

    // Encoding Standard UTF-16LE / UTF-16BE decoder (streaming).
    function makeUtf16(bigEndian) {
        let leadByte = -1, leadSurrogate = -1;
        return {
            decode(bytes, fatal, stream, out) {
                for (let i = 0; i < bytes.length; i++) {
                    if (leadByte < 0) { leadByte = bytes[i]; continue; }
                    const unit = bigEndian ? (leadByte << 8) | bytes[i] : leadByte | (bytes[i] << 8);
                    leadByte = -1;
                    if (leadSurrogate >= 0) {
                        const lead = leadSurrogate;
                        leadSurrogate = -1;
                        if (unit >= 0xdc00 && unit <= 0xdfff) {
                            out.push(0x10000 + ((lead - 0xd800) << 10) + (unit - 0xdc00));
                            continue;
                        }
                        error(fatal, out);
                    }
                    if (unit >= 0xd800 && unit <= 0xdbff) leadSurrogate = unit;
                    else if (unit >= 0xdc00 && unit <= 0xdfff) error(fatal, out);
                    else out.push(unit);
                }
                if (!stream && (leadByte >= 0 || leadSurrogate >= 0)) {
                    leadByte = leadSurrogate = -1;
                    error(fatal, out);
                }
            }
        };
    }

    // x-user-defined: ASCII, and bytes 0x80-0xFF to U+F780-U+F7FF.
    function makeUserDefined() {
        return { decode(bytes, fatal, stream, out) { for (let i = 0; i < bytes.length; i++) out.push(bytes[i] < 0x80 ? bytes[i] : 0xf700 + bytes[i]); } };
    }

    // Bytes of one character of a CJK multi-byte encoding, judged from its first byte (and, for gb18030,
    // its second): what a streaming decoder must hold back when a chunk ends inside a character.
    const UNIT_LENGTH = {
        'Shift_JIS': (b) => (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc) ? 2 : 1,
        'EUC-KR': (b) => b >= 0x81 && b <= 0xfe ? 2 : 1,
        'Big5': (b) => b >= 0x81 && b <= 0xfe ? 2 : 1,
        'GBK': (b, next) => b >= 0x81 && b <= 0xfe ? (next >= 0x30 && next <= 0x39 ? 4 : 2) : 1,
        'gb18030': (b, next) => b >= 0x81 && b <= 0xfe ? (next >= 0x30 && next <= 0x39 ? 4 : 2) : 1,
        'EUC-JP': (b) => b === 0x8f ? 3 : b === 0x8e || (b >= 0xa1 && b <= 0xfe) ? 2 : 1,
    };

    function incompleteTail(unitLength, bytes) {
        let i = 0;
        while (i < bytes.length) {
            const len = unitLength(bytes[i], bytes[i + 1]);
            if (i + len > bytes.length) return bytes.length - i;
            i += len;
        }
        return 0;
    }

    // Single-byte and CJK legacy encodings through the host's tables; while streaming, a multi-byte one
    // decodes every complete character of a chunk and keeps an unfinished one for the next chunk.
    function makeLegacy(name) {
        let pending = null;
        const unitLength = UNIT_LENGTH[name];
        return {
            decode(bytes, fatal, stream, out) {
                let chunk = bytes;
                if (unitLength !== undefined) {
                    if (pending !== null) {
                        chunk = new Uint8Array(pending.length + bytes.length);
                        chunk.set(pending);
                        chunk.set(bytes, pending.length);
                        pending = null;
                    }
                    if (stream) {
                        const tail = incompleteTail(unitLength, chunk);
                        if (tail > 0) {
                            pending = chunk.slice(chunk.length - tail);
                            chunk = chunk.subarray(0, chunk.length - tail);
                        }
                    }
                }
                if (chunk.length === 0) return;
                const text = host.decodeLegacy(name, bytesToBinary(chunk), fatal);
                if (text === null || text === undefined) throw new TypeError(`TextDecoder: the data is not valid ${name}`);
                for (let i = 0; i < text.length; i++) {
                    const c = text.charCodeAt(i);
                    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
                        const d = text.charCodeAt(i + 1);
                        if (d >= 0xdc00 && d <= 0xdfff) { out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)); i++; continue; }
                    }
                    out.push(c);
                }
            }
        };
    }

    // Index jis0208 (pointer to code point, U+FFFD where the index has none), from the host once per context.
    let jis0208 = null;

    // Encoding Standard ISO-2022-JP decoder: its state machine, byte by byte, with the standard's
    // error recovery (a byte that ends an escape sequence badly is processed again in the state before).
    function makeIso2022Jp() {
        const ASCII = 0, ROMAN = 1, KATAKANA = 2, LEAD = 3, TRAIL = 4, ESCAPE_START = 5, ESCAPE = 6;
        let state = ASCII, outputState = ASCII, lead = 0, output = false;
        return {
            decode(bytes, fatal, stream, out) {
                const restored = [];
                let i = 0;
                const fail = () => { if (fatal) { state = outputState = ASCII; lead = 0; output = false; error(true, out); } out.push(0xfffd); };
                for (;;) {
                    let b;
                    if (restored.length) b = restored.shift();
                    else if (i < bytes.length) b = bytes[i++];
                    else if (stream) return;
                    else b = -1;
                    switch (state) {
                        case ASCII:
                        case ROMAN:
                            if (b === 0x1b) { state = ESCAPE_START; continue; }
                            if (b === -1) break;
                            output = false;
                            if (state === ROMAN && b === 0x5c) out.push(0xa5);
                            else if (state === ROMAN && b === 0x7e) out.push(0x203e);
                            else if (b <= 0x7f && b !== 0x0e && b !== 0x0f) out.push(b);
                            else fail();
                            continue;
                        case KATAKANA:
                            if (b === 0x1b) { state = ESCAPE_START; continue; }
                            if (b === -1) break;
                            output = false;
                            if (b >= 0x21 && b <= 0x5f) out.push(0xff61 - 0x21 + b); else fail();
                            continue;
                        case LEAD:
                            if (b === 0x1b) { state = ESCAPE_START; continue; }
                            if (b === -1) break;
                            output = false;
                            if (b >= 0x21 && b <= 0x7e) { lead = b; state = TRAIL; } else fail();
                            continue;
                        case TRAIL:
                            if (b === 0x1b) { state = ESCAPE_START; fail(); continue; }
                            state = LEAD;
                            if (b >= 0x21 && b <= 0x7e) {
                                if (jis0208 === null) jis0208 = host.jis0208();
                                const c = jis0208.charCodeAt((lead - 0x21) * 94 + b - 0x21);
                                if (c === 0xfffd) fail(); else out.push(c);
                                continue;
                            }
                            if (b === -1) restored.push(b);
                            fail();
                            continue;
                        case ESCAPE_START:
                            if (b === 0x24 || b === 0x28) { lead = b; state = ESCAPE; continue; }
                            restored.push(b);
                            output = false;
                            state = outputState;
                            fail();
                            continue;
                        case ESCAPE: {
                            const l = lead;
                            lead = 0;
                            let next = -1;
                            if (l === 0x28 && b === 0x42) next = ASCII;
                            else if (l === 0x28 && b === 0x4a) next = ROMAN;
                            else if (l === 0x28 && b === 0x49) next = KATAKANA;
                            else if (l === 0x24 && (b === 0x40 || b === 0x42)) next = LEAD;
                            if (next >= 0) {
                                state = outputState = next;
                                const wasOutput = output;
                                output = true;
                                if (wasOutput) fail();
                                continue;
                            }
                            restored.push(l, b);
                            output = false;
                            state = outputState;
                            fail();
                            continue;
                        }
                    }
                    // End of the queue in a state that has nothing pending: finished; the next call starts afresh.
                    state = outputState = ASCII; lead = 0; output = false;
                    return;
                }
            }
        };
    }

    function error(fatal, out) {
        if (fatal) throw new TypeError('TextDecoder: the encoded data is not valid');
        out.push(0xfffd);
    }

    function codePointsToString(codes) {
        const parts = [];
        for (let i = 0; i < codes.length; i += 8192) parts.push(String.fromCodePoint.apply(null, codes.slice(i, i + 8192)));
        return parts.join('');
    }

    function utf8Decode(bytes, fatal) {
        const out = [];
        makeUtf8().decode(bytes, fatal, false, out);
        return codePointsToString(out);
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
            if (n === 0) return { read: 0, written: 0 }; // also a detached destination (length 0): nothing to set
            destination.set(bytes.subarray(0, n));
            const read = utf8Decode(bytes.subarray(0, n), false).length;
            return { read, written: n };
        }
    }

    // The Encoding Standard's encodings and labels (https://encoding.spec.whatwg.org/encodings.json).
    const ENCODINGS = [
        ['UTF-8', 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8'],
        ['IBM866', '866 cp866 csibm866 ibm866'],
        ['ISO-8859-2', 'csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2'],
        ['ISO-8859-3', 'csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3'],
        ['ISO-8859-4', 'csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4'],
        ['ISO-8859-5', 'csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988'],
        ['ISO-8859-6', 'arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987'],
        ['ISO-8859-7', 'csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek'],
        ['ISO-8859-8', 'csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual'],
        ['ISO-8859-8-I', 'csiso88598i iso-8859-8-i logical'],
        ['ISO-8859-10', 'csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6'],
        ['ISO-8859-13', 'iso-8859-13 iso8859-13 iso885913'],
        ['ISO-8859-14', 'iso-8859-14 iso8859-14 iso885914'],
        ['ISO-8859-15', 'csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9'],
        ['ISO-8859-16', 'iso-8859-16'],
        ['KOI8-R', 'cskoi8r koi koi8 koi8-r koi8_r'],
        ['KOI8-U', 'koi8-ru koi8-u'],
        ['macintosh', 'csmacintosh mac macintosh x-mac-roman'],
        ['windows-874', 'dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874'],
        ['windows-1250', 'cp1250 windows-1250 x-cp1250'],
        ['windows-1251', 'cp1251 windows-1251 x-cp1251'],
        ['windows-1252', 'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252'],
        ['windows-1253', 'cp1253 windows-1253 x-cp1253'],
        ['windows-1254', 'cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254'],
        ['windows-1255', 'cp1255 windows-1255 x-cp1255'],
        ['windows-1256', 'cp1256 windows-1256 x-cp1256'],
        ['windows-1257', 'cp1257 windows-1257 x-cp1257'],
        ['windows-1258', 'cp1258 windows-1258 x-cp1258'],
        ['x-mac-cyrillic', 'x-mac-cyrillic x-mac-ukrainian'],
        ['GBK', 'chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk'],
        ['gb18030', 'gb18030'],
        ['Big5', 'big5 big5-hkscs cn-big5 csbig5 x-x-big5'],
        ['EUC-JP', 'cseucpkdfmtjapanese euc-jp x-euc-jp'],
        ['ISO-2022-JP', 'csiso2022jp iso-2022-jp'],
        ['Shift_JIS', 'csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis'],
        ['EUC-KR', 'cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949'],
        ['replacement', 'csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement'],
        ['UTF-16BE', 'unicodefffe utf-16be'],
        ['UTF-16LE', 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le'],
        ['x-user-defined', 'x-user-defined'],
    ];
    // Label -> name by a search of the table: building a Map of its 220 labels in every new context would
    // make the JIT compile this whole prelude function (a loop in code that runs once per context).
    const includes = Function.prototype.call.bind(String.prototype.includes);
    function getEncoding(label) {
        const key = String(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').replace(/[A-Z]/g, c => c.toLowerCase());
        if (key === 'utf-8' || key === 'utf8') return 'UTF-8';
        if (key === '' || includes(key, ' ')) return undefined;
        for (let i = 0; i < ENCODINGS.length; i++) if (includes(' ' + ENCODINGS[i][1] + ' ', ' ' + key + ' ')) return ENCODINGS[i][0];
        return undefined;
    }

    function makeDecoder(name) {
        if (name === 'UTF-8') return makeUtf8();
        if (name === 'UTF-16LE') return makeUtf16(false);
        if (name === 'UTF-16BE') return makeUtf16(true);
        if (name === 'x-user-defined') return makeUserDefined();
        if (name === 'ISO-2022-JP') return makeIso2022Jp();
        return makeLegacy(name);
    }

    // WebIDL DOMString conversion (a Symbol is a TypeError, unlike String(symbol)).
    function toDOMString(value) {
        if (typeof value === 'symbol') throw new TypeError('cannot convert a Symbol to a string');
        return `${value}`;
    }

    // The TextDecoderOptions dictionary: members read in lexicographic order, absent means false.
    function decoderOptions(options, what) {
        if (options === undefined || options === null) return { fatal: false, ignoreBOM: false };
        if (typeof options !== 'object' && typeof options !== 'function') throw new TypeError(`${what}: options must be an object`);
        const fatal = !!options.fatal;
        const ignoreBOM = !!options.ignoreBOM;
        return { fatal, ignoreBOM };
    }

    // Encodings decoded in this file, without the host's tables.
    const BUILT_IN = new Set(['UTF-8', 'UTF-16LE', 'UTF-16BE', 'x-user-defined', 'ISO-2022-JP']);

    // What TextDecoder and TextDecoderStream share: the encoding, its flags, the decoder and the BOM state.
    class DecoderCore {
        constructor(label, options, what) {
            const name = getEncoding(toDOMString(label));
            const flags = decoderOptions(options, what);
            if (name === undefined || name === 'replacement' || (!BUILT_IN.has(name) && !host.legacySupported(name))) {
                throw new RangeError(`${what}: encoding '${label}' is not supported`);
            }
            this.name = name;
            this.bomAware = name === 'UTF-8' || name === 'UTF-16LE' || name === 'UTF-16BE';
            this.fatal = flags.fatal;
            this.ignoreBOM = flags.ignoreBOM;
            this.reset();
        }
        reset() {
            this.decoder = makeDecoder(this.name);
            this.bomSeen = false;
        }
        // Decodes bytes (a copy the caller owns); stream=false also flushes what an unfinished sequence left.
        decode(bytes, stream) {
            const out = [];
            this.decoder.decode(bytes, this.fatal, stream, out);
            if (!this.ignoreBOM && !this.bomSeen && out.length > 0 && this.bomAware) {
                this.bomSeen = true;
                if (out[0] === 0xfeff) out.shift();
            }
            return codePointsToString(out);
        }
    }

    function bufferSourceBytes(input, what) {
        if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer)) return new Uint8Array(input);
        if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
        throw new TypeError(`${what}: expected an ArrayBuffer or ArrayBufferView`);
    }

    class TextDecoder {
        #core; #streaming = false;
        constructor(label = 'utf-8', options = undefined) {
            this.#core = new DecoderCore(label, options, 'TextDecoder');
        }
        get encoding() { return this.#core.name.toLowerCase(); }
        get fatal() { return this.#core.fatal; }
        get ignoreBOM() { return this.#core.ignoreBOM; }
        decode(input = undefined, options = undefined) {
            if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
                throw new TypeError('TextDecoder.decode: options must be an object');
            }
            const bytes = input === undefined ? new Uint8Array(0) : bufferSourceBytes(input, 'TextDecoder.decode');
            const stream = !!(options && options.stream);
            if (!this.#streaming) this.#core.reset();
            this.#streaming = stream;
            try {
                return this.#core.decode(bytes.slice(), stream);
            } catch (e) {
                this.#streaming = false;
                throw e;
            }
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

    Object.assign(internal, { utf8Encode, utf8Decode, toBytes, binaryToBytes, bytesToBinary, DecoderCore, bufferSourceBytes, toDOMString, atob, btoa });
    Object.assign(g, { TextEncoder, TextDecoder, atob, btoa });
})
