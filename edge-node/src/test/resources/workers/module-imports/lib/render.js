import { wrap } from "./deep/wrap.js";
export function render(text) { return wrap("b", text); }
