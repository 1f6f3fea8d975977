package dev.warden.image.registry;

import java.util.regex.Pattern;

/** Which hosts may be spoken to over plain HTTP, and with which credentials. */
final class Hosts {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(?:\\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");

    private Hosts() {}

    /** The host part of host[:port], IPv6 literals with their brackets. */
    static String hostOnly(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(0, end + 1);
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /**
     * Loopback by its literal name only: resolving a DNS name here would let a DNS answer decide whether
     * credentials travel in clear text.
     */
    static boolean isLoopback(String host) {
        String h = hostOnly(host).toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || IPV4_LOOPBACK.matcher(h).matches();
    }
}
