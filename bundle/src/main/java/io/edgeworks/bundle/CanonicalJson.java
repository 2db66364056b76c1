package io.edgeworks.bundle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Canonical JSON: UTF-8, object keys sorted by {@link String#compareTo} at every level, no insignificant
 * whitespace, arrays in the order given, integers only. Strings are raw UTF-8 (emoji included); only the
 * quote, the backslash and control characters below U+0020 are escaped (short forms such as
 * {@code \n} where JSON has them, otherwise a six-character escape with upper-case hex). Reading is
 * strict: duplicate keys and trailing content are rejected.
 */
final class CanonicalJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Longest string accepted when reading (a module source, or an envelope's base64 payload). */
    static final int MAX_STRING_CHARS = 256 * 1024 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Jackson's default 20M-character string cap would reject the base64 payload of a ~15 MB bundle
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
            // raw UTF-8 for every non-ASCII character, including those outside the BMP (emoji)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            // pinned rather than left to library defaults, because they shape the canonical bytes
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .enable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();
    private static final ObjectMapper READER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CanonicalJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            // only reachable for strings Java cannot encode as UTF-8 (unpaired surrogates)
            throw new IllegalArgumentException("cannot encode as canonical JSON: " + oneLine(e), e);
        }
        return out.toByteArray();
    }

    private static void write(JsonNode node, JsonGenerator generator) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                names.sort(null);
                for (String name : names) {
                    generator.writeFieldName(name);
                    write(node.get(name), generator);
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                    write(it.next(), generator);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NUMBER -> {
                if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException("canonical JSON carries integers only, got " + node);
                }
                generator.writeNumber(node.longValue());
            }
            case NULL -> generator.writeNull();
            default -> throw new IllegalArgumentException("cannot encode JSON node of type " + node.getNodeType());
        }
    }

    /** Parses strictly; {@code what} names the document in error messages. */
    static JsonNode read(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new BundleFormatException(what + " is empty");
        }
        try (JsonParser parser = READER.createParser(bytes)) {
            JsonNode node = READER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new BundleFormatException(what + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new BundleFormatException(what + " is not valid JSON: " + oneLine(e), e);
        } catch (UncheckedIOException e) {
            throw new BundleFormatException(what + " is not valid JSON: " + oneLine(e.getCause()), e);
        }
    }

    private static String oneLine(Exception e) {
        String message = e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
