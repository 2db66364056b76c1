export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (request.headers.get("authorization") === "Bearer letmein") {
      return new Response("ok");
    }
    return new Response(`missing or bad token for ${url.host}${url.pathname}`, { status: 401 });
  }
}
