package io.edgeworks.api.domain;

import com.google.common.net.InternetDomainName;
import io.edgeworks.api.common.ProblemException;

import java.util.List;

/**
 * Names an account may claim, by the Public Suffix List (Guava's {@link InternetDomainName}, both the
 * ICANN and the private section): a public suffix itself ({@code com}, {@code co.uk}, {@code github.io})
 * is refused, so is a name not under one. A name whose top-level label the list does not know (a TLD
 * delegated after the list was built, or {@code .test}, {@code .internal}) follows the list's default
 * rule {@code *}: its last label is the public suffix.
 */
final class PublicSuffixes {
    private PublicSuffixes() {
    }

    /**
     * The registrable domain of {@code name} (public suffix plus one label, e.g. {@code example.co.uk}
     * for {@code shop.example.co.uk}); overlapping names always share it. 400 when {@code name} is a
     * public suffix or not under one.
     */
    static String registrableDomain(String name) {
        InternetDomainName domain;
        try {
            domain = InternetDomainName.from(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("name", "'" + name + "' is not a domain name: " + e.getMessage());
        }
        if (domain.isPublicSuffix()) {
            throw ProblemException.invalid("name", "'" + name + "' is a public suffix (Public Suffix List): claim a name registered under it, like 'example." + name + "'");
        }
        if (domain.isUnderPublicSuffix()) {
            return domain.topPrivateDomain().toString();
        }
        if (domain.hasPublicSuffix()) {
            // under a listed suffix yet not below it: cannot happen by the list's rules, refuse rather than guess
            throw ProblemException.invalid("name", "'" + name + "' is not under a public suffix");
        }
        List<String> parts = domain.parts();
        if (parts.size() < 2) {
            throw ProblemException.invalid("name", "'" + name + "' is a top-level domain");
        }
        return parts.get(parts.size() - 2) + "." + parts.getLast();
    }
}
