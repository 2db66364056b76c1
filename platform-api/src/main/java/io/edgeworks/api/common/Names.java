package io.edgeworks.api.common;

import java.util.regex.Pattern;

/** Name formats shared by the features. */
public final class Names {
    /** A DNS label: lower-case letters, digits and '-', no leading or trailing '-', at most 63 characters. */
    public static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** A name in a worker's {@code env}: vars, secrets and bindings. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** A username as it appears in tokens. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,255}");

    public static final String LABEL_RULE =
            "must be 1-63 characters of a-z, 0-9 and '-', not starting or ending with '-'";
    public static final String IDENTIFIER_RULE =
            "must match [A-Za-z_][A-Za-z0-9_]* (at most 128 characters)";

    private Names() {
    }

    /** Adds an error to {@code errors} unless {@code value} is a valid DNS label. */
    public static void checkLabel(FieldErrors errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required");
        } else if (!LABEL.matcher(value).matches()) {
            errors.add(field, "'" + value + "' " + LABEL_RULE);
        }
    }

    public static boolean isIdentifier(String value) {
        return value != null && IDENTIFIER.matcher(value).matches();
    }
}
