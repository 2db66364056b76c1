export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/flaky") throw new Error("canary is broken on /flaky");
    if (request.method === "POST") return new Response("created on canary", { status: 201 });
    return new Response("items from canary");
  }
};
