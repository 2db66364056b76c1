package io.edgeworks.edge.runtime;

/**
 * Work a host runs in a fresh {@link ScriptRealm} on a worker thread (see {@link WorkerPool#runScripts}).
 *
 * @param <T> what the task hands back
 */
@FunctionalInterface
public interface ScriptTask<T> {
    T run(ScriptRealm realm) throws Exception;
}
