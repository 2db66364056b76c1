package io.edgeworks.api.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The scopes of an account API token, and the one rule that applies them ({@link #denial}). A token never has more
 * rights than its creator's current role in its account ({@link AccessGuard} checks that first); the scopes narrow it:
 * <ul>
 *   <li>{@code read}: viewer-level reads of the account;</li>
 *   <li>{@code deploy}: reads plus developer-level writes (services, environments, versions, deployments, rollback,
 *       promote, secrets, vars, bindings, triggers, KV values) and routes;</li>
 *   <li>{@code deploy:<glob>}: reads plus those writes on environments whose name matches the glob ({@code *} matches
 *       any run of characters, e.g. {@code preview-*}); writes that concern no single environment are refused;</li>
 *   <li>{@code tail}: starting live tails only (no reads);</li>
 *   <li>{@code admin}: everything the creator may do, except managing API tokens (a token never mints or revokes
 *       tokens, so a leaked one cannot make itself permanent).</li>
 * </ul>
 */
public final class TokenScopes {
    public static final String READ = "read";
    public static final String DEPLOY = "deploy";
    public static final String TAIL = "tail";
    public static final String ADMIN = "admin";
    /** Scopes one token may carry. */
    public static final int MAX_SCOPES = 20;

    private static final Pattern GLOB = Pattern.compile("[a-z0-9*-]{1,63}");

    /** What a call needs from a token. */
    public enum Need {
        READ, DEPLOY, TAIL, ADMIN;

        /** The need of a call that users make with {@code role}. */
        static Need of(Role role) {
            return switch (role) {
                case VIEWER -> READ;
                case DEVELOPER -> DEPLOY;
                case ADMIN, OWNER -> ADMIN;
            };
        }
    }

    private final List<String> values;
    private final boolean read;
    private final boolean deploy;
    private final boolean tail;
    private final boolean admin;
    private final List<String> environmentGlobs;
    private final List<Pattern> environments;

    private TokenScopes(List<String> values) {
        this.values = List.copyOf(values);
        this.read = values.contains(READ);
        this.deploy = values.contains(DEPLOY);
        this.tail = values.contains(TAIL);
        this.admin = values.contains(ADMIN);
        this.environmentGlobs = values.stream().filter(v -> v.startsWith(DEPLOY + ":")).map(v -> v.substring(DEPLOY.length() + 1)).toList();
        this.environments = environmentGlobs.stream().map(TokenScopes::compile).toList();
    }

    /**
     * Parses and normalises (sorted, without duplicates) the scopes a client asked for.
     *
     * @throws IllegalArgumentException naming the first bad scope and the grammar
     */
    public static TokenScopes parse(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new IllegalArgumentException("is required: one or more of " + grammar());
        }
        if (requested.size() > MAX_SCOPES) {
            throw new IllegalArgumentException("has " + requested.size() + " entries, at most " + MAX_SCOPES + " are allowed");
        }
        TreeSet<String> normalised = new TreeSet<>();
        for (String scope : requested) {
            String s = scope == null ? "" : scope.strip().toLowerCase(Locale.ROOT);
            boolean known = s.equals(READ) || s.equals(DEPLOY) || s.equals(TAIL) || s.equals(ADMIN)
                    || (s.startsWith(DEPLOY + ":") && GLOB.matcher(s.substring(DEPLOY.length() + 1)).matches());
            if (!known) {
                throw new IllegalArgumentException("'" + scope + "' is not a scope; use " + grammar());
            }
            normalised.add(s);
        }
        return new TokenScopes(new ArrayList<>(normalised));
    }

    /** Reads scopes as stored (space-separated, already normalised). */
    public static TokenScopes stored(String spaceSeparated) {
        return parse(List.of(spaceSeparated.strip().split("\\s+")));
    }

    public static String grammar() {
        return "'read', 'deploy', 'deploy:<environment glob>' (e.g. 'deploy:preview-*'), 'tail', 'admin'";
    }

    public List<String> values() {
        return values;
    }

    public String stored() {
        return String.join(" ", values);
    }

    /** The highest role a call through this token acts with, given its creator's current role. */
    public Role cap(Role creator) {
        Role scopeRole = admin ? Role.OWNER : (deploy || !environments.isEmpty()) ? Role.DEVELOPER : Role.VIEWER;
        return creator.atLeast(scopeRole) ? scopeRole : creator;
    }

    /**
     * Why these scopes do not allow a call that needs {@code need} (on {@code environment}, or null when the call
     * concerns no single environment); null when they do. {@code token} names the token in the message.
     */
    public String denial(String token, Need need, String environment) {
        if (admin) {
            return null;
        }
        return switch (need) {
            case READ -> read || deploy || !environments.isEmpty() ? null
                    : token + " has scopes " + values + "; this call needs scope 'read' (or 'deploy' or 'admin')";
            case TAIL -> tail ? null : token + " has scopes " + values + "; starting a live tail needs scope 'tail' (or 'admin')";
            case ADMIN -> token + " has scopes " + values + "; this call needs scope 'admin'";
            case DEPLOY -> deployDenial(token, environment);
        };
    }

    private String deployDenial(String token, String environment) {
        if (deploy) {
            return null;
        }
        if (environments.isEmpty()) {
            return token + " has scopes " + values + "; this call needs scope 'deploy' (or 'admin')";
        }
        String restriction = "may change only environments matching " + String.join(", ", environmentGlobs.stream()
                .map(g -> "'" + g + "'").toList()) + " (scope " + String.join(", ", environmentGlobs.stream()
                .map(g -> "'deploy:" + g + "'").toList()) + ")";
        if (environment == null) {
            return token + " " + restriction + "; this call changes no single environment and needs scope 'deploy' (or 'admin')";
        }
        if (environments.stream().anyMatch(p -> p.matcher(environment).matches())) {
            return null;
        }
        return token + " " + restriction + "; environment '" + environment + "' does not match";
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenScopes other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
