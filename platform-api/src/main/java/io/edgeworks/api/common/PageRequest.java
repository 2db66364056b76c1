package io.edgeworks.api.common;

import io.edgeworks.api.config.PlatformConfig;

/**
 * {@code ?limit=N&before=<cursor>} of a long list. The cursor is the position (version number, deployment
 * sequence, audit id) of the last item of the previous page; items strictly older than it are returned.
 */
public record PageRequest(int limit, Long before) {

    public static PageRequest of(Integer limit, String before, PlatformConfig config) {
        FieldErrors errors = new FieldErrors();
        int max = config.pagination().maxLimit();
        int size = limit == null ? config.pagination().defaultLimit() : limit;
        if (size < 1 || size > max) {
            errors.add("limit", "must be between 1 and " + max + ", got " + size);
        }
        Long cursor = null;
        if (before != null && !before.isBlank()) {
            try {
                cursor = Long.parseLong(before.trim());
            } catch (NumberFormatException e) {
                errors.add("before", "must be a cursor from a previous page (a number), got '" + before + "'");
            }
        }
        errors.throwIfAny();
        return new PageRequest(size, cursor);
    }

    /** The cursor as a bound for "strictly older than", {@link Long#MAX_VALUE} on the first page. */
    public long beforeOrMax() {
        return before == null ? Long.MAX_VALUE : before;
    }
}
