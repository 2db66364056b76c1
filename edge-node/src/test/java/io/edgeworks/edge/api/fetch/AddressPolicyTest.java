package io.edgeworks.edge.api.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The private-address policy of fetch(), as a table: each address and the start of why it is refused (or "allowed"). */
class AddressPolicyTest {
    /** 203.0.114.7 and 2a01:4f8::7 stand for public addresses of this node (fixed, so the table does not depend on the machine). */
    private static final AddressPolicy POLICY = new AddressPolicy(false,
            NodeAddresses.of(List.of(InetAddress.ofLiteral("203.0.114.7"), InetAddress.ofLiteral("2a01:4f8::7"))));

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # IPv4
            93.184.216.34           | allowed
            8.8.8.8                 | allowed
            0.0.0.0                 | unspecified address 0.0.0.0
            0.1.2.3                 | unspecified address
            10.0.0.1                | private address 10.0.0.1
            172.16.5.4              | private address
            172.31.255.255          | private address
            172.32.0.1              | allowed
            192.168.1.1             | private address
            100.64.0.1              | shared (carrier-grade NAT) address
            100.127.255.255         | shared (carrier-grade NAT) address
            100.128.0.1             | allowed
            127.0.0.1               | loopback address 127.0.0.1
            127.255.0.9             | loopback address
            169.254.169.254         | link-local address 169.254.169.254
            192.0.0.170             | reserved address
            192.0.2.1               | documentation address
            198.51.100.1            | documentation address
            203.0.113.1             | documentation address
            192.88.99.1             | reserved address
            198.18.0.1              | reserved address
            198.19.255.1            | reserved address
            224.0.0.1               | multicast address
            239.255.255.250         | multicast address
            240.0.0.1               | reserved address
            255.255.255.255         | reserved address
            203.0.114.7             | this node's own address 203.0.114.7
            # IPv6
            2606:4700::1111         | allowed
            2a01:4f8::8             | allowed
            ::                      | unspecified address
            ::1                     | loopback address
            fd00::1                 | unique-local address
            fc00::1                 | unique-local address
            fe80::1                 | link-local address
            febf::1                 | link-local address
            fec0::1                 | site-local address (deprecated)
            ff02::1                 | multicast address
            100::1                  | discard-only address
            100:0:0:1::1            | allowed
            2001:db8::1             | documentation address
            3fff:fff::1             | documentation address
            2001:2::1               | reserved address
            2001:20::1              | reserved address
            2a01:4f8::7             | this node's own address
            # IPv4 inside IPv6
            ::ffff:8.8.8.8          | allowed
            ::ffff:0:a00:1          | private address 10.0.0.1 (as IPv4-translated
            ::ffff:0:808:808        | allowed
            ::127.0.0.1             | IPv4-compatible address (deprecated)
            ::10.0.0.1              | IPv4-compatible address (deprecated)
            ::8.8.8.8               | IPv4-compatible address (deprecated)
            64:ff9b::7f00:1         | loopback address 127.0.0.1 (as NAT64 64:ff9b:0:0:0:0:7f00:1)
            64:ff9b::a9fe:a9fe      | link-local address 169.254.169.254 (as NAT64
            64:ff9b::c0a8:101       | private address 192.168.1.1 (as NAT64
            64:ff9b::cb00:7207      | this node's own address 203.0.114.7 (as NAT64
            64:ff9b::808:808        | allowed
            64:ff9b:1::808:808      | local-use NAT64 address
            64:ff9b:1:ffff::1       | local-use NAT64 address
            2002:7f00:1::1          | loopback address 127.0.0.1 (as 6to4
            2002:a00:1::            | private address 10.0.0.1 (as 6to4
            2002:a9fe:a9fe::1       | link-local address 169.254.169.254 (as 6to4
            2002:808:808::1         | allowed
            2001:0:a00:1::1         | private address 10.0.0.1 (as Teredo server
            2001:0:4136:e378:8000:63bf:80ff:fffe | loopback address 127.0.0.1 (as Teredo client
            2001:0:4136:e378:8000:63bf:f7f7:f7f7 | allowed
            2001:0:4136:e378:8000:63bf:3fff:fdd2 | documentation address 192.0.2.45 (as Teredo client
            """)
    void refusesWhatIsNotAPublicAddressOfAnotherMachine(String address, String expected) {
        String refused = POLICY.check(InetAddress.ofLiteral(address));
        if (expected.equals("allowed")) {
            assertNull(refused, address);
        } else {
            assertNotNull(refused, address + " should be refused");
            assertTrue(refused.startsWith(expected), address + ": " + refused);
        }
    }

    @Test
    void refusesTheAddressesOfThisMachinesInterfaces() throws Exception {
        AddressPolicy scanned = new AddressPolicy(false, NodeAddresses.scan());
        NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses).forEach(a ->
                assertNotNull(scanned.check(a), a + " is this machine's"));
    }

    @Test
    void allowPrivateAllowsEverything() {
        AddressPolicy open = new AddressPolicy(true, NodeAddresses.of(List.of(InetAddress.ofLiteral("127.0.0.1"))));
        assertNull(open.check(InetAddress.ofLiteral("127.0.0.1")));
        assertNull(open.check(InetAddress.ofLiteral("64:ff9b::a00:1")));
        assertEquals("loopback address 127.0.0.1", new AddressPolicy(false, NodeAddresses.of(List.of()))
                .check(InetAddress.ofLiteral("127.0.0.1")));
    }
}
