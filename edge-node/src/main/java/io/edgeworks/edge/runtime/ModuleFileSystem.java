package io.edgeworks.edge.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * A read-only, in-memory file system holding exactly one version's modules under {@link #ROOT}. It is
 * the only file system tenant code sees: {@code import} resolves relative specifiers against it, and
 * anything else (absolute host paths, writes, directory listings) fails as "not found" or "denied".
 * Nothing here touches the disk; {@link Path} objects are used only as names.
 */
final class ModuleFileSystem implements FileSystem {
    static final String ROOT = "/worker/";

    private final Map<String, byte[]> files = new HashMap<>();
    private boolean installed;

    /** An empty tree: a prepared realm gets its version's modules later, once ({@link #install}). */
    ModuleFileSystem() {
    }

    /**
     * Puts the one version's modules in place, each as {@link #ownedText}; a tree is filled once and then never
     * changes.
     */
    synchronized void install(String account, Map<String, String> modules) {
        if (installed) {
            throw new IllegalStateException("this module tree already holds a version");
        }
        installed = true;
        modules.forEach((name, source) -> files.put(pathOf(name).toString(),
                ownedText(account, source).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The text the engine gets for one of {@code account}'s modules: the module as uploaded, and a comment on a line
     * after its last naming the account. The engine shares parsed code, and with it type feedback and compiled code,
     * between equal sources (same text, name and path: every version's modules live under {@link #ROOT}), so two
     * accounts deploying the same file ran one copy of its code: a tenant could tell from its own copy's speed whether
     * the other's was hot (its traffic), make the other's code polymorphic, and reset its call counts each time its own
     * spent compile share deferred their shared compilation. Line and column numbers, stack traces and every
     * function's text stay as uploaded; an account's versions and environments still share their unchanged modules.
     */
    static String ownedText(String account, String text) {
        return text + "\n// edgeworks account " + account + "\n";
    }

    static Path pathOf(String moduleName) {
        return Path.of(ROOT).resolve(moduleName).normalize();
    }

    private byte[] file(Path path) throws NoSuchFileException {
        byte[] content = files.get(toAbsolutePath(path).normalize().toString());
        if (content == null) {
            throw new NoSuchFileException(path.toString());
        }
        return content;
    }

    @Override
    public Path parsePath(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            throw new UnsupportedOperationException("only module paths can be imported: " + uri);
        }
        return Path.of(uri.getPath());
    }

    @Override
    public Path parsePath(String path) {
        return Path.of(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        if (modes.contains(AccessMode.WRITE) || modes.contains(AccessMode.EXECUTE)) {
            throw new AccessDeniedException(path.toString());
        }
        file(path);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(dir.toString());
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new AccessDeniedException(path.toString());
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
            throw new AccessDeniedException(path.toString());
        }
        return new ReadOnlyChannel(file(path));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        throw new AccessDeniedException(dir.toString());
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : Path.of(ROOT).resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) {
        return toAbsolutePath(path).normalize();
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        byte[] content = file(path);
        FileTime epoch = FileTime.fromMillis(0);
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("isRegularFile", true);
        attrs.put("isDirectory", false);
        attrs.put("isSymbolicLink", false);
        attrs.put("isOther", false);
        attrs.put("size", (long) content.length);
        attrs.put("lastModifiedTime", epoch);
        attrs.put("lastAccessTime", epoch);
        attrs.put("creationTime", epoch);
        attrs.put("fileKey", null);
        return attrs;
    }

    private static final class ReadOnlyChannel implements SeekableByteChannel {
        private final byte[] data;
        private int position;
        private boolean open = true;

        ReadOnlyChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(dst.remaining(), data.length - position);
            dst.put(data, position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            position = (int) Math.min(newPosition, data.length);
            return this;
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
