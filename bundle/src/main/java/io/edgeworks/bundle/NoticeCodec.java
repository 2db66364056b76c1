package io.edgeworks.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a {@link Notice} on {@link RedisLayout#NOTICES}:
 * {@code {"accounts":[…],"full":false,"sequence":42}} (canonical JSON,
 * lists in the given order). Decoding is strict and throws {@link BundleFormatException} (an
 * {@link IllegalArgumentException}) naming the offending field.
 */
public final class NoticeCodec {
    private static final Set<String> FIELDS = Set.of("sequence", "accounts", "full");

    private NoticeCodec() {
    }

    public static String encode(Notice notice) {
        ObjectNode node = CanonicalJson.object();
        node.put("sequence", notice.sequence());
        strings(node.putArray("accounts"), notice.accounts());
        node.put("full", notice.full());
        return new String(CanonicalJson.write(node), StandardCharsets.UTF_8);
    }

    public static Notice decode(String json) {
        if (json == null) {
            throw new BundleFormatException("notice is missing");
        }
        JsonNode tree = CanonicalJson.read(json.getBytes(StandardCharsets.UTF_8), "notice");
        StrictObject node = StrictObject.of(tree, "notice", FIELDS);
        try {
            return new Notice(node.longInteger("sequence"), node.strings("accounts"), node.bool("full"));
        } catch (BundleFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException("notice: " + e.getMessage(), e);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
