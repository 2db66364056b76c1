package io.edgeworks.admin.client;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The filters of a live-log view, checked, in the words of {@code wrangler tail}: {@code status} {@code ok},
 * {@code error} (an exception or an exceeded limit) or {@code canceled}; one HTTP {@code method}; a {@code search}
 * text matched against the event (URL, console lines, exception); a {@code samplingRate} from 0 (exclusive) to 1.
 * Blank means "all". The edge nodes apply them, so filtered-out requests cost nothing there.
 */
public record TailQuery(String status, String method, String search, double samplingRate) {
    public static final int MAX_SEARCH = 200;
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    public TailQuery {
        status = blankToNull(status);
        method = blankToNull(method);
        search = blankToNull(search);
        if (status != null && !List.of("ok", "error", "canceled").contains(status)) {
            throw new IllegalArgumentException("status must be ok, error or canceled, got '" + status + "'");
        }
        if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!METHOD.matcher(method).matches()) {
                throw new IllegalArgumentException("method must be an HTTP method such as GET, got '" + method + "'");
            }
        }
        if (search != null && search.length() > MAX_SEARCH) {
            throw new IllegalArgumentException("the search text is at most " + MAX_SEARCH + " characters");
        }
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("the sampling rate must be greater than 0 and at most 1, got " + samplingRate);
        }
    }

    /** From the page's query parameters; {@code sampling} blank means 1 (every request). */
    public static TailQuery of(String status, String method, String search, String sampling) {
        double rate;
        try {
            rate = sampling == null || sampling.isBlank() ? 1.0 : Double.parseDouble(sampling.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the sampling rate must be a number from 0 to 1, got '" + sampling + "'");
        }
        return new TailQuery(status, method, search, rate);
    }

    /** The tail outcomes {@code status} stands for (wrangler's mapping); empty: every outcome. */
    public List<String> outcomes() {
        if (status == null) {
            return List.of();
        }
        return switch (status) {
            case "ok" -> List.of("ok");
            case "canceled" -> List.of("canceled");
            default -> List.of("exception", "exceededCpu", "exceededMemory", "unknown");
        };
    }

    public List<String> methods() {
        return method == null ? List.of() : List.of(method);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
