// XMLHttpRequest Standard: FormData; HTML's multipart/form-data encoding algorithm and the multipart/form-data and
// application/x-www-form-urlencoded body parsers Fetch's Body.formData() uses (internal hooks for fetch.js).
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const U8 = Uint8Array;
    const uncurry = (f) => Function.prototype.call.bind(f);
    const u8Set = uncurry(Uint8Array.prototype.set), u8Subarray = uncurry(Uint8Array.prototype.subarray);
    const toWellFormed = uncurry(String.prototype.toWellFormed), replace = uncurry(String.prototype.replace);
    const toLowerCase = uncurry(String.prototype.toLowerCase), regexTest = uncurry(RegExp.prototype.test);
    const random = Math.random, floor = Math.floor;
    const utf8Encode = internal.utf8Encode, utf8Decode = internal.utf8Decode;
    const isBlob = internal.isBlob, isFile = internal.isFile, blobType = internal.blobType;
    const blobBytes = internal.blobBytes, blobToFile = internal.blobToFile, fileFromBytes = internal.fileFromBytes;
    const fileName = internal.fileName, fileLastModified = internal.fileLastModified;
    const extractMimeType = internal.extractMimeType;

    const usv = (v) => toWellFormed(`${v}`);

    // XHR "create an entry": Blob values become Files (named "blob" unless a filename is given).
    function entry(name, value, filename, hasFilename) {
        name = usv(name);
        if (!isBlob(value)) return [name, usv(value)];
        if (hasFilename) filename = usv(filename);
        if (isFile(value)) {
            if (!hasFilename) return [name, value];
            return [name, blobToFile(value, filename, blobType(value), fileLastModified(value))];
        }
        return [name, blobToFile(value, hasFilename ? filename : 'blob', blobType(value))];
    }

    function entryArguments(what, args) {
        if (args.length < 2) throw new TypeError(`FormData.${what}: 2 arguments required, but only ${args.length} present`);
        if (args.length >= 3 && !isBlob(args[1])) {
            throw new TypeError(`FormData.${what}: a filename can only be given with a Blob value (argument 2 is not a Blob)`);
        }
        return entry(args[0], args[1], args[2], args.length >= 3 && args[2] !== undefined);
    }

    let listOf;
    class FormData {
        #list = [];
        constructor(form = undefined, submitter = undefined) {
            if (form !== undefined) throw new TypeError('FormData constructor: argument 1 is not an HTMLFormElement (there are no forms here)');
        }
        append(name, value) { this.#list.push(entryArguments('append', arguments)); }
        delete(name) {
            if (arguments.length < 1) throw new TypeError('FormData.delete: 1 argument required');
            name = usv(name);
            this.#list = this.#list.filter((e) => e[0] !== name);
        }
        get(name) {
            if (arguments.length < 1) throw new TypeError('FormData.get: 1 argument required');
            name = usv(name);
            for (const e of this.#list) if (e[0] === name) return e[1];
            return null;
        }
        getAll(name) {
            if (arguments.length < 1) throw new TypeError('FormData.getAll: 1 argument required');
            name = usv(name);
            const out = [];
            for (const e of this.#list) if (e[0] === name) out.push(e[1]);
            return out;
        }
        has(name) {
            if (arguments.length < 1) throw new TypeError('FormData.has: 1 argument required');
            name = usv(name);
            for (const e of this.#list) if (e[0] === name) return true;
            return false;
        }
        set(name, value) {
            const e = entryArguments('set', arguments);
            const i = this.#list.findIndex((x) => x[0] === e[0]);
            if (i < 0) { this.#list.push(e); return; }
            this.#list[i] = e;
            this.#list = this.#list.filter((x, j) => j <= i || x[0] !== e[0]);
        }
        forEach(callback, thisArg = undefined) {
            if (typeof callback !== 'function') throw new TypeError('FormData.forEach: argument 1 is not a function');
            for (let i = 0; i < this.#list.length; i++) callback.call(thisArg, this.#list[i][1], this.#list[i][0], this);
        }
        // Live iterators (an index into the current list), as WebIDL's pair iterators.
        *entries() { const self = this; for (let i = 0; i < self.#list.length; i++) yield [self.#list[i][0], self.#list[i][1]]; }
        *keys() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][0]; }
        *values() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][1]; }
        [Symbol.iterator]() { return this.entries(); }
        static {
            listOf = (fd) => fd.#list;
            internal.isFormData = (x) => x !== null && typeof x === 'object' && #list in x;
        }
    }
    Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: 'FormData', configurable: true });

    // ---- HTML: multipart/form-data encoding algorithm ----
    const normaliseNewlines = (s) => replace(s, /\r\n|\r|\n/g, '\r\n');
    const escapeName = (s) => replace(s, /[\n\r"]/g, (c) => c === '\n' ? '%0A' : c === '\r' ? '%0D' : '%22');

    function boundary() {
        let s = '----EdgeworksFormBoundary';
        const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
        for (let i = 0; i < 24; i++) s += alphabet[floor(random() * alphabet.length)];
        return s;
    }

    function formDataEncode(fd) {
        const b = boundary();
        const chunks = [];
        let total = 0;
        const add = (bytes) => { chunks.push(bytes); total += bytes.length; };
        const text = (s) => add(utf8Encode(s));
        for (const [rawName, value] of listOf(fd)) {
            const name = escapeName(normaliseNewlines(rawName));
            if (typeof value === 'string') {
                text(`--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${normaliseNewlines(value)}\r\n`);
            } else {
                const type = blobType(value) === '' ? 'application/octet-stream' : blobType(value);
                text(`--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="${escapeName(fileName(value))}"\r\n`
                    + `Content-Type: ${type}\r\n\r\n`);
                add(blobBytes(value));
                text('\r\n');
            }
        }
        text(`--${b}--\r\n`);
        const bytes = new U8(total);
        let at = 0;
        for (const c of chunks) { u8Set(bytes, c, at); at += c.length; }
        return { bytes, contentType: `multipart/form-data; boundary=${b}` };
    }

    // ---- multipart/form-data parser (RFC 7578 as browsers read it) ----
    const CR = 0x0d, LF = 0x0a, DASH = 0x2d;
    const latin1 = (bytes, from, to) => { let s = ''; for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]); return s; };
    const decodeUtf8 = (bytes) => utf8Decode(bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
        ? u8Subarray(bytes, 3) : bytes, false);
    // Header text is read as bytes (latin1) and names/filenames as UTF-8, how browsers send them.
    const utf8OfLatin1 = (s) => { const b = new U8(s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return utf8Decode(b, false); };

    function indexOf(hay, needle, from) {
        const first = needle[0], last = hay.length - needle.length;
        outer: for (let i = from; i <= last; i++) {
            if (hay[i] !== first) continue;
            for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    // Content-Disposition: form-data; name="..."; filename="..." -> { name, filename } (filename null if absent).
    function parseDisposition(value) {
        const m = /^[\t ]*form-data[\t ]*(;|$)/i.exec(value);
        if (m === null) throw new TypeError('formData(): a multipart part\'s Content-Disposition is not form-data');
        let pos = m[0].length, name = null, filename = null;
        while (pos < value.length) {
            while (pos < value.length && (value[pos] === ' ' || value[pos] === '\t' || value[pos] === ';')) pos++;
            const eq = value.indexOf('=', pos);
            if (eq < 0) break;
            const key = toLowerCase(replace(value.slice(pos, eq), /[\t ]+$/, ''));
            pos = eq + 1;
            while (pos < value.length && (value[pos] === ' ' || value[pos] === '\t')) pos++;
            let v;
            if (value[pos] === '"') {
                const end = value.indexOf('"', pos + 1);
                if (end < 0) throw new TypeError('formData(): unterminated quoted string in a Content-Disposition header');
                v = value.slice(pos + 1, end);
                pos = end + 1;
            } else {
                let end = value.indexOf(';', pos);
                if (end < 0) end = value.length;
                v = replace(value.slice(pos, end), /[\t ]+$/, '');
                pos = end;
            }
            if (key === 'name' && name === null) name = utf8OfLatin1(v);
            else if (key === 'filename' && filename === null) filename = utf8OfLatin1(v);
        }
        if (name === null) throw new TypeError('formData(): a multipart part\'s Content-Disposition has no name');
        return { name, filename };
    }

    function parseMultipart(bytes, boundaryValue, fd) {
        const list = listOf(fd);
        const delimiter = utf8Encode('--' + boundaryValue);
        const bodyDelimiter = utf8Encode('\r\n--' + boundaryValue);
        // The first delimiter opens the body, possibly after a preamble that ends with CRLF.
        let pos;
        if (indexOf(bytes, delimiter, 0) === 0) pos = delimiter.length;
        else {
            const at = indexOf(bytes, bodyDelimiter, 0);
            if (at < 0) throw new TypeError('formData(): the multipart body does not contain its boundary');
            pos = at + bodyDelimiter.length;
        }
        for (;;) {
            if (bytes[pos] === DASH && bytes[pos + 1] === DASH) return;            // close delimiter
            while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++;              // transport padding
            if (bytes[pos] !== CR || bytes[pos + 1] !== LF) throw new TypeError('formData(): malformed multipart delimiter line');
            pos += 2;
            let disposition = null, contentType = null;
            for (;;) {
                if (pos + 1 >= bytes.length) throw new TypeError('formData(): a multipart part ends inside its headers');
                if (bytes[pos] === CR && bytes[pos + 1] === LF) { pos += 2; break; }
                let eol = pos;
                while (eol + 1 < bytes.length && !(bytes[eol] === CR && bytes[eol + 1] === LF)) eol++;
                if (eol + 1 >= bytes.length) throw new TypeError('formData(): a multipart header line is not terminated');
                const line = latin1(bytes, pos, eol);
                pos = eol + 2;
                const colon = line.indexOf(':');
                if (colon <= 0) throw new TypeError(`formData(): malformed multipart header line '${line}'`);
                const headerName = toLowerCase(replace(line.slice(0, colon), /[\t ]+$/, ''));
                const headerValue = replace(line.slice(colon + 1), /^[\t ]+|[\t ]+$/g, '');
                if (headerName === 'content-disposition') disposition = parseDisposition(headerValue);
                else if (headerName === 'content-type') contentType = headerValue;
            }
            if (disposition === null) throw new TypeError('formData(): a multipart part has no Content-Disposition header');
            const end = indexOf(bytes, bodyDelimiter, pos);
            if (end < 0) throw new TypeError('formData(): the multipart body has no closing boundary');
            const content = u8Subarray(bytes, pos, end);
            if (disposition.filename !== null) {
                const copy = new U8(content.length);
                u8Set(copy, content, 0);
                const type = contentType === null ? 'text/plain' : (regexTest(/^[\x20-\x7e]*$/, contentType) ? toLowerCase(contentType) : '');
                list.push([disposition.name, fileFromBytes(copy, disposition.filename, type)]);
            } else {
                list.push([disposition.name, decodeUtf8(content)]);
            }
            pos = end + bodyDelimiter.length;
        }
    }

    // ---- URL Standard: application/x-www-form-urlencoded parser, on bytes ----
    const hexValue = (b) => (b >= 0x30 && b <= 0x39) ? b - 0x30 : (b >= 0x41 && b <= 0x46) ? b - 0x37 : (b >= 0x61 && b <= 0x66) ? b - 0x57 : -1;
    function percentDecode(bytes, from, to) {
        const out = new U8(to - from);
        let n = 0;
        for (let i = from; i < to; i++) {
            const b = bytes[i];
            if (b === 0x2b) out[n++] = 0x20;
            else if (b === 0x25 && i + 2 < to && hexValue(bytes[i + 1]) >= 0 && hexValue(bytes[i + 2]) >= 0) {
                out[n++] = hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2]);
                i += 2;
            } else out[n++] = b;
        }
        return utf8Decode(u8Subarray(out, 0, n), false);
    }

    function parseUrlencoded(bytes, fd) {
        const list = listOf(fd);
        let start = 0;
        while (start <= bytes.length) {
            let end = start;
            while (end < bytes.length && bytes[end] !== 0x26) end++;
            if (end > start) {
                let eq = start;
                while (eq < end && bytes[eq] !== 0x3d) eq++;
                const name = percentDecode(bytes, start, eq);
                const value = eq < end ? percentDecode(bytes, eq + 1, end) : '';
                list.push([name, value]);
            }
            start = end + 1;
        }
    }

    // Fetch: the formData() conversion of a body's bytes, given its Content-Type header value.
    function formDataDecode(bytes, contentType) {
        const mimeType = extractMimeType(contentType);
        const fd = new FormData();
        if (mimeType !== null && mimeType.essence === 'multipart/form-data') {
            const b = mimeType.parameters.get('boundary');
            if (b === undefined) throw new TypeError('formData(): multipart/form-data without a boundary parameter');
            parseMultipart(bytes, b, fd);
            return fd;
        }
        if (mimeType !== null && mimeType.essence === 'application/x-www-form-urlencoded') {
            parseUrlencoded(bytes, fd);
            return fd;
        }
        throw new TypeError(`formData(): the Content-Type '${contentType === null || contentType === undefined ? '' : contentType}' `
            + 'is neither multipart/form-data nor application/x-www-form-urlencoded');
    }

    internal.formDataEncode = formDataEncode;
    internal.formDataDecode = formDataDecode;

    g.FormData = FormData;
    Object.defineProperty(g, 'FormData', { enumerable: false });
})
