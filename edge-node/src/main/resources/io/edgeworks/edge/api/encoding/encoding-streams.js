// Encoding Standard streams: TextEncoderStream and TextDecoderStream, each a TransformStream (the streams
// library's, loaded when the first one is made) around the encoder and decoders of encoding.js.
(function edgeworks$realmSetup(host, internal) {
    'use strict';
    const g = globalThis;
    const { utf8Encode, DecoderCore, bufferSourceBytes, toDOMString } = internal;
    const REPLACEMENT = [0xef, 0xbf, 0xbd];

    // The standard's default strategies, as objects that nothing set on Object.prototype later can reach.
    function transformStream(transform, flush) {
        const TransformStream = internal.streams().TransformStream; // loaded on first use (streams.js)
        return new TransformStream({ __proto__: null, transform, flush },
            { __proto__: null, highWaterMark: 1 }, { __proto__: null, highWaterMark: 0 });
    }

    class TextEncoderStream {
        #stream;
        constructor() {
            // A leading surrogate that ended the previous chunk, waiting for its trailing half.
            let lead = -1;
            this.#stream = transformStream((chunk, controller) => {
                let text = toDOMString(chunk);
                if (lead >= 0) {
                    text = String.fromCharCode(lead) + text;
                    lead = -1;
                }
                const last = text.charCodeAt(text.length - 1);
                if (last >= 0xd800 && last <= 0xdbff) {
                    lead = last;
                    text = text.slice(0, -1);
                }
                if (text.length > 0) controller.enqueue(utf8Encode(text));
            }, (controller) => {
                if (lead >= 0) controller.enqueue(new Uint8Array(REPLACEMENT));
            });
        }
        get encoding() {
            if (!(#stream in this)) throw new TypeError('not a TextEncoderStream');
            return 'utf-8';
        }
        get readable() { return this.#stream.readable; }
        get writable() { return this.#stream.writable; }
    }

    class TextDecoderStream {
        #core; #stream;
        constructor(label = 'utf-8', options = undefined) {
            const core = this.#core = new DecoderCore(label, options, 'TextDecoderStream');
            this.#stream = transformStream((chunk, controller) => {
                const text = core.decode(bufferSourceBytes(chunk, 'TextDecoderStream').slice(), true);
                if (text.length > 0) controller.enqueue(text);
            }, (controller) => {
                const text = core.decode(new Uint8Array(0), false);
                if (text.length > 0) controller.enqueue(text);
            });
        }
        get encoding() { return this.#core.name.toLowerCase(); }
        get fatal() { return this.#core.fatal; }
        get ignoreBOM() { return this.#core.ignoreBOM; }
        get readable() { return this.#stream.readable; }
        get writable() { return this.#stream.writable; }
    }

    for (const [name, value] of [['TextEncoderStream', TextEncoderStream], ['TextDecoderStream', TextDecoderStream]]) {
        Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
    }
})
