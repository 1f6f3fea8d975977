package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives by itself, before a request reaches a route (a path with an encoded NUL or bad UTF-8, an
 * ambiguous encoded separator, a request line or headers it cannot parse): RFC 9457 problem details like every other
 * error of the API, instead of Jetty's HTML page. Nothing of the request but its status and Jetty's one-line reason
 * is echoed.
 */
final class JettyProblems extends ErrorHandler {
    /** Jetty's reasons are short phrases; anything longer is cut so the detail stays one line. */
    static final int MAX_REASON_CHARS = 200;
    /** The path Jetty gives the request it answers for a message it could not parse. */
    private static final String BAD_MESSAGE_PATH = "/badMessage";

    private final ObjectMapper json;

    JettyProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String instance;
        try {
            instance = request.getHttpURI().getPath();
        } catch (RuntimeException e) {
            instance = null; // the path itself is what could not be read
        }
        if (BAD_MESSAGE_PATH.equals(instance)) {
            instance = null; // Jetty's stand-in for a request line it could not read, not what the client sent
        }
        String reason = cause != null && cause.getMessage() != null && !cause.getMessage().isBlank() ? cause.getMessage() : message;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        // Jetty drops the connection after a request it could not read; saying so keeps clients from sending the next
        // request down it (they would get no answer at all)
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(code, reason, instance)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/problem+json"));
        return ByteBuffer.wrap(body(status, reason, null));
    }

    private byte[] body(int status, String reason, String instance) {
        String title = HttpStatus.getMessage(status);
        ObjectNode n = json.createObjectNode();
        n.put("type", "about:blank");
        n.put("title", title);
        n.put("status", status);
        n.put("detail", detail(status, reason));
        if (instance != null) {
            n.put("instance", instance);
        }
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String detail(int status, String reason) {
        String text = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : Api.firstLine(reason).strip();
        if (text.length() > MAX_REASON_CHARS) {
            text = text.substring(0, MAX_REASON_CHARS);
        }
        if (status != 400) {
            return text;
        }
        return "the request could not be read" + (text.equalsIgnoreCase(HttpStatus.getMessage(status)) ? "" : " (" + text + ")")
                + ": check the path's percent-encoding (no %00, valid UTF-8) and the headers";
    }
}
