package dev.warden.image.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A token server for docker-registry's {@code auth: token} (the distribution token authentication spec) on the
 * JDK's HttpServer: checks basic credentials, and issues RS256 JWTs signed with a key made by {@code keytool},
 * whose self-signed certificate is the registry's {@code rootcertbundle}. The JWT's {@code kid} is the libtrust
 * fingerprint of the key, which is how registry 2.8 finds the trusted key.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "warden-test-registry";
    public static final String ISSUER = "warden-test-issuer";
    private static final String STORE_PASSWORD = "warden-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<String, String> users;
    private final Predicate<String> anonymousPull;
    private final PrivateKey key;
    private final String keyId;
    private final Path certificate;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> scopes = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param users         user name to password; they may push and pull everything
     * @param anonymousPull the repositories that requests without credentials may pull
     */
    public TokenServer(Path workDir, Map<String, String> users, Predicate<String> anonymousPull) throws Exception {
        this.users = new ConcurrentHashMap<>(users);
        this.anonymousPull = anonymousPull;
        Path dir = Files.createDirectories(workDir.resolve("token-server"));
        Path store = dir.resolve("signing.p12");
        certificate = dir.resolve("signing.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        // -XX:TieredStopAtLevel=1: keytool is a short JVM run; skipping C2 saves seconds on a loaded machine
        TestImages.run(dir, keytool, "-J-XX:TieredStopAtLevel=1", "-genkeypair", "-alias", "signing", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=warden test token signer", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        TestImages.run(dir, keytool, "-J-XX:TieredStopAtLevel=1", "-exportcert", "-rfc", "-alias", "signing", "-keystore", store.toString(),
                "-storepass", STORE_PASSWORD, "-file", certificate.toString());
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        key = (PrivateKey) keyStore.getKey("signing", STORE_PASSWORD.toCharArray());
        keyId = libtrustKeyId(keyStore.getCertificate("signing").getPublicKey());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.start();
    }

    /** The realm URL to put in the registry's config. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** PEM certificate of the signing key: the registry's rootcertbundle. */
    public Path certificate() {
        return certificate;
    }

    /** Token requests served so far. */
    public int requests() {
        return requests.get();
    }

    /** The scope parameters of every token request, in order. */
    public List<String> scopes() {
        return List.copyOf(scopes);
    }

    private void token(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String user = authenticatedUser(exchange);
            if (user == null && exchange.getRequestHeaders().getFirst("Authorization") != null) {
                byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            List<String> requested = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("scope=")) {
                    requested.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                }
            }
            scopes.addAll(requested);
            byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("token", jwt(user == null ? "" : user, requested, user != null))
                    .put("expires_in", 300)
                    .put("issued_at", Instant.now().toString()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private String authenticatedUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String user = decoded.substring(0, colon);
        return decoded.substring(colon + 1).equals(users.get(user)) ? user : null;
    }

    private String jwt(String subject, List<String> scopes, boolean authenticated) throws Exception {
        ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", keyId);
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", subject).put("aud", SERVICE)
                .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3 || !parts[0].equals("repository")) {
                continue;
            }
            ObjectNode grant = access.addObject().put("type", "repository").put("name", parts[1]);
            ArrayNode actions = grant.putArray("actions");
            for (String action : parts[2].split(",")) {
                if (authenticated || anonymousPull.test(parts[1]) && action.equals("pull")) {
                    actions.add(action);
                }
            }
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(signature.sign());
    }

    /**
     * libtrust's key ID: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without padding, in
     * colon-separated groups of four characters.
     */
    static String libtrustKeyId(PublicKey publicKey) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
        String base32 = base32(java.util.Arrays.copyOf(hash, 30));
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < base32.length(); i += 4) {
            id.append(i == 0 ? "" : ":").append(base32, i, Math.min(i + 4, base32.length()));
        }
        return id.toString();
    }

    /** RFC 4648 base32, no padding (30 bytes give exactly 48 characters). */
    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt(buffer >> bits - 5 & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt(buffer << 5 - bits & 31));
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
