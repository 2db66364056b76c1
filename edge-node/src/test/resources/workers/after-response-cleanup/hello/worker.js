export default { fetch() { return new Response('still here'); } };
