package io.edgeworks.edge.server;

import io.edgeworks.bundle.AccountManifest;
import io.edgeworks.edge.config.EdgeConfig;
import io.edgeworks.edge.graph.ServiceGraph;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Custom domains whose plain-HTTP requests this node answers with {@code 308} to the same URL over HTTPS: those
 * an applied manifest lists in {@code https_redirects} and for which the node holds a usable certificate (so a
 * redirect never sends a client to a handshake that fails). The paths the platform needs on HTTP stay there:
 * ACME HTTP-01 ({@code /.well-known/acme-challenge/}, renewals) and the domain proof
 * ({@code /.well-known/edgeworks-challenge/}). The Location's port is {@code edge.tls.public-port} (the port
 * clients reach HTTPS on; default the listener's own, omitted when 443).
 */
@ApplicationScoped
public class HttpsRedirects {
    private static final String ACME = "/.well-known/acme-challenge/";
    private static final String PROOF = "/.well-known/edgeworks-challenge/";

    private final String portSuffix;
    private volatile Set<String> hosts = Set.of();

    @jakarta.inject.Inject
    public HttpsRedirects(EdgeConfig config) {
        this(config.tls().publicPort().orElse(config.tls().port()));
    }

    HttpsRedirects(int publicPort) {
        this.portSuffix = publicPort == 443 || publicPort <= 0 ? "" : ":" + publicPort;
    }

    /** The names of the manifests' {@code https_redirects} that have a certificate among {@code certified}. */
    public static Set<String> of(Collection<AccountManifest> manifests, Set<String> certified) {
        Set<String> out = new HashSet<>();
        for (AccountManifest manifest : manifests) {
            for (String name : manifest.httpsRedirects()) {
                if (manifest.domains().contains(name) && certified.contains(name)) {
                    out.add(name.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    public void replace(Set<String> names) {
        hosts = Set.copyOf(names);
    }

    /**
     * Where a plain-HTTP request for {@code hostHeader} and {@code uri} (raw path and query) is sent, or
     * null when it is served as it is.
     */
    public String location(String hostHeader, String uri) {
        Set<String> current = hosts;
        if (current.isEmpty() || hostHeader == null || uri.startsWith(ACME) || uri.startsWith(PROOF)) {
            return null;
        }
        String host = ServiceGraph.normalizeHost(hostHeader); // an IP literal keeps its brackets: never a custom domain
        if (!current.contains(host)) {
            return null;
        }
        return "https://" + host + portSuffix + (uri.startsWith("/") ? uri : "/" + uri);
    }
}
