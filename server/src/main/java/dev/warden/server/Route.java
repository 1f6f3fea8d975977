package dev.warden.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One route of the API: method, path (Javalin's {@code {param}} syntax, as OpenAPI writes it), the least role that
 * may call it (null: no token needed), what it does and what it answers with, for the OpenAPI document.
 */
public record Route(HandlerType method, String path, Role role, String summary, String responseType, Handler handler) {}
