package io.daca.chatagent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** A plain HTTP client for the service under test, as curl would call it. */
final class ServiceClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<String, String> headers;

    ServiceClient(String baseUrl) {
        this(baseUrl, Map.of());
    }

    private ServiceClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = headers;
    }

    /** A client for the same base URL that adds this header to every request, e.g. {@code dapr-api-token}. */
    ServiceClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ServiceClient(baseUrl, Map.copyOf(more));
    }

    HttpResponse<String> chat(String actorId, String content) {
        return post("/chat/" + actorId, "{\"role\": \"user\", \"content\": " + quote(content) + "}");
    }

    HttpResponse<String> post(String path, String body) {
        return post(path, body, "application/json");
    }

    HttpResponse<String> post(String path, String body, String contentType) {
        return send("POST", path, body, contentType);
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    /** Any method; a null body sends none, a null content type no Content-Type header. */
    HttpResponse<String> send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (method.equals("GET") && body == null) {
            request.GET();
        } else {
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    JsonNode history(String actorId) {
        HttpResponse<String> response = get("/chat/" + actorId + "/history");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET history of " + actorId + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response).get("history");
    }

    /** A user's message_count in analytics; 0 while analytics has not seen the user (404). */
    long messageCount(String user) {
        HttpResponse<String> response = get("/analytics/" + user);
        return response.statusCode() == 404 ? 0 : json(response).get("message_count").asLong();
    }

    /** GET /analytics: the totals, per partition, actors and deliveries. */
    JsonNode overview() {
        return json(get("/analytics"));
    }

    /** How many events analytics received on one subscription route. */
    long deliveries(String route) {
        return json(get("/analytics")).get("deliveries").path(route).asLong(0);
    }

    /**
     * The sum of the samples of one application metric in {@code /metrics} (Prometheus text) whose
     * labels contain {@code label} (e.g. {@code route="/subscribe"}).
     */
    double metric(String name, String label) {
        return ok(get("/metrics")).lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of a 200 answer; anything else fails the test with the answer in the message. */
    String ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** A history as "role:content" strings, easy to compare as a whole. */
    static List<String> entries(JsonNode history) {
        return StreamSupport.stream(history.spliterator(), false)
                .map(entry -> entry.get("role").asText() + ":" + entry.get("content").asText())
                .toList();
    }
}
