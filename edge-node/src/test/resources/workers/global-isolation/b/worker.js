export default {
  async fetch() {
    const dirty = [];
    if (({}).polluted !== undefined) dirty.push("Object.prototype");
    const a = []; if (a.push(1) !== 1) dirty.push("Array.prototype");
    if (typeof leak !== "undefined") dirty.push("global leak");
    if (await new Response("x").text() !== "x") dirty.push("Response.prototype");
    if (JSON.parse("1") !== 1) dirty.push("JSON");
    return new Response(dirty.length ? dirty.join(",") : "clean");
  }
};
