package io.daca.chatagent.chat;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which requests {@link ChatSendServlet} answers itself: {@code POST /chat/{id}} exactly as JAX-RS
 * would take it for {@code ChatResource.send} and answer 200 or the resource's own refusals. The
 * rest goes on to JAX-RS unchanged, so every other answer (404, 405, 406, 415, an id JAX-RS must
 * decode first) stays where it is made today.
 */
final class ChatSendRoute {

    private static final String PREFIX = "/chat/";
    /** Characters that need no decoding and carry no matrix parameter: every valid id is made of them. */
    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern NOT_ACCEPTED = Pattern.compile(";\\s*q\\s*=\\s*0(\\.0*)?\\s*(;|$)");

    private ChatSendRoute() {
    }

    /**
     * The raw id segment of a request this servlet answers, or null to leave the request to JAX-RS.
     *
     * @param path        the request URI without the context path, not decoded
     * @param contentType the Content-Type header (null if none)
     * @param accept      the Accept header (null if none)
     */
    static String idOf(String method, String path, String contentType, String accept) {
        if (!"POST".equals(method) || path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String id = path.substring(PREFIX.length());
        if (!PLAIN_SEGMENT.matcher(id).matches() || !isJsonInUtf8(contentType) || !acceptsJson(accept)) {
            return null;
        }
        return id;
    }

    /** {@code application/json}, with no parameter but a UTF-8 charset (JAX-RS reads the body as that). */
    static boolean isJsonInUtf8(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            String value = parameter.length == 2 ? parameter[1].trim().replace("\"", "") : "";
            if (!parameter[0].trim().equalsIgnoreCase("charset") || !value.equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * No Accept, or one naming JSON, {@code application/*} or {@code * / *}. Any {@code q=0} sends the
     * request to JAX-RS, which weighs the ranges against each other.
     */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        boolean json = false;
        for (String range : accept.split(",")) {
            if (NOT_ACCEPTED.matcher(range).find()) {
                return false;
            }
            String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            json |= type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
        }
        return json;
    }
}
