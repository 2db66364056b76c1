package io.edgeworks.edge.api.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/** Host half of encoding.js: UTF-8 and the legacy encodings of the Encoding Standard (binary strings in). */
public final class EncodingHost {
    private EncodingHost() {
    }

    public static Map<String, ProxyExecutable> functions() {
        return Map.of(
                "decodeUtf8", a -> new String(a[0].asString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                "decodeLegacy", a -> LegacyDecoder.decode(a[0].asString(), a[1].asString(), a[2].asBoolean()),
                "jis0208", a -> LegacyDecoder.jis0208(),
                "legacySupported", a -> LegacyDecoder.supports(a[0].asString()));
    }
}
