package io.edgeworks.edge.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server key manager of the TLS listener: for each handshake it reads the server name the client
 * asked for (SNI) and presents the {@link CertificateStore}'s choice for it. The TLS context is built
 * once; certificates come and go in the store without rebuilding it.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {
    private final CertificateStore store;

    public SniKeyManager(CertificateStore store) {
        this.store = store;
    }

    /** A key manager factory that hands out this key manager (what TLS server options take). */
    public KeyManagerFactory factory() {
        KeyManager[] managers = {this};
        return new KeyManagerFactory(new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return managers.clone();
            }
        }, null, "EdgeworksSni") {
        };
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType, socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    private String alias(String keyType, SSLSession session) {
        CertifiedKey key = store.choose(serverName(session), keyType);
        return key == null ? null : key.alias();
    }

    /** The host name the client sent in its SNI extension, or null. */
    static String serverName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            List<SNIServerName> names = extended.getRequestedServerNames();
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey key = store.byAlias(alias);
        return key == null ? null : key.chain();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey key = store.byAlias(alias);
        return key == null ? null : key.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return store.aliases();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
