package io.edgeworks.api.common;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Converts the column values that native queries return. */
public final class Rows {
    private Rows() {
    }

    public static UUID uuid(Object value) {
        return value == null ? null : value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case OffsetDateTime o -> o.toInstant();
            case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
            case java.util.Date d -> d.toInstant();
            default -> Instant.parse(value.toString());
        };
    }

    public static int integer(Object value) {
        return ((Number) value).intValue();
    }

    public static long longValue(Object value) {
        return ((Number) value).longValue();
    }

    public static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
