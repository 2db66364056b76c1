export default {
  fetch() {
    Object.prototype.polluted = "yes";
    Array.prototype.push = function () { return "hijacked"; };
    globalThis.leak = "from evil";
    Response.prototype.text = async () => "hijacked";
    JSON.parse = () => ({ hijacked: true });
    globalThis.fetch = async () => new Response("intercepted");
    return new Response("polluted");
  }
};
