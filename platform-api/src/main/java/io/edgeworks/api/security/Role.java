package io.edgeworks.api.security;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A member's role in an account, strongest first. Each role may do what the weaker roles may. */
public enum Role {
    OWNER, ADMIN, DEVELOPER, VIEWER;

    public boolean atLeast(Role required) {
        return ordinal() <= required.ordinal();
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.id().equals(value)).findFirst();
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
