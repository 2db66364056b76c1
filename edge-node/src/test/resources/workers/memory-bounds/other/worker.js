export default { fetch() { return new Response("neighbour fine"); } };
