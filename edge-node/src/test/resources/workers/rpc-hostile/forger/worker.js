// Hostile callee: makes its realm's JSON.stringify produce forged RPC messages (Array.prototype.toJSON), to see
// that the caller's realm refuses them as malformed and nothing of its own changes.
import { WorkerEntrypoint } from "cloudflare:workers";

const FORGED = {
  range: [["r", 5]],
  view: [["r", 1], ["V", "Uint8Array", 0, null, ["r", 2]], ["O"]],
  tag: [["r", 1], ["Z"]],
  bigint: [["b", "12x"]],
  length: [["r", 1], ["A", -1]],
  arrayLength: [["r", 1], ["A", 1, "length", 5]],
  object: { not: "an array" },
  proto: [["r", 1], ["O", "__proto__", ["r", 2]], ["O", "polluted", true]],
};

export default class extends WorkerEntrypoint {
  forge(kind) {
    const payload = FORGED[kind];
    Array.prototype.toJSON = function () {
      delete Array.prototype.toJSON;
      return payload;
    };
    return "original";
  }
  async fetch() {
    return new Response("forger");
  }
}
