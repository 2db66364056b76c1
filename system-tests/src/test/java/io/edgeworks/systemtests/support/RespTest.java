package io.edgeworks.systemtests.support;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RespTest {

    @Test
    void commandIsAnArrayOfBulkStrings() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Resp.writeCommand(out, List.of(bytes("HGET"), bytes("edgeworks:state:manifests"), bytes("é")));
        assertEquals("*3\r\n$4\r\nHGET\r\n$25\r\nedgeworks:state:manifests\r\n$2\r\né\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryReplyType() throws IOException {
        assertEquals("OK", read("+OK\r\n"));
        assertEquals(42L, read(":42\r\n"));
        assertArrayEquals(bytes("a\r\nb"), (byte[]) read("$4\r\na\r\nb\r\n"));
        assertNull(read("$-1\r\n"));
        assertNull(read("*-1\r\n"));
        List<?> array = (List<?>) read("*3\r\n$7\r\nmessage\r\n:1\r\n*0\r\n");
        assertArrayEquals(bytes("message"), (byte[]) array.get(0));
        assertEquals(1L, array.get(1));
        assertEquals(List.of(), array.get(2));
    }

    @Test
    void errorReplyIsThrownWithItsText() {
        RedisConnection.RedisError error = assertThrows(RedisConnection.RedisError.class, () -> read("-ERR unknown command\r\n"));
        assertEquals("ERR unknown command", error.getMessage());
    }

    @Test
    void truncatedOrForeignInputIsRefused() {
        assertThrows(EOFException.class, () -> read("$10\r\nshort\r\n"));
        assertThrows(EOFException.class, () -> read(""));
        assertThrows(IOException.class, () -> read("HTTP/1.1 400 Bad Request\r\n"));
    }

    private static Object read(String wire) throws IOException {
        return Resp.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
