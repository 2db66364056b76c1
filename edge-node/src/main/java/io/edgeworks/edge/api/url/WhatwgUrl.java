package io.edgeworks.edge.api.url;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.graalvm.shadowed.com.ibm.icu.text.IDNA;

/**
 * The URL Standard's basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser), including
 * state overrides for the URL setters, host parsing (IPv4, IPv6, opaque hosts, and domains through UTS #46
 * with ICU4J, the library GraalJS already ships for Intl), and serialisation. A record is mutable only while
 * a parse runs; callers get its serialised components.
 */
public final class WhatwgUrl {
    static final Map<String, Integer> SPECIAL = Map.of("ftp", 21, "file", -1, "http", 80, "https", 443, "ws", 80, "wss", 443);
    private static final int EOF = -1;

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
            | IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE);
    /** Errors UTS #46 reports for CheckHyphens and VerifyDnsLength, both false for URLs. */
    private static final java.util.Set<IDNA.Error> IGNORED = java.util.EnumSet.of(IDNA.Error.LEADING_HYPHEN,
            IDNA.Error.TRAILING_HYPHEN, IDNA.Error.HYPHEN_3_4, IDNA.Error.EMPTY_LABEL, IDNA.Error.LABEL_TOO_LONG,
            IDNA.Error.DOMAIN_NAME_TOO_LONG);

    enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE, RELATIVE_SLASH,
        SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST, HOSTNAME, PORT, FILE, FILE_SLASH,
        FILE_HOST, PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT
    }

    String scheme = "";
    String username = "";
    String password = "";
    String host;
    Integer port;
    List<String> path = new ArrayList<>();
    String opaquePath;
    String query;
    String fragment;

    private WhatwgUrl() {
    }

    private WhatwgUrl copy() {
        WhatwgUrl u = new WhatwgUrl();
        u.scheme = scheme;
        u.username = username;
        u.password = password;
        u.host = host;
        u.port = port;
        u.path = new ArrayList<>(path);
        u.opaquePath = opaquePath;
        u.query = query;
        u.fragment = fragment;
        return u;
    }

    /** Parses {@code input} against {@code base} (null for none); null on failure. */
    public static WhatwgUrl parse(String input, String base) {
        WhatwgUrl baseUrl = null;
        if (base != null) {
            baseUrl = parse(base, null);
            if (baseUrl == null) {
                return null;
            }
        }
        return basicParse(input, baseUrl, null, null);
    }

    static WhatwgUrl basicParse(String input, WhatwgUrl base, WhatwgUrl url, State override) {
        if (url == null) {
            url = new WhatwgUrl();
            int start = 0;
            int end = input.length();
            while (start < end && input.charAt(start) <= 0x20) {
                start++;
            }
            while (end > start && input.charAt(end - 1) <= 0x20) {
                end--;
            }
            input = input.substring(start, end);
        }
        input = input.replace("\t", "").replace("\n", "").replace("\r", "");
        int[] cp = input.codePoints().toArray();
        State state = override != null ? override : State.SCHEME_START;
        StringBuilder buffer = new StringBuilder();
        boolean atSignSeen = false;
        boolean insideBrackets = false;
        boolean passwordTokenSeen = false;
        int p = 0;
        for (; ; p++) {
            int c = p < cp.length ? cp[p] : EOF;
            switch (state) {
                case SCHEME_START -> {
                    if (isAlpha(c)) {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                        state = State.SCHEME;
                    } else if (override == null) {
                        state = State.NO_SCHEME;
                        p--;
                    } else {
                        return null;
                    }
                }
                case SCHEME -> {
                    if (isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.') {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                    } else if (c == ':') {
                        String candidate = buffer.toString();
                        if (override != null) {
                            if (isSpecial(url.scheme) != SPECIAL.containsKey(candidate)) {
                                return url;
                            }
                            if ((url.includesCredentials() || url.port != null) && candidate.equals("file")) {
                                return url;
                            }
                            if (url.scheme.equals("file") && url.host != null && url.host.isEmpty()) {
                                return url;
                            }
                        }
                        url.scheme = candidate;
                        if (override != null) {
                            if (url.port != null && url.port.equals(SPECIAL.get(url.scheme))) {
                                url.port = null;
                            }
                            return url;
                        }
                        buffer.setLength(0);
                        if (url.scheme.equals("file")) {
                            state = State.FILE;
                        } else if (isSpecial(url.scheme) && base != null && base.scheme.equals(url.scheme)) {
                            state = State.SPECIAL_RELATIVE_OR_AUTHORITY;
                        } else if (isSpecial(url.scheme)) {
                            state = State.SPECIAL_AUTHORITY_SLASHES;
                        } else if (at(cp, p + 1) == '/') {
                            state = State.PATH_OR_AUTHORITY;
                            p++;
                        } else {
                            url.opaquePath = "";
                            state = State.OPAQUE_PATH;
                        }
                    } else if (override == null) {
                        buffer.setLength(0);
                        state = State.NO_SCHEME;
                        p = -1;
                    } else {
                        return null;
                    }
                }
                case NO_SCHEME -> {
                    if (base == null || (base.opaquePath != null && c != '#')) {
                        return null;
                    } else if (base.opaquePath != null && c == '#') {
                        url.scheme = base.scheme;
                        url.opaquePath = base.opaquePath;
                        url.query = base.query;
                        url.fragment = "";
                        state = State.FRAGMENT;
                    } else if (!base.scheme.equals("file")) {
                        state = State.RELATIVE;
                        p--;
                    } else {
                        state = State.FILE;
                        p--;
                    }
                }
                case SPECIAL_RELATIVE_OR_AUTHORITY -> {
                    if (c == '/' && at(cp, p + 1) == '/') {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        p++;
                    } else {
                        state = State.RELATIVE;
                        p--;
                    }
                }
                case PATH_OR_AUTHORITY -> {
                    if (c == '/') {
                        state = State.AUTHORITY;
                    } else {
                        state = State.PATH;
                        p--;
                    }
                }
                case RELATIVE -> {
                    url.scheme = base.scheme;
                    if (c == '/') {
                        state = State.RELATIVE_SLASH;
                    } else if (isSpecial(url.scheme) && c == '\\') {
                        state = State.RELATIVE_SLASH;
                    } else {
                        copyAuthority(base, url);
                        url.path = new ArrayList<>(base.path);
                        url.query = base.query;
                        if (c == '?') {
                            url.query = "";
                            state = State.QUERY;
                        } else if (c == '#') {
                            url.fragment = "";
                            state = State.FRAGMENT;
                        } else if (c != EOF) {
                            url.query = null;
                            shortenPath(url);
                            state = State.PATH;
                            p--;
                        }
                    }
                }
                case RELATIVE_SLASH -> {
                    if (isSpecial(url.scheme) && (c == '/' || c == '\\')) {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    } else if (c == '/') {
                        state = State.AUTHORITY;
                    } else {
                        copyAuthority(base, url);
                        state = State.PATH;
                        p--;
                    }
                }
                case SPECIAL_AUTHORITY_SLASHES -> {
                    if (c == '/' && at(cp, p + 1) == '/') {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        p++;
                    } else {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        p--;
                    }
                }
                case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                    if (c != '/' && c != '\\') {
                        state = State.AUTHORITY;
                        p--;
                    }
                }
                case AUTHORITY -> {
                    if (c == '@') {
                        if (atSignSeen) {
                            buffer.insert(0, "%40");
                        }
                        atSignSeen = true;
                        int[] b = buffer.toString().codePoints().toArray();
                        for (int bc : b) {
                            if (bc == ':' && !passwordTokenSeen) {
                                passwordTokenSeen = true;
                                continue;
                            }
                            String encoded = percentEncode(bc, USERINFO);
                            if (passwordTokenSeen) {
                                url.password += encoded;
                            } else {
                                url.username += encoded;
                            }
                        }
                        buffer.setLength(0);
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || (isSpecial(url.scheme) && c == '\\')) {
                        if (atSignSeen && buffer.isEmpty()) {
                            return null;
                        }
                        p -= buffer.codePointCount(0, buffer.length()) + 1;
                        buffer.setLength(0);
                        state = State.HOST;
                    } else {
                        buffer.appendCodePoint(c);
                    }
                }
                case HOST, HOSTNAME -> {
                    if (override != null && url.scheme.equals("file")) {
                        p--;
                        state = State.FILE_HOST;
                    } else if (c == ':' && !insideBrackets) {
                        if (buffer.isEmpty()) {
                            return null;
                        }
                        if (override == State.HOSTNAME) {
                            return null;
                        }
                        String h = parseHost(buffer.toString(), !isSpecial(url.scheme));
                        if (h == null) {
                            return null;
                        }
                        url.host = h;
                        buffer.setLength(0);
                        state = State.PORT;
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || (isSpecial(url.scheme) && c == '\\')) {
                        p--;
                        if (isSpecial(url.scheme) && buffer.isEmpty()) {
                            return null;
                        } else if (override != null && buffer.isEmpty() && (url.includesCredentials() || url.port != null)) {
                            return null;
                        }
                        String h = parseHost(buffer.toString(), !isSpecial(url.scheme));
                        if (h == null) {
                            return null;
                        }
                        url.host = h;
                        buffer.setLength(0);
                        state = State.PATH_START;
                        if (override != null) {
                            return url;
                        }
                    } else {
                        if (c == '[') {
                            insideBrackets = true;
                        }
                        if (c == ']') {
                            insideBrackets = false;
                        }
                        buffer.appendCodePoint(c);
                    }
                }
                case PORT -> {
                    if (isDigit(c)) {
                        buffer.appendCodePoint(c);
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || (isSpecial(url.scheme) && c == '\\')
                            || override != null) {
                        if (!buffer.isEmpty()) {
                            BigInteger value = new BigInteger(buffer.toString());
                            if (value.compareTo(BigInteger.valueOf(65535)) > 0) {
                                return null;
                            }
                            int port = value.intValue();
                            url.port = SPECIAL.containsKey(url.scheme) && SPECIAL.get(url.scheme) == port ? null : port;
                            buffer.setLength(0);
                            if (override != null) {
                                return url;
                            }
                        }
                        if (override != null) {
                            return null;
                        }
                        state = State.PATH_START;
                        p--;
                    } else {
                        return null;
                    }
                }
                case FILE -> {
                    url.scheme = "file";
                    url.host = "";
                    if (c == '/' || c == '\\') {
                        state = State.FILE_SLASH;
                    } else if (base != null && base.scheme.equals("file")) {
                        url.host = base.host;
                        url.path = new ArrayList<>(base.path);
                        url.query = base.query;
                        if (c == '?') {
                            url.query = "";
                            state = State.QUERY;
                        } else if (c == '#') {
                            url.fragment = "";
                            state = State.FRAGMENT;
                        } else if (c != EOF) {
                            url.query = null;
                            if (!startsWithWindowsDriveLetter(cp, p)) {
                                shortenPath(url);
                            } else {
                                url.path = new ArrayList<>();
                            }
                            state = State.PATH;
                            p--;
                        }
                    } else {
                        state = State.PATH;
                        p--;
                    }
                }
                case FILE_SLASH -> {
                    if (c == '/' || c == '\\') {
                        state = State.FILE_HOST;
                    } else {
                        if (base != null && base.scheme.equals("file")) {
                            url.host = base.host;
                            if (!startsWithWindowsDriveLetter(cp, p) && !base.path.isEmpty()
                                    && isNormalizedWindowsDriveLetter(base.path.getFirst())) {
                                url.path.add(base.path.getFirst());
                            }
                        }
                        state = State.PATH;
                        p--;
                    }
                }
                case FILE_HOST -> {
                    if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
                        p--;
                        if (override == null && isWindowsDriveLetter(buffer.toString())) {
                            state = State.PATH;
                        } else if (buffer.isEmpty()) {
                            url.host = "";
                            if (override != null) {
                                return url;
                            }
                            state = State.PATH_START;
                        } else {
                            String h = parseHost(buffer.toString(), false);
                            if (h == null) {
                                return null;
                            }
                            if (h.equals("localhost")) {
                                h = "";
                            }
                            url.host = h;
                            if (override != null) {
                                return url;
                            }
                            buffer.setLength(0);
                            state = State.PATH_START;
                        }
                    } else {
                        buffer.appendCodePoint(c);
                    }
                }
                case PATH_START -> {
                    if (isSpecial(url.scheme)) {
                        state = State.PATH;
                        if (c != '/' && c != '\\') {
                            p--;
                        }
                    } else if (override == null && c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (override == null && c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    } else if (c != EOF) {
                        state = State.PATH;
                        if (c != '/') {
                            p--;
                        }
                    } else if (override != null && url.host == null) {
                        url.path.add("");
                    }
                }
                case PATH -> {
                    boolean special = isSpecial(url.scheme);
                    if (c == EOF || c == '/' || (special && c == '\\') || (override == null && (c == '?' || c == '#'))) {
                        String segment = buffer.toString();
                        if (isDoubleDot(segment)) {
                            shortenPath(url);
                            if (c != '/' && !(special && c == '\\')) {
                                url.path.add("");
                            }
                        } else if (isSingleDot(segment) && c != '/' && !(special && c == '\\')) {
                            url.path.add("");
                        } else if (!isSingleDot(segment)) {
                            if (url.scheme.equals("file") && url.path.isEmpty() && isWindowsDriveLetter(segment)) {
                                segment = segment.charAt(0) + ":";
                            }
                            url.path.add(segment);
                        }
                        buffer.setLength(0);
                        if (c == '?') {
                            url.query = "";
                            state = State.QUERY;
                        }
                        if (c == '#') {
                            url.fragment = "";
                            state = State.FRAGMENT;
                        }
                    } else {
                        buffer.append(percentEncode(c, PATH));
                    }
                }
                case OPAQUE_PATH -> {
                    if (c == '?') {
                        url.query = "";
                        state = State.QUERY;
                    } else if (c == '#') {
                        url.fragment = "";
                        state = State.FRAGMENT;
                    } else if (c == ' ') {
                        int next = at(cp, p + 1);
                        url.opaquePath += (next == '?' || next == '#') ? "%20" : " ";
                    } else if (c != EOF) {
                        url.opaquePath += percentEncode(c, C0);
                    }
                }
                case QUERY -> {
                    if ((override == null && c == '#') || c == EOF) {
                        boolean[] set = isSpecial(url.scheme) ? SPECIAL_QUERY : QUERY;
                        StringBuilder q = new StringBuilder(url.query == null ? "" : url.query);
                        buffer.codePoints().forEach(b -> q.append(percentEncode(b, set)));
                        url.query = q.toString();
                        buffer.setLength(0);
                        if (c == '#') {
                            url.fragment = "";
                            state = State.FRAGMENT;
                        }
                    } else if (c != EOF) {
                        buffer.appendCodePoint(c);
                    }
                }
                case FRAGMENT -> {
                    if (c != EOF) {
                        url.fragment += percentEncode(c, FRAGMENT);
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
            if (p >= cp.length) {
                break;
            }
        }
        return url;
    }

    private boolean includesCredentials() {
        return !username.isEmpty() || !password.isEmpty();
    }

    /** Takes the base's username, password, host and port (the relative states' shared step). */
    private static void copyAuthority(WhatwgUrl base, WhatwgUrl url) {
        url.username = base.username;
        url.password = base.password;
        url.host = base.host;
        url.port = base.port;
    }

    private static void shortenPath(WhatwgUrl url) {
        if (url.scheme.equals("file") && url.path.size() == 1 && isNormalizedWindowsDriveLetter(url.path.getFirst())) {
            return;
        }
        if (!url.path.isEmpty()) {
            url.path.removeLast();
        }
    }

    private static int at(int[] cp, int i) {
        return i >= 0 && i < cp.length ? cp[i] : EOF;
    }

    static boolean isSpecial(String scheme) {
        return SPECIAL.containsKey(scheme);
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWindowsDriveLetter(String s) {
        return s.length() == 2 && isAlpha(s.charAt(0)) && (s.charAt(1) == ':' || s.charAt(1) == '|');
    }

    private static boolean isNormalizedWindowsDriveLetter(String s) {
        return s.length() == 2 && isAlpha(s.charAt(0)) && s.charAt(1) == ':';
    }

    private static boolean startsWithWindowsDriveLetter(int[] cp, int p) {
        if (cp.length - p < 2 || !isAlpha(cp[p]) || (cp[p + 1] != ':' && cp[p + 1] != '|')) {
            return false;
        }
        if (cp.length - p == 2) {
            return true;
        }
        int c = cp[p + 2];
        return c == '/' || c == '\\' || c == '?' || c == '#';
    }

    private static boolean isSingleDot(String s) {
        return s.equals(".") || s.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "..", ".%2e", "%2e.", "%2e%2e" -> true;
            default -> false;
        };
    }

    // ---- percent-encoding -------------------------------------------------------------------------

    static final boolean[] C0 = set("");
    static final boolean[] FRAGMENT = set(" \"<>`");
    static final boolean[] QUERY = set(" \"#<>");
    static final boolean[] SPECIAL_QUERY = set(" \"#<>'");
    static final boolean[] PATH = set(" \"#<>?^`{}");
    static final boolean[] USERINFO = set(" \"#<>?^`{}/:;=@[\\]|");
    static final boolean[] COMPONENT = set(" \"#<>?^`{}/:;=@[\\]|$%&+,");
    static final boolean[] FORM = set(" \"#<>?^`{}/:;=@[\\]|$%&+,!'()~");

    private static boolean[] set(String extra) {
        boolean[] s = new boolean[128];
        for (int i = 0; i < 0x20; i++) {
            s[i] = true;
        }
        s[0x7f] = true;
        for (char ch : extra.toCharArray()) {
            s[ch] = true;
        }
        return s;
    }

    static String percentEncode(int c, boolean[] set) {
        if (c < 0x80 && !set[c]) {
            return String.valueOf((char) c);
        }
        byte[] bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
        return out.toString();
    }

    static byte[] percentDecode(byte[] input) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(input.length);
        for (int i = 0; i < input.length; i++) {
            byte b = input[i];
            if (b == '%' && i + 2 < input.length && hex(input[i + 1]) >= 0 && hex(input[i + 2]) >= 0) {
                out.write(hex(input[i + 1]) * 16 + hex(input[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    // ---- hosts ------------------------------------------------------------------------------------

    private static final String FORBIDDEN_HOST = "\u0000\t\n\r #/:<>?@[\\]^|";

    static String parseHost(String input, boolean opaque) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]")) {
                return null;
            }
            int[] pieces = parseIpv6(input.substring(1, input.length() - 1));
            return pieces == null ? null : "[" + serializeIpv6(pieces) + "]";
        }
        if (opaque) {
            for (int i = 0; i < input.length(); i++) {
                if (FORBIDDEN_HOST.indexOf(input.charAt(i)) >= 0) {
                    return null;
                }
            }
            StringBuilder out = new StringBuilder();
            input.codePoints().forEach(c -> out.append(percentEncode(c, C0)));
            return out.toString();
        }
        String domain = new String(percentDecode(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        String ascii = domainToAscii(domain);
        if (ascii == null || ascii.isEmpty()) {
            return null;
        }
        for (int i = 0; i < ascii.length(); i++) {
            char ch = ascii.charAt(i);
            if (FORBIDDEN_HOST.indexOf(ch) >= 0 || ch <= 0x1f || ch == '%' || ch == 0x7f) {
                return null;
            }
        }
        if (endsInNumber(ascii)) {
            Long v4 = parseIpv4(ascii);
            return v4 == null ? null : serializeIpv4(v4);
        }
        return ascii;
    }

    static String domainToAscii(String domain) {
        boolean asciiOnly = domain.chars().allMatch(c -> c < 0x80);
        if (asciiOnly) {
            boolean punycode = false;
            for (String label : domain.split("\\.", -1)) {
                if (label.regionMatches(true, 0, "xn--", 0, 4)) {
                    punycode = true;
                    break;
                }
            }
            if (!punycode) {
                return domain.toLowerCase(Locale.ROOT);
            }
        }
        IDNA.Info info = new IDNA.Info();
        StringBuilder out = new StringBuilder();
        UTS46.nameToASCII(domain, out, info);
        for (IDNA.Error e : info.getErrors()) {
            if (!IGNORED.contains(e)) {
                return null;
            }
        }
        return out.toString();
    }

    private static boolean endsInNumber(String input) {
        List<String> parts = new ArrayList<>(List.of(input.split("\\.", -1)));
        if (parts.getLast().isEmpty()) {
            if (parts.size() == 1) {
                return false;
            }
            parts.removeLast();
        }
        String last = parts.getLast();
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return ipv4Number(last) != null;
    }

    private static BigInteger ipv4Number(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int radix = 10;
        if (s.length() >= 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
            s = s.substring(2);
            radix = 16;
        } else if (s.length() >= 2 && s.startsWith("0")) {
            s = s.substring(1);
            radix = 8;
        }
        if (s.isEmpty()) {
            return BigInteger.ZERO;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0 || s.charAt(i) > 0x7f) {
                return null;
            }
        }
        return new BigInteger(s, radix);
    }

    private static Long parseIpv4(String input) {
        List<String> parts = new ArrayList<>(List.of(input.split("\\.", -1)));
        if (parts.getLast().isEmpty() && parts.size() > 1) {
            parts.removeLast();
        }
        if (parts.size() > 4) {
            return null;
        }
        List<BigInteger> numbers = new ArrayList<>();
        for (String part : parts) {
            BigInteger n = ipv4Number(part);
            if (n == null) {
                return null;
            }
            numbers.add(n);
        }
        BigInteger b255 = BigInteger.valueOf(255);
        for (int i = 0; i < numbers.size() - 1; i++) {
            if (numbers.get(i).compareTo(b255) > 0) {
                return null;
            }
        }
        BigInteger last = numbers.getLast();
        if (last.compareTo(BigInteger.valueOf(256).pow(5 - numbers.size())) >= 0) {
            return null;
        }
        long ipv4 = last.longValue();
        for (int i = 0; i < numbers.size() - 1; i++) {
            ipv4 += numbers.get(i).longValue() << (8 * (3 - i));
        }
        return ipv4;
    }

    private static String serializeIpv4(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    static int[] parseIpv6(String in) {
        int[] address = new int[8];
        int pieceIndex = 0;
        Integer compress = null;
        int p = 0;
        int n = in.length();
        java.util.function.IntUnaryOperator c = i -> i < n ? in.charAt(i) : EOF;
        if (c.applyAsInt(p) == ':') {
            if (c.applyAsInt(p + 1) != ':') {
                return null;
            }
            p += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (c.applyAsInt(p) != EOF) {
            if (pieceIndex == 8) {
                return null;
            }
            if (c.applyAsInt(p) == ':') {
                if (compress != null) {
                    return null;
                }
                p++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && c.applyAsInt(p) != EOF && Character.digit(c.applyAsInt(p), 16) >= 0 && c.applyAsInt(p) < 0x80) {
                value = value * 0x10 + Character.digit(c.applyAsInt(p), 16);
                p++;
                length++;
            }
            if (c.applyAsInt(p) == '.') {
                if (length == 0) {
                    return null;
                }
                p -= length;
                if (pieceIndex > 6) {
                    return null;
                }
                int numbersSeen = 0;
                while (c.applyAsInt(p) != EOF) {
                    Integer ipv4Piece = null;
                    if (numbersSeen > 0) {
                        if (c.applyAsInt(p) == '.' && numbersSeen < 4) {
                            p++;
                        } else {
                            return null;
                        }
                    }
                    if (!isDigit(c.applyAsInt(p))) {
                        return null;
                    }
                    while (isDigit(c.applyAsInt(p))) {
                        int number = c.applyAsInt(p) - '0';
                        if (ipv4Piece == null) {
                            ipv4Piece = number;
                        } else if (ipv4Piece == 0) {
                            return null;
                        } else {
                            ipv4Piece = ipv4Piece * 10 + number;
                        }
                        if (ipv4Piece > 255) {
                            return null;
                        }
                        p++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) {
                        pieceIndex++;
                    }
                }
                if (numbersSeen != 4) {
                    return null;
                }
                break;
            } else if (c.applyAsInt(p) == ':') {
                p++;
                if (c.applyAsInt(p) == EOF) {
                    return null;
                }
            } else if (c.applyAsInt(p) != EOF) {
                return null;
            }
            address[pieceIndex] = value;
            pieceIndex++;
        }
        if (compress != null) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int tmp = address[pieceIndex];
                address[pieceIndex] = address[compress + swaps - 1];
                address[compress + swaps - 1] = tmp;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            return null;
        }
        return address;
    }

    static String serializeIpv6(int[] a) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (a[i] == 0) {
                int j = i;
                while (j < 8 && a[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestLen = j - i;
                    bestStart = i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        boolean ignore0 = false;
        for (int i = 0; i < 8; i++) {
            if (ignore0 && a[i] == 0) {
                continue;
            }
            ignore0 = false;
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                ignore0 = true;
                continue;
            }
            out.append(Integer.toHexString(a[i]));
            if (i != 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    // ---- serialisation and setters ------------------------------------------------------------------

    String pathname() {
        if (opaquePath != null) {
            return opaquePath;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(segment);
        }
        return out.toString();
    }

    /** The serialized URL (the URL Standard's href). */
    public String href() {
        StringBuilder out = new StringBuilder(scheme).append(':');
        if (host != null) {
            out.append("//");
            if (includesCredentials()) {
                out.append(username);
                if (!password.isEmpty()) {
                    out.append(':').append(password);
                }
                out.append('@');
            }
            out.append(host);
            if (port != null) {
                out.append(':').append(port);
            }
        } else if (opaquePath == null && path.size() > 1 && path.getFirst().isEmpty()) {
            out.append("/.");
        }
        out.append(pathname());
        if (query != null) {
            out.append('?').append(query);
        }
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    String origin() {
        return switch (scheme) {
            case "blob" -> {
                WhatwgUrl inner = opaquePath != null || !path.isEmpty() ? parse(pathname(), null) : null;
                yield inner != null && (inner.scheme.equals("http") || inner.scheme.equals("https")) ? inner.origin() : "null";
            }
            case "ftp", "http", "https", "ws", "wss" -> scheme + "://" + host + (port == null ? "" : ":" + port);
            default -> "null";
        };
    }

    /** [href, origin, protocol, username, password, host, hostname, port, pathname, search, hash]. */
    /**
     * {@link #components()} joined by U+0000, which no component of a parsed URL contains (the parser
     * percent-encodes or rejects it everywhere): one string to hand to JavaScript instead of eleven.
     */
    public String joinedComponents() {
        return String.join("\0", components());
    }

    public String[] components() {
        String h = host == null ? "" : host;
        return new String[] {href(), origin(), scheme + ":", username, password, port == null ? h : h + ":" + port, h,
                port == null ? "" : String.valueOf(port), pathname(),
                query == null || query.isEmpty() ? "" : "?" + query, fragment == null || fragment.isEmpty() ? "" : "#" + fragment};
    }

    /**
     * Applies the URL setter {@code name} with {@code value} to the URL {@code href} as the URL Standard's
     * API does; returns the resulting URL (unchanged when the setter has no effect), or null when
     * {@code href} itself is invalid (only for the {@code href} setter).
     */
    public static WhatwgUrl set(String href, String name, String value) {
        WhatwgUrl url = parse(href, null);
        if (name.equals("href")) {
            return parse(value, null);
        }
        if (url == null) {
            return null;
        }
        WhatwgUrl copy = url.copy();
        WhatwgUrl result = switch (name) {
            case "protocol" -> basicParse(value + ":", null, copy, State.SCHEME_START);
            case "username" -> {
                if (copy.cannotHaveCredentialsOrPort()) {
                    yield url;
                }
                copy.username = encodeAll(value, USERINFO);
                yield copy;
            }
            case "password" -> {
                if (copy.cannotHaveCredentialsOrPort()) {
                    yield url;
                }
                copy.password = encodeAll(value, USERINFO);
                yield copy;
            }
            case "host" -> copy.opaquePath != null ? url : basicParse(value, null, copy, State.HOST);
            case "hostname" -> copy.opaquePath != null ? url : basicParse(value, null, copy, State.HOSTNAME);
            case "port" -> {
                if (copy.cannotHaveCredentialsOrPort()) {
                    yield url;
                }
                if (value.isEmpty()) {
                    copy.port = null;
                    yield copy;
                }
                yield basicParse(value, null, copy, State.PORT);
            }
            case "pathname" -> {
                if (copy.opaquePath != null) {
                    yield url;
                }
                copy.path = new ArrayList<>();
                yield basicParse(value, null, copy, State.PATH_START);
            }
            case "search" -> {
                if (value.isEmpty()) {
                    copy.query = null;
                    copy.stripTrailingSpacesFromOpaquePath();
                    yield copy;
                }
                copy.query = "";
                yield basicParse(value.startsWith("?") ? value.substring(1) : value, null, copy, State.QUERY);
            }
            case "hash" -> {
                if (value.isEmpty()) {
                    copy.fragment = null;
                    copy.stripTrailingSpacesFromOpaquePath();
                    yield copy;
                }
                copy.fragment = "";
                yield basicParse(value.startsWith("#") ? value.substring(1) : value, null, copy, State.FRAGMENT);
            }
            default -> throw new IllegalArgumentException("no URL setter " + name);
        };
        // As in the standard, what a state-override parse changed before it failed stays changed.
        return result == null ? copy : result;
    }

    private boolean cannotHaveCredentialsOrPort() {
        return host == null || host.isEmpty() || scheme.equals("file");
    }

    private void stripTrailingSpacesFromOpaquePath() {
        if (opaquePath != null && fragment == null && query == null) {
            opaquePath = opaquePath.replaceAll(" +$", "");
        }
    }

    private static String encodeAll(String value, boolean[] set) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(c -> out.append(percentEncode(c, set)));
        return out.toString();
    }
}
