// Parses an upload with request.formData() (multipart/form-data or urlencoded) and answers with a Blob built
// from the fields and the uploaded file, so the host path of both directions is covered.
export default {
  async fetch(request) {
    let form;
    try {
      form = await request.formData();
    } catch (e) {
      return new Response(`bad form: ${e.name}`, { status: 400 });
    }
    const title = form.get("title");
    const doc = form.get("doc");
    if (doc === null) {
      return new Response(new Blob([`title=${title}; no file; keys=${[...form.keys()].join(",")}`], { type: "Text/Plain" }));
    }
    if (!(doc instanceof File)) return new Response("doc is not a File", { status: 422 });
    const upper = (await doc.text()).toUpperCase();
    const summary = new Blob(
      [`title=${title}; file=${doc.name} (${doc.type}, ${doc.size} bytes): `, upper, new Uint8Array([0x21])],
      { type: "text/plain;charset=utf-8" });
    return new Response(summary.slice(0, summary.size, summary.type), { headers: { "x-file-size": String(doc.size) } });
  }
};
