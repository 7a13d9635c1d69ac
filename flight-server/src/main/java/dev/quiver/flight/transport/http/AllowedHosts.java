package dev.quiver.flight.transport.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code Host} values the HTTP endpoint answers, against DNS rebinding: a web page on a name its owner points
 * at this server's address (127.0.0.1, a LAN address) makes the browser send that name as {@code Host}, so a server
 * that answers any name lets the page read its data. Always allowed, with or without a port: {@code localhost}, any
 * IP address literal ({@code 127.0.0.1}, {@code [::1]}, {@code 10.0.0.5}: no DNS name, so nothing to rebind), the
 * bind address ({@code --host}), and a request without {@code Host} (HTTP/1.0 tools; browsers always send one).
 * Other names only when listed by {@code --allowed-hosts} [QUIVER_ALLOWED_HOSTS], comma-separated, case-insensitive;
 * {@code *} allows any name.
 */
public final class AllowedHosts {
    /** Only the names always allowed. */
    public static final AllowedHosts DEFAULT = new AllowedHosts(Set.of(), false);
    /** Any name, {@code --allowed-hosts '*'}. */
    public static final AllowedHosts ANY = new AllowedHosts(Set.of(), true);

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._~-]+)?]");

    private final Set<String> names;
    private final boolean any;

    private AllowedHosts(Set<String> names, boolean any) {
        this.names = Set.copyOf(names);
        this.any = any;
    }

    /**
     * Reads {@code --allowed-hosts}: names separated by commas (blank or null: none beyond the defaults), {@code *}
     * for any.
     *
     * @throws IllegalArgumentException for a value that is not a host name, naming the flag
     */
    public static AllowedHosts parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        Set<String> names = Arrays.stream(text.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .map(AllowedHosts::lowerCase).collect(Collectors.toSet());
        if (names.contains("*")) {
            return ANY;
        }
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("--allowed-hosts takes host names separated by commas (or * for"
                        + " any), without scheme or port; '" + name + "' is not one");
            }
        }
        return new AllowedHosts(names, false);
    }

    /** These names plus {@code name} (the bind address); wildcard addresses add nothing. */
    public AllowedHosts and(String name) {
        String host = normalize(name);
        if (any || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return this;
        }
        Set<String> more = new java.util.HashSet<>(names);
        more.add(host);
        return new AllowedHosts(more, false);
    }

    /** Whether a request with this {@code Host} header (null when absent) is answered. */
    public boolean allows(String hostHeader) {
        if (any || hostHeader == null) {
            return true;
        }
        String host = normalize(withoutPort(hostHeader.strip()));
        return host.equals("localhost") || IPV4.matcher(host).matches() || IPV6.matcher(host).matches()
                || names.contains(host);
    }

    /** Whether any name is allowed ({@code *}). */
    public boolean any() {
        return any;
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 || host.indexOf(':') != colon ? host : host.substring(0, colon);
    }

    /** Lower case, without the trailing dot of a fully qualified name. */
    private static String lowerCase(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** As {@link #lowerCase}; a bare IPv6 address gets its brackets. */
    private static String normalize(String host) {
        String name = lowerCase(host);
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return name;
    }

    @Override
    public String toString() {
        return any ? "*" : names.isEmpty() ? "(loopback and IP addresses only)" : String.join(",", new java.util.TreeSet<>(names));
    }
}
