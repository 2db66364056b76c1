package io.edgeworks.edge.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.jboss.logging.Logger;

/**
 * Lets the engine drop the parsed code of modules no realm uses any more, right after the collection that found
 * them unused.
 *
 * <p>The engine keeps a module's parse (its ASTs, call targets and a copy of its text: ~19 KB for a small worker,
 * far more for a bundle) in a cache keyed weakly by the module's {@code Source}, so that the realms of one version
 * on every worker thread share one parse ({@link WorkerContext} holds its module's {@code Source} for that). Once
 * a version's last realm is closed, a collection clears the key, but the entry, and the code it holds, is only
 * removed the next time the engine parses a source or closes a context. A node that went quiet after a load of
 * 10,000 environments kept 4,400 of them, ~85 MB of the 400 MB of live objects (deploy/bench/RESULTS.md, "Parsed code
 * of environments no realm uses"). After every collection but young ones (G1 clears the weak references of old objects
 * in its marking cycles and full collections, ZGC in its major cycles; the code of a version closed while its source
 * was young is removed at the engine's next parse anyway), this listener has the engine look up a tiny cached source
 * of its own in a context of its own (no prelude, nothing of a tenant's), on a thread of its own: a lookup first
 * removes every entry whose key was collected (the engine's dead-sources queue is shared by all its caches), at the
 * cost of the entries removed. ({@link Engine#getCachedSources()} removes them too, but lists every live entry once
 * per live context while doing so: a million set insertions on a node with 1,000 realms.)
 */
final class ParsedCodeReleaser implements NotificationListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ParsedCodeReleaser.class);

    /** Looked up after each collection; held here so that its own entry stays (a hit, after the clean-up). */
    private static final Source LOOKUP = Source.newBuilder("js", "0", "edge:parsed-code-releaser.js").cached(true).buildLiteral();

    private final java.util.function.Supplier<Context> newContext;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("edge-parsed-code-releaser").factory());
    /** The context the lookups run in, made at the first run (only the executor's thread enters it). */
    private Context context;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong runs = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    /** {@code newContext}: a sandboxed context of the engine, as the edge makes them (no prelude is run in it). */
    ParsedCodeReleaser(java.util.function.Supplier<Context> newContext) {
        this.newContext = newContext;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (closed || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())
                || !(notification.getUserData() instanceof CompositeData data)) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
        if (!clearsOldReferences(info.getGcName(), info.getGcAction()) || !pending.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(this::release);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            pending.set(false);
        }
    }

    /**
     * Whether a collection may have cleared weak references to old objects: anything but a young collection
     * ("end of minor GC": G1's young and mixed pauses, Parallel's and Serial's young collections; ZGC's minor
     * cycles).
     */
    static boolean clearsOldReferences(String gcName, String gcAction) {
        return !gcAction.contains("minor") && !gcName.contains("Minor");
    }

    /** Removes the engine's entries whose source was collected. */
    private void release() {
        try {
            if (!closed) {
                if (context == null) {
                    context = newContext.get();
                }
                context.eval(LOOKUP);
                runs.incrementAndGet();
            }
        } catch (RuntimeException e) {
            LOG.debugf("releasing parsed code: %s", e);
        } finally {
            pending.set(false);
        }
    }

    /** How many times the engine was asked to remove them. */
    long runs() {
        return runs.get();
    }

    @Override
    public void close() {
        closed = true;
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // never added
            }
        }
        thread.shutdown();
        try {
            if (thread.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS) && context != null) {
                context.close(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
