package dev.warden.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryHttp.Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers a registry's 401 challenges: basic auth with the user's credentials, or a bearer token from the token
 * server the challenge names (distribution token auth), fetched with the credentials when there are any and
 * cached per scope until it expires. One instance serves one registry.
 */
final class RegistryAuth {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens go into a header: printable ASCII without spaces, nothing a server could use to inject headers. */
    private static final Pattern TOKEN_CHARS = Pattern.compile("[\\x21-\\x7e]+");

    private final RegistryHttp http;
    private final String registry;
    private final Credentials credentials;
    private final String credentialHelper;
    private final Clock clock;
    private final Map<String, Token> tokens = new HashMap<>();
    private boolean basic;
    private int tokenRequests;

    /**
     * @param registry         host[:port] named in messages
     * @param credentials      null for anonymous access
     * @param credentialHelper the docker credential helper configured for this registry that held nothing for it (named in
     *                         errors), or null
     */
    RegistryAuth(RegistryHttp http, String registry, Credentials credentials, String credentialHelper, Clock clock) {
        this.http = http;
        this.registry = registry;
        this.credentials = credentials;
        this.credentialHelper = credentialHelper;
        this.clock = clock;
    }

    private record Token(String value, Instant expires, boolean secret) {}

    /** Token server round trips so far (tests check that tokens are cached). */
    int tokenRequests() {
        return tokenRequests;
    }

    boolean hasCredentials() {
        return credentials != null;
    }

    /** What to send for a request needing {@code scope}: a cached, unexpired token, basic credentials, or nothing. */
    Authorization authorization(String scope) {
        if (basic) {
            return new Authorization(credentials.basicHeader(), true);
        }
        Token token = tokens.get(scope);
        if (token != null && clock.instant().isBefore(token.expires())) {
            return new Authorization("Bearer " + token.value(), token.secret());
        }
        return null;
    }

    /**
     * Prepares credentials after a 401 for {@code scope}; throws a WardenException when there is nothing (more)
     * to try. Callers answer at most one challenge per request, so a refused fresh token ends in an error.
     */
    void onUnauthorized(List<String> wwwAuthenticate, String scope, String what) throws IOException {
        List<AuthChallenge> challenges = AuthChallenge.parse(wwwAuthenticate);
        Optional<AuthChallenge> bearer = challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
        if (bearer.isPresent() && !basic) {
            // Whatever token was sent (none, or a cached one the server let expire early), one fresh token is worth a try.
            tokens.put(scope, fetchToken(bearer.get(), scope, what));
            return;
        }
        if (challenges.stream().anyMatch(c -> c.scheme().equals("basic"))) {
            if (credentials == null || basic) {
                throw refused(what, 401);
            }
            basic = true;
            return;
        }
        throw new WardenException(what + ": " + registry + " answered 401 without a usable WWW-Authenticate challenge"
                + (challenges.isEmpty() ? "" : " (schemes: " + challenges.stream().map(AuthChallenge::scheme).toList() + ")"));
    }

    /** The one-line error for a refused request (401 or 403). */
    RegistryRefusedException refused(String what, int status) {
        String helper = credentialHelper == null ? "" : "; the docker credential helper '" + Messages.clip(credentialHelper)
                + "' configured for it holds no credentials for it: docker login, or give --username and --password-stdin";
        String message;
        if (status == 403) {
            message = what + ": access denied by " + registry + " (HTTP 403)"
                    + (credentials == null ? "; it may need credentials: docker login " + registry + " or --username/--password-stdin" + helper : "");
        } else if (credentials == null) {
            message = what + ": " + registry + " requires authentication (HTTP 401): docker login "
                    + registry + " or give --username and --password-stdin" + helper;
        } else {
            message = what + ": authentication failed at " + registry + " for user '"
                    + Messages.clip(credentials.username()) + "' (HTTP 401)";
        }
        return new RegistryRefusedException(message, what, registry, status, credentials != null);
    }

    private Token fetchToken(AuthChallenge challenge, String defaultScope, String what) throws IOException {
        String realm = challenge.param("realm");
        if (realm == null || realm.isBlank()) {
            throw new WardenException(what + ": " + registry + " asked for a bearer token without naming a realm");
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new WardenException(what + ": invalid token realm '" + Messages.clip(realm) + "'");
        }
        if (!("https".equalsIgnoreCase(realmUri.getScheme()) || "http".equalsIgnoreCase(realmUri.getScheme()))
                || realmUri.getHost() == null) {
            throw new WardenException(what + ": unsupported token realm '" + Messages.clip(realm) + "'");
        }
        if ("http".equalsIgnoreCase(realmUri.getScheme()) && !http.plainHttp(RegistryHttp.hostPort(realmUri))) {
            throw new WardenException(what + ": token realm " + Messages.clip(realm)
                    + " is plain HTTP; allow it with --insecure-registry " + RegistryHttp.hostPort(realmUri));
        }
        StringBuilder query = new StringBuilder();
        String service = challenge.param("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        String scope = challenge.param("scope") != null ? challenge.param("scope") : defaultScope;
        for (String s : scope.split(" ")) {
            if (!s.isBlank()) {
                query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
            }
        }
        String base = realm.contains("?") ? realm + "&" : realm + "?";
        URI tokenUri = URI.create(query.isEmpty() ? realm : base + query);
        boolean sendCredentials = credentials != null && RegistryHttp.mayCarrySecrets(tokenUri);
        Authorization auth = sendCredentials ? new Authorization(credentials.basicHeader(), true) : null;
        String tokenWhat = what + ": token from " + RegistryHttp.hostPort(tokenUri);
        tokenRequests++;
        HttpResponse<InputStream> response = http.get(tokenUri, "application/json", auth, tokenWhat);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            String detail = RegistryHttp.errorDetail(response);
            if (credentials == null) {
                throw refused(what, 401).withDetail(detail);
            }
            throw new WardenException(tokenWhat + ": credentials of user '" + Messages.clip(credentials.username())
                    + "' refused (HTTP " + status + ")" + detail);
        }
        if (status != 200) {
            throw new WardenException(tokenWhat + ": HTTP " + status + RegistryHttp.errorDetail(response));
        }
        JsonNode body;
        try (InputStream in = response.body()) {
            byte[] content = in.readNBytes(RegistryLimits.MAX_TOKEN_RESPONSE_BYTES + 1);
            if (content.length > RegistryLimits.MAX_TOKEN_RESPONSE_BYTES) {
                throw new WardenException(tokenWhat + ": response larger than " + RegistryLimits.MAX_TOKEN_RESPONSE_BYTES + " bytes");
            }
            body = JSON.readTree(content);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new WardenException(tokenWhat + ": response is not JSON");
        }
        String token = body == null ? "" : body.path("token").asText("");
        if (token.isEmpty() && body != null) {
            token = body.path("access_token").asText("");
        }
        if (token.isEmpty() || !TOKEN_CHARS.matcher(token).matches()) {
            throw new WardenException(tokenWhat + ": response has no usable token");
        }
        long expiresIn = body.path("expires_in").asLong(RegistryLimits.DEFAULT_TOKEN_LIFETIME.toSeconds());
        Duration lifetime = Duration.ofSeconds(Math.max(expiresIn, RegistryLimits.DEFAULT_TOKEN_LIFETIME.toSeconds()));
        // Anonymous tokens carry no secret of the user's; they may go to an --insecure-registry over plain HTTP.
        return new Token(token, clock.instant().plus(lifetime).minus(RegistryLimits.TOKEN_EXPIRY_MARGIN), sendCredentials);
    }
}
