package io.edgeworks.edge.api.formdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgeworks.edge.api.PreludeScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FormData, its multipart/form-data encoding and the body parsers behind formData() (formdata.js). */
class FormDataTest {
    @RegisterExtension
    static final PreludeScripts scripts = new PreludeScripts();

    @Test
    void multipartRoundTripKeepsFilesAndNormalisesNewlines() throws Exception {
        String out = scripts.run("""
                const binary = new Uint8Array(256);
                for (let i = 0; i < 256; i++) binary[i] = i;
                const fd = new FormData();
                fd.append('text', 'line1\\nline2\\rline3');
                fd.append('bin', new File([binary], 'all-bytes.bin', { type: 'application/x-test', lastModified: 7 }));
                fd.append('anon', new Blob(['plain']));
                fd.append('q"uote', 'v');
                const response = new Response(fd);
                const ct = response.headers.get('content-type');
                const back = await response.formData();
                const bin = back.get('bin');
                const bytes = new Uint8Array(await bin.arrayBuffer());
                let same = bytes.length === 256;
                for (let i = 0; i < bytes.length; i++) if (bytes[i] !== i) same = false;
                const anon = back.get('anon');
                return [/^multipart\\/form-data; boundary=[-0-9A-Za-z]+$/.test(ct), JSON.stringify(back.get('text')),
                        bin.name, bin.type, same, anon.name, anon.type, await anon.text(), [...back.keys()].join(',')].join('|');
                """);
        assertEquals("true|\"line1\\r\\nline2\\r\\nline3\"|all-bytes.bin|application/x-test|true|blob|application/octet-stream|plain"
                + "|text,bin,anon,q%22uote", out);
    }

    @Test
    void entriesFollowTheXhrStandard() throws Exception {
        String out = scripts.run("""
                const fd = new FormData();
                fd.append('a', '1'); fd.append('b', '2'); fd.append('a', '3');
                fd.set('a', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
                const file = fd.get('a');
                const renamed = new FormData();
                renamed.append('f', file, 'other.txt');
                let error = 'none';
                try { fd.append('c', 'not a blob', 'name.txt'); } catch (e) { error = e.constructor === TypeError; }
                const seen = [];
                fd.forEach((v, k) => seen.push(k + '=' + (typeof v === 'string' ? v : v.name)));
                return [seen.join('&'), fd.getAll('a').length, file instanceof File, renamed.get('f').name,
                        renamed.get('f') !== file, error, fd.has('b'), (fd.delete('b'), fd.has('b'))].join('|');
                """);
        assertEquals("a=x.txt&b=2|1|true|other.txt|true|true|true|false", out);
    }

    @Test
    void urlencodedBodiesAreDecodedAsUtf8Bytes() throws Exception {
        String out = scripts.run("""
                const body = new Uint8Array([0x61, 0x3d, 0xc3, 0x25, 0x41, 0x39, 0x26, 0x62, 0x2b, 0x3d, 0x25, 0x46, 0x46, 0x26, 0x26, 0x63]);
                const fd = await new Response(body, { headers: { 'content-type': 'application/x-www-form-urlencoded;charset=latin1' } }).formData();
                return JSON.stringify([...fd]);
                """);
        assertEquals("[[\"a\",\"é\"],[\"b \",\"\uFFFD\"],[\"c\",\"\"]]", out);
    }

    @Test
    void malformedBodiesRejectWithTypeError() throws Exception {
        String out = scripts.run("""
                const cases = [
                    ['multipart/form-data', '--x\\r\\nContent-Disposition: form-data; name="a"\\r\\n\\r\\nv\\r\\n--x--'],
                    ['multipart/form-data; boundary=x', '--x\\r\\nContent-Disposition: form-data; name="a"\\r\\n\\r\\nv'],
                    ['multipart/form-data; boundary=x', '--x\\r\\nContent-Disposition: form-data\\r\\n\\r\\nv\\r\\n--x--'],
                    ['multipart/form-data; boundary=x', '--x\\r\\nContent-Type: text/plain\\r\\n\\r\\nv\\r\\n--x--'],
                    ['multipart/form-data; boundary=x', 'no boundary here'],
                    ['text/plain', 'a=b'],
                ];
                const results = [];
                for (const [ct, body] of cases) {
                    try { await new Response(body, { headers: { 'content-type': ct } }).formData(); results.push('parsed'); }
                    catch (e) { results.push(e.constructor === TypeError ? 'TypeError' : String(e)); }
                }
                const ok = await new Response('preamble\\r\\n--x\\r\\ncontent-disposition: form-data; name=a\\r\\n\\r\\nv\\r\\n--x--\\r\\nepilogue',
                    { headers: { 'content-type': 'multipart/form-data; boundary="x"' } }).formData();
                return results.join(',') + '|' + ok.get('a');
                """);
        assertEquals("TypeError,TypeError,TypeError,TypeError,TypeError,TypeError|v", out);
    }
}
