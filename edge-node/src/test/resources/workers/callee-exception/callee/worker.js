export default { async fetch() { throw new Error("kaboom in back"); } };
