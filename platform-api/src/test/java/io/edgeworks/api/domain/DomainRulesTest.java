package io.edgeworks.api.domain;

import io.edgeworks.api.common.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Public Suffix List rules and the address filter of the HTTP proof, without a server. */
class DomainRulesTest {

    @Test
    void registrableDomainsFollowThePublicSuffixList() {
        assertEquals("example.com", PublicSuffixes.registrableDomain("shop.example.com"));
        assertEquals("example.co.uk", PublicSuffixes.registrableDomain("a.b.example.co.uk"));
        assertEquals("me.github.io", PublicSuffixes.registrableDomain("api.me.github.io"));
        // a top-level label the list does not know: its default rule '*'
        assertEquals("acme.test", PublicSuffixes.registrableDomain("shop.acme.test"));
        for (String suffix : List.of("com", "co.uk", "github.io", "s3.amazonaws.com", "test")) {
            ProblemException e = assertThrows(ProblemException.class, () -> PublicSuffixes.registrableDomain(suffix), suffix);
            assertEquals(400, e.status());
        }
    }

    @Test
    void theHttpProofStaysOffNonPublicAddresses() {
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "0.0.0.0", "::1", "fd00::1", "fe80::1", "not-an-ip")) {
            assertTrue(Proofs.isPrivate(ip), ip);
        }
        for (String ip : List.of("93.184.216.34", "8.8.8.8", "100.128.0.1", "2606:4700::1111")) {
            assertFalse(Proofs.isPrivate(ip), ip);
        }
    }
}
