package dev.warden.image.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 section 11.6.1), e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:x:pull"}.
 *
 * @param scheme lower-case auth scheme ("basic", "bearer")
 * @param params parameters with lower-case names
 */
record AuthChallenge(String scheme, Map<String, String> params) {
    AuthChallenge {
        params = Map.copyOf(params);
    }

    String param(String name) {
        return params.get(name);
    }

    /** All challenges in the header values; malformed parts are dropped (the caller then reports no usable challenge). */
    static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            if (value.length() <= RegistryLimits.MAX_CHALLENGE_CHARS) {
                parseOne(value, challenges);
            }
        }
        return challenges;
    }

    private static void parseOne(String header, List<AuthChallenge> out) {
        int[] pos = {0};
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            skip(header, pos, " \t,");
            if (pos[0] >= header.length()) {
                break;
            }
            String token = token(header, pos);
            if (token.isEmpty()) {
                return; // not a token character: give up on this header
            }
            skip(header, pos, " \t");
            if (pos[0] < header.length() && header.charAt(pos[0]) == '=' && scheme != null) {
                pos[0]++;
                skip(header, pos, " \t");
                String value = pos[0] < header.length() && header.charAt(pos[0]) == '"' ? quoted(header, pos) : token(header, pos);
                if (value == null) {
                    return;
                }
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                    params = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
        }
    }

    private static void skip(String s, int[] pos, String chars) {
        while (pos[0] < s.length() && chars.indexOf(s.charAt(pos[0])) >= 0) {
            pos[0]++;
        }
    }

    private static String token(String s, int[] pos) {
        int start = pos[0];
        while (pos[0] < s.length() && isTokenChar(s.charAt(pos[0]))) {
            pos[0]++;
        }
        return s.substring(start, pos[0]);
    }

    private static boolean isTokenChar(char c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0 || c == '/' || c == ':';
    }

    private static String quoted(String s, int[] pos) {
        StringBuilder value = new StringBuilder();
        pos[0]++; // opening quote
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && pos[0] < s.length()) {
                c = s.charAt(pos[0]++);
            }
            value.append(c);
        }
        return null; // unterminated
    }
}
