package io.edgeworks.edge.runtime;

import io.edgeworks.bundle.Binding;
import io.edgeworks.bundle.EnvironmentRef;
import java.util.ArrayList;
import java.util.List;

/**
 * What one binding of a version reaches, resolved once when the version is built (not looked up by name
 * on every call): {@code env.X} of a realm holds only the channel's index, so tenant code never names a
 * target, a namespace id or another account's anything. The request running the version
 * ({@link Invocation#service}, {@link Invocation#kv}) acts through these, counted against its budget.
 */
public sealed interface Channel permits Channel.Service, Channel.Kv {

    /** The binding's name in {@code env}. */
    String name();

    /**
     * {@code env.X.fetch()} and {@code env.X.method(…)} (RPC): a nested invocation of the environment
     * {@code target} (same account), of its version {@code version} when the binding pins one (null: the version
     * the request's graph picks), reaching its export {@code entrypoint} (null: the default export).
     */
    record Service(String name, EnvironmentRef target, Integer version, String entrypoint) implements Channel {
        /** A binding to the default export of {@code target}, unpinned. */
        public Service(String name, EnvironmentRef target) {
            this(name, target, null, null);
        }
    }

    /** {@code env.X.get/put/delete/list}: the KV namespace {@code namespaceId} of the version's account. */
    record Kv(String name, String namespaceId) implements Channel {
    }

    /** The channels of {@code bindings} of a version of {@code environment}, in binding order (the index JavaScript holds). */
    static List<Channel> resolve(EnvironmentRef environment, List<Binding> bindings) {
        List<Channel> channels = new ArrayList<>(bindings.size());
        for (Binding binding : bindings) {
            channels.add(switch (binding) {
                case Binding.Service s -> new Service(s.name(), new EnvironmentRef(environment.account(), s.service(), s.environment()),
                        s.version(), s.entrypoint());
                case Binding.Kv kv -> new Kv(kv.name(), kv.namespaceId());
            });
        }
        return List.copyOf(channels);
    }
}
