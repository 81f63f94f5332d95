package io.statusflow.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any route runs (a URI or headers too long, a malformed
 * request, a body sent too slowly): JSON in the canonical shape, never its HTML page, and never the
 * exception's class or message.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** Every method gets a body (Jetty's own writes one for GET, POST and HEAD only). */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Object status = request.getAttribute(ERROR_STATUS);
        int code = status instanceof Integer i ? i : response.getStatus();
        generateResponse(request, response, code, null, null, callback);
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String body = Responses.errorBody(Responses.name(code), switch (code) {
            case 400 -> "the request is malformed";
            case 408 -> "the request was not received in time";
            case 413 -> "the body is too large";
            case 414 -> "the URI is too long";
            case 431 -> "the request headers are too large";
            default -> "the request cannot be served";
        });
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
