package io.edgeworks.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The account manifest's canonical bytes and signed envelope, pinned by golden files. */
class ManifestCodecTest {
    private static final byte[] GOLDEN = Fixtures.resource("golden/representative-manifest.json");
    private static final byte[] GOLDEN_ENVELOPE = Fixtures.resource("golden/representative-manifest.envelope.json");

    @Test
    void encodesTheRepresentativeManifestToTheCommittedGoldenBytes() {
        assertArrayEquals(GOLDEN, ManifestCodec.encode(Fixtures.representativeManifest()),
                () -> "canonical encoding changed:\n" + new String(ManifestCodec.encode(Fixtures.representativeManifest()), StandardCharsets.UTF_8));
        assertEquals(Fixtures.representativeManifest(), ManifestCodec.decode(GOLDEN));
    }

    @Test
    void goldenBytesShowTheRules() {
        String json = new String(GOLDEN, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"account\":\"acme\",\"base_domain\":\"edgeworks.localhost\",\"certificates\":{\"shop.example\":{\"chain\":\"-----BEGIN CERTIFICATE-----\\n"),
                "keys sorted");
        assertTrue(json.contains("\"domains\":[\"acme.test\",\"shop.example\"],"), "domains sorted");
        assertTrue(json.contains("\"routes\":[{\"environment\":\"acme/hello/production\",\"id\":\"r1-shop\""), "routes by id");
        assertTrue(json.endsWith(",\"sequence\":42}"));
    }

    @Test
    void signsDeterministicallyToTheGoldenEnvelopeAndVerifies() {
        SignedBundle signed = new BundleSigner(Fixtures.keyId(), Fixtures.signingKey()).sign(Fixtures.representativeManifest());
        assertArrayEquals(GOLDEN_ENVELOPE, signed.toBytes(), () -> new String(signed.toBytes(), StandardCharsets.UTF_8));
        BundleVerifier verifier = new BundleVerifier(Map.of(Fixtures.keyId(), Fixtures.publicKey()));
        assertEquals(Fixtures.representativeManifest(), verifier.verifyManifest(GOLDEN_ENVELOPE));
    }

    @Test
    void aTamperedManifestDoesNotVerify() {
        BundleVerifier verifier = new BundleVerifier(Map.of(Fixtures.keyId(), Fixtures.publicKey()));
        SignedBundle signed = SignedBundle.fromBytes(GOLDEN_ENVELOPE);
        String payload = new String(signed.payload(), StandardCharsets.UTF_8).replace("\"shop.example\"", "\"victim.example\"");
        SignedBundle tampered = new SignedBundle(signed.keyId(), payload.getBytes(StandardCharsets.UTF_8), signed.signature());
        BundleVerificationException e = assertThrows(BundleVerificationException.class, () -> verifier.verifyManifest(tampered));
        assertEquals(BundleVerificationException.Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void aSignedBundleIsNotAManifestNorTheOtherWayRound() {
        BundleSigner signer = new BundleSigner(Fixtures.keyId(), Fixtures.signingKey());
        BundleVerifier verifier = new BundleVerifier(Map.of(Fixtures.keyId(), Fixtures.publicKey()));
        SignedBundle bundle = signer.sign(Fixtures.representativeBundle());
        assertEquals(BundleVerificationException.Reason.MALFORMED,
                assertThrows(BundleVerificationException.class, () -> verifier.verifyManifest(bundle)).reason());
        assertEquals(BundleVerificationException.Reason.MALFORMED,
                assertThrows(BundleVerificationException.class, () -> verifier.verify(SignedBundle.fromBytes(GOLDEN_ENVELOPE))).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"sequence\":42|\"sequence\":0|sequence must be >= 1",
            "\"acme/hello/production\":\"a1a1|\"other/hello/production\":\"a1a1|is not of account acme",
            "\"format\":1|\"format\":1,\"extra\":1|unknown field(s) [extra]",
            "\"id\":\"r1-shop\",|\"id\":\"r2-wild\",|appears twice",
            "\"hello.acme.edgeworks.localhost\":\"acme/hello/production\"|\"hello.acme.edgeworks.localhost\":\"acme/nope/production\"|not deployed",
            "\"certificates\":{\"shop.example\"|\"certificates\":{\"victim.example\"|not one of the account's domains",
            "\"chain\":\"-----BEGIN CERTIFICATE-----|\"chain\":\"-----BEGIN NOTHING-----|must be PEM certificates",
            "{\"ciphertext\":|{\"extra\":1,\"ciphertext\":|unknown field(s) [extra]",
            "\"https_redirects\":[\"shop.example\"]|\"https_redirects\":[\"victim.example\"]|not one of the account's domains",
            "\"crons\":{\"acme/hello/production\"|\"crons\":{\"acme/nope/production\"|which is not deployed",
            "\"crons\":{\"acme/hello/production\":[\"*/5 * * * *\",\"30 9 * * MON-FRI\"]|\"crons\":{\"acme/hello/production\":[]|are empty",
            "\"crons\":{\"acme/hello/production\":[\"*/5 * * * *\",|\"crons\":{\"acme/hello/production\":[5,|expected a string",
            "\"crons\":{\"acme/hello/production\":[\"*/5 * * * *\",\"30 9 * * MON-FRI\"]|\"crons\":{\"acme/hello/production\":\"*/5 * * * *\"|expected an array",
    })
    void decodeRejectsBrokenManifestsNamingWhatIsWrong(String caseSpec) {
        String[] parts = caseSpec.split("\\|");
        String golden = new String(GOLDEN, StandardCharsets.UTF_8);
        assertTrue(golden.contains(parts[0]), "fixture contains " + parts[0]);
        byte[] broken = golden.replaceFirst(java.util.regex.Pattern.quote(parts[0]),
                java.util.regex.Matcher.quoteReplacement(parts[1])).getBytes(StandardCharsets.UTF_8);
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ManifestCodec.decode(broken));
        assertTrue(e.getMessage().contains(parts[2]), () -> "expected '" + parts[2] + "' in: " + e.getMessage());
    }

    @Test
    void theCertificateKeyOpensOnlyForItsAccountAndDomain() {
        AccountManifest.Certificate certificate = ManifestCodec.decode(GOLDEN).certificates().get("shop.example");
        SecretSealer sealer = Fixtures.sealer();
        assertEquals(Fixtures.CERTIFICATE_KEY_PEM, sealer.open(certificate.key(), SecretContext.certificateKey("acme", "shop.example")));
        assertThrows(IllegalArgumentException.class, () -> sealer.open(certificate.key(), SecretContext.certificateKey("other", "shop.example")));
        assertThrows(IllegalArgumentException.class, () -> sealer.open(certificate.key(), SecretContext.certificateKey("acme", "acme.test")));
    }

    @Test
    void aManifestFromBeforeCertificatesDecodesWithNone() {
        String golden = new String(GOLDEN, StandardCharsets.UTF_8);
        String old = golden.replaceFirst("\"certificates\":\\{.*?\\}\\}\\},", "");
        assertFalse(old.contains("certificates"), old);
        assertEquals(Map.of(), ManifestCodec.decode(old.getBytes(StandardCharsets.UTF_8)).certificates());
    }

    @Test
    void aManifestFromBeforeHttpsRedirectsDecodesWithNone() {
        String golden = new String(GOLDEN, StandardCharsets.UTF_8);
        String old = golden.replace("\"https_redirects\":[\"shop.example\"],", "");
        assertFalse(old.contains("https_redirects"), old);
        assertEquals(List.of(), ManifestCodec.decode(old.getBytes(StandardCharsets.UTF_8)).httpsRedirects());
        assertEquals(List.of("shop.example"), ManifestCodec.decode(GOLDEN).httpsRedirects());
    }

    @Test
    void aManifestFromBeforeCronsDecodesWithNoneAndOneWithoutCronsKeepsItsOldBytes() {
        String golden = new String(GOLDEN, StandardCharsets.UTF_8);
        String old = golden.replace("\"crons\":{\"acme/hello/production\":[\"*/5 * * * *\",\"30 9 * * MON-FRI\"]},", "");
        assertFalse(old.contains("crons"), old);
        AccountManifest decoded = ManifestCodec.decode(old.getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(), decoded.crons());
        assertEquals(old, new String(ManifestCodec.encode(decoded), StandardCharsets.UTF_8),
                "no crons: the member is not written, so manifests without triggers keep the bytes (and sequence) they had");
        assertEquals(Map.of("acme/hello/production", List.of("*/5 * * * *", "30 9 * * MON-FRI")), ManifestCodec.decode(GOLDEN).crons(),
                "sorted");
    }

    @Test
    void unknownFormatIsUnsupported() {
        String golden = new String(GOLDEN, StandardCharsets.UTF_8);
        BundleFormatException e = assertThrows(BundleFormatException.class,
                () -> ManifestCodec.decode(golden.replace("\"format\":1", "\"format\":2").getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.unsupportedFormat());
    }

    @Test
    void ownershipRules() {
        AccountManifest m = Fixtures.representativeManifest();
        assertTrue(m.ownsHostname("hello.acme.edgeworks.localhost"));
        assertFalse(m.ownsHostname("hello.other.edgeworks.localhost"), "another account's label");
        assertFalse(m.ownsHostname("a.b.acme.edgeworks.localhost"), "one label only");
        assertFalse(m.ownsHostname("acme.edgeworks.localhost"));
        assertTrue(m.ownsRoute(RoutePattern.parse("*.acme.test/*")));
        assertTrue(m.ownsRoute(RoutePattern.parse("deep.shop.example/x")));
        assertFalse(m.ownsRoute(RoutePattern.parse("*tim1.example/*")), "not a domain of the account");
        assertFalse(m.ownsRoute(RoutePattern.parse("*hop.example/*")), "hop.example is not the account's domain");
        assertEquals(List.of("acme.test", "shop.example"), m.domains());
    }
}
