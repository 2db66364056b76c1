package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KV write stream's entry fields, versions and acknowledgements ({@link KvWrite}, {@link KvVersion}). */
class KvWriteTest {
    private static final UUID NS = UUID.fromString("4f1c2e9a-0b7d-4c38-9d52-1a2b3c4d5e6f");

    @Test
    void versionsOrderByMillisThenSequenceAndRoundTrip() {
        KvVersion a = KvVersion.parse("1764700000000-0");
        KvVersion b = KvVersion.parse("1764700000000-7");
        KvVersion c = KvVersion.parse("1764700000001-0");
        assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0 && c.compareTo(a) > 0);
        assertEquals(0, b.compareTo(new KvVersion(1764700000000L, 7)));
        assertEquals("1764700000000-7", b.toString());
        assertEquals(b, KvVersion.parse(b.toString()));
        // the sequence is a number, not text: 10 comes after 9
        assertTrue(KvVersion.parse("5-9").compareTo(KvVersion.parse("5-10")) < 0);
    }

    @Test
    void malformedVersionsAreRefusedWithTheirText() {
        for (String bad : new String[]{"", "12", "-3", "3-", "a-1", "1-b", "1--2"}) {
            BundleFormatException e = assertThrows(BundleFormatException.class, () -> KvVersion.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(BundleFormatException.class, () -> KvVersion.parse(null));
    }

    @Test
    void decodesAPutWithBinaryValue() {
        byte[] value = {0, 1, (byte) 0xff, 'x'};
        KvWrite write = KvWrite.decode("17-2", fields("put", "ké/y", value, "node-1", "42"));
        assertEquals(new KvVersion(17, 2), write.version());
        assertEquals(NS, write.namespace());
        assertEquals(KvWrite.Op.PUT, write.op());
        assertEquals("ké/y", write.key());
        assertArrayEquals(value, write.value());
        assertTrue(write.acknowledged());
    }

    @Test
    void aDeleteHasNoValueAndApiWritesAreNotAcknowledged() {
        KvWrite write = KvWrite.decode("17-3", fields("delete", "k", new byte[0], KvWrite.API_WRITER, "0"));
        assertEquals(KvWrite.Op.DELETE, write.op());
        assertNull(write.value());
        assertFalse(write.acknowledged());
    }

    @Test
    void decodeNamesTheMissingOrBadField() {
        Map<String, byte[]> noKey = fields("put", "k", new byte[0], "n", "1");
        noKey.remove("key");
        assertEquals("KV write 1-1 has no field 'key'", assertThrows(BundleFormatException.class, () -> KvWrite.decode("1-1", noKey)).getMessage());
        Map<String, byte[]> badNs = fields("put", "k", new byte[0], "n", "1");
        badNs.put("ns", "not-a-uuid".getBytes(StandardCharsets.UTF_8));
        assertEquals("KV write 1-1: ns is not a UUID", assertThrows(BundleFormatException.class, () -> KvWrite.decode("1-1", badNs)).getMessage());
        assertEquals("KV write op 'upsert' is neither put nor delete",
                assertThrows(BundleFormatException.class, () -> KvWrite.decode("1-1", fields("upsert", "k", new byte[0], "n", "1"))).getMessage());
        Map<String, byte[]> noValue = fields("put", "k", new byte[0], "n", "1");
        noValue.remove("value");
        assertThrows(BundleFormatException.class, () -> KvWrite.decode("1-1", noValue));
    }

    @Test
    void acknowledgementsCarryTicketsAndRefuseOddOnes() {
        assertEquals("1,2,abc-_9", KvWrite.ackMessage(List.of("1", "2", "abc-_9")));
        assertEquals(List.of("1", "2", "abc-_9"), KvWrite.parseAck("1,2,abc-_9"));
        assertThrows(BundleFormatException.class, () -> KvWrite.parseAck(""));
        assertThrows(BundleFormatException.class, () -> KvWrite.parseAck("1,,2"));
        assertThrows(BundleFormatException.class, () -> KvWrite.ackMessage(List.of("a,b")));
        assertThrows(BundleFormatException.class, () -> KvWrite.checkTicket("x".repeat(65)));
        assertEquals(RedisLayout.KV_ACK_PREFIX + "node-1", RedisLayout.kvAckChannel("node-1"));
        assertThrows(BundleFormatException.class, () -> RedisLayout.kvAckChannel("node:1"));
    }

    private static Map<String, byte[]> fields(String op, String key, byte[] value, String writer, String ticket) {
        Map<String, byte[]> fields = new HashMap<>();
        fields.put("ns", NS.toString().getBytes(StandardCharsets.UTF_8));
        fields.put("op", op.getBytes(StandardCharsets.UTF_8));
        fields.put("key", key.getBytes(StandardCharsets.UTF_8));
        fields.put("value", value);
        fields.put("writer", writer.getBytes(StandardCharsets.UTF_8));
        fields.put("ticket", ticket.getBytes(StandardCharsets.UTF_8));
        return fields;
    }
}
