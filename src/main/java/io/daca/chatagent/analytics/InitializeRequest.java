package io.daca.chatagent.analytics;

import io.daca.chatagent.web.ApiException;
import io.daca.chatagent.web.StrictJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;

/** Reads the count of {@code POST /analytics/{id}/initialize} from its body or query. */
final class InitializeRequest {

    private InitializeRequest() {
    }

    static long messageCount(String body, String contentType, String query, long max) {
        boolean hasBody = body != null && !body.isBlank();
        if (hasBody) {
            if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
                throw new ApiException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
            }
            long fromBody = fromBody(body, max);
            if (query != null && !query.isBlank() && parse(query, max) != fromBody) {
                throw ApiException.badRequest("message_count in the body and in the query disagree");
            }
            return fromBody;
        }
        if (query == null || query.isBlank()) {
            throw ApiException.badRequest("Missing message_count: send {\"message_count\":N} or ?message_count=N");
        }
        return parse(query, max);
    }

    private static long fromBody(String body, long max) {
        JsonObject json = StrictJson.requestObject(body, "like {\"message_count\":5}");
        if (!(json.get("message_count") instanceof JsonNumber number)) {
            throw ApiException.badRequest("message_count must be a non-negative integer");
        }
        if (!number.isIntegral()) {
            throw ApiException.badRequest("message_count must be a whole number");
        }
        return check(number.bigIntegerValue(), max);
    }

    private static long parse(String text, long max) {
        try {
            return check(new java.math.BigInteger(text.trim()), max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("message_count must be a non-negative integer, got '" + text + "'");
        }
    }

    private static long check(java.math.BigInteger value, long max) {
        if (value.signum() < 0) {
            throw ApiException.badRequest("message_count must not be negative");
        }
        if (value.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
            throw ApiException.badRequest("message_count must be at most " + max);
        }
        return value.longValueExact();
    }
}
