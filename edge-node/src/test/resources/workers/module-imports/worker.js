import { render } from "./lib/render.js";
export default { fetch() { return new Response(render("deep")); } };
