export default {
  async fetch(request) {
    if (request.method === "POST") return new Response("created on production", { status: 201 });
    return new Response("items from production");
  }
};
