// Every global a worker sees must be one a Workers runtime has: the ECMAScript built-ins and the Web APIs
// this edge implements. Nothing of the host (Java packages, Polyglot, Graal, shell functions, `arguments`).
// A new Web API adds its names here, deliberately.
const ECMASCRIPT = [
  "AggregateError", "Array", "ArrayBuffer", "Atomics", "BigInt", "BigInt64Array", "BigUint64Array", "Boolean",
  "DataView", "Date", "Error", "EvalError", "FinalizationRegistry", "Float16Array", "Float32Array", "Float64Array",
  "Function", "Infinity", "Int16Array", "Int32Array", "Int8Array", "Intl", "Iterator", "JSON", "Map", "Math", "NaN",
  "Number", "Object", "Promise", "Proxy", "RangeError", "ReferenceError", "Reflect", "RegExp", "Set",
  "SharedArrayBuffer", "String", "Symbol", "SyntaxError", "TypeError", "URIError", "Uint16Array", "Uint32Array",
  "Uint8Array", "Uint8ClampedArray", "WeakMap", "WeakRef", "WeakSet", "decodeURI", "decodeURIComponent",
  "encodeURI", "encodeURIComponent", "escape", "eval", "globalThis", "isFinite", "isNaN", "parseFloat", "parseInt",
  "undefined", "unescape",
];
const WEB_APIS = [
  "AbortController", "AbortSignal", "Blob", "ByteLengthQueuingStrategy", "CountQueuingStrategy", "Crypto",
  "CryptoKey", "DOMException", "Event", "EventTarget", "File", "FormData", "Headers", "MessageChannel",
  "MessageEvent", "MessagePort", "QuotaExceededError", "ReadableByteStreamController", "ReadableStream",
  "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest", "ReadableStreamDefaultController",
  "ReadableStreamDefaultReader", "Request", "Response", "SubtleCrypto", "TextDecoder", "TextDecoderStream",
  "TextEncoder", "TextEncoderStream", "TransformStream", "TransformStreamDefaultController", "URL",
  "URLSearchParams", "WritableStream", "WritableStreamDefaultController", "WritableStreamDefaultWriter", "atob",
  "btoa", "clearInterval", "clearTimeout", "console", "crypto", "fetch", "setInterval", "setTimeout",
  "structuredClone",
];
const ALLOWED = new Set([...ECMASCRIPT, ...WEB_APIS]);

function problems() {
  const found = [];
  for (const key of Reflect.ownKeys(globalThis)) {
    if (typeof key === "symbol") { if (key !== Symbol.toStringTag) found.push("global symbol " + String(key)); continue; }
    if (!ALLOWED.has(key)) found.push("unexpected global " + key + " (" + typeof globalThis[key] + ")");
  }
  if (Object.getPrototypeOf(globalThis) !== Object.prototype) {
    found.push("global object's prototype is not Object.prototype: " + Object.getOwnPropertyNames(Object.getPrototypeOf(globalThis)).join(","));
  }
  for (const name of ["Java", "Packages", "java", "javax", "javafx", "com", "org", "edu", "net", "Polyglot", "Graal", "arguments", "require", "module", "exports", "__filename", "__dirname", "load", "print", "quit"]) {
    if (name in globalThis) found.push("reachable name " + name);
  }
  return found;
}

const atStartup = problems();

export default {
  async fetch() {
    const found = [...atStartup.map(p => "at start-up: " + p), ...problems()];
    return new Response(found.length ? found.join("\n") : "only Workers globals", { status: found.length ? 500 : 200 });
  }
};
