package io.edgeworks.edge.conformance;

import java.util.Arrays;

/** The API areas the report groups files into, in report order, with the WPT directories they cover. */
public enum Area {
    URL("URL", "URL / URLSearchParams", "url/"),
    HEADERS("Headers", "Headers", "fetch/api/headers/"),
    REQUEST("Request", "Request", "fetch/api/request/"),
    RESPONSE("Response", "Response", "fetch/api/response/"),
    BODY("Body", "Body mixin", "fetch/api/body/"),
    ENCODING("Encoding", "TextEncoder / TextDecoder", "encoding/"),
    ENCODING_STREAMS("Encoding streams", "TextEncoderStream / TextDecoderStream", "encoding/streams/"),
    WEBCRYPTO("WebCrypto", "WebCrypto", "WebCryptoAPI/"),
    ABORT("Abort", "AbortController / AbortSignal", "dom/abort/"),
    STREAMS("Streams", "ReadableStream", "streams/"),
    BASE64("atob/btoa", "atob / btoa", "html/webappapis/atob/"),
    STRUCTURED_CLONE("structuredClone", "structuredClone", "html/webappapis/structured-clone/"),
    TIMERS("timers", "timers", "html/webappapis/timers/"),
    CONSOLE("console", "console", "console/"),
    OTHER("other", "-", "");

    /** Name used in the table and the JSON output. */
    public final String label;
    /** How WORKERD-BASELINE.md's summary table names the area (prefix of its first column). */
    final String baselineLabel;
    private final String prefix;

    Area(String label, String baselineLabel, String prefix) {
        this.label = label;
        this.baselineLabel = baselineLabel;
        this.prefix = prefix;
    }

    /** The area of a file (path under {@code wpt/}): the one with the longest matching directory prefix. */
    public static Area of(String path) {
        return Arrays.stream(values()).filter(a -> a != OTHER && path.startsWith(a.prefix))
                .max(java.util.Comparator.comparingInt(a -> a.prefix.length())).orElse(OTHER);
    }
}
