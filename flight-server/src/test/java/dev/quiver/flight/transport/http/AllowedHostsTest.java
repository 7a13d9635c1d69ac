package dev.quiver.flight.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which {@code Host} values the HTTP endpoint answers ({@code --allowed-hosts}, M10 of the security review). */
class AllowedHostsTest {
    @Test
    void byDefaultOnlyLocalhostAndAddressLiteralsAreAllowed() {
        AllowedHosts hosts = AllowedHosts.DEFAULT;

        assertThat(hosts.allows("localhost")).isTrue();
        assertThat(hosts.allows("LocalHost:8080")).isTrue();
        assertThat(hosts.allows("127.0.0.1:8080")).isTrue();
        assertThat(hosts.allows("[::1]:8080")).isTrue();
        assertThat(hosts.allows("10.1.2.3")).isTrue(); // an address names no DNS record an attacker could rebind
        assertThat(hosts.allows(null)).isTrue(); // HTTP/1.0 tools; a browser always sends Host
        assertThat(hosts.allows("evil.example")).isFalse();
        assertThat(hosts.allows("127.0.0.1.nip.io")).isFalse();
        assertThat(hosts.allows("localhost.evil.example:8080")).isFalse();
        assertThat(hosts.allows("")).isFalse();
    }

    @Test
    void listedNamesAndTheBindAddressAreAllowedCaseInsensitivelyWithOrWithoutPortOrTrailingDot() {
        AllowedHosts hosts = AllowedHosts.parse(" quiver.internal ,Reports.Example.com").and("db-box");

        assertThat(hosts.allows("quiver.internal")).isTrue();
        assertThat(hosts.allows("QUIVER.internal.:8080")).isTrue();
        assertThat(hosts.allows("reports.example.com:443")).isTrue();
        assertThat(hosts.allows("db-box:8080")).isTrue();
        assertThat(hosts.allows("example.com")).isFalse();
    }

    @Test
    void aWildcardBindAddressAddsNothingAndAStarAllowsAnyName() {
        assertThat(AllowedHosts.DEFAULT.and("0.0.0.0").allows("0.0.0.0.evil.example")).isFalse();
        assertThat(AllowedHosts.parse("*").allows("evil.example")).isTrue();
        assertThat(AllowedHosts.parse("a.example,*").any()).isTrue();
        assertThat(AllowedHosts.parse("  ")).isSameAs(AllowedHosts.DEFAULT);
    }

    @Test
    void aValueThatIsNotAHostNameIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> AllowedHosts.parse("https://quiver.internal"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allowed-hosts")
                .hasMessageContaining("without scheme or port");
        assertThatThrownBy(() -> AllowedHosts.parse("quiver.internal:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allowed-hosts");
    }
}
