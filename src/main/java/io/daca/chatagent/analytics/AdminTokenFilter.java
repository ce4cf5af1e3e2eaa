package io.daca.chatagent.analytics;

import io.daca.chatagent.config.AnalyticsSettings;
import io.daca.chatagent.web.ProblemDetail;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * When {@code analytics.admin-token} is set, an {@link AdminOperation} needs
 * {@code Authorization: Bearer <token>}; without it, or with another token, the answer is a 401
 * problem and nothing changes. Unset, the operation is open (the start-up log says so).
 */
@Provider
@AdminOperation
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    AnalyticsSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> expected = settings.adminToken();
        if (expected.isEmpty()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : null;
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                expected.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.fromResponse(ProblemDetail.response(Response.Status.UNAUTHORIZED,
                            "This operation needs the admin token: Authorization: Bearer <analytics.admin-token>"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
    }
}
