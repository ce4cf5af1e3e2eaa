package io.daca.chatagent.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;

/**
 * The page ({@code /}, {@code /index.html}, {@code /assets/...}) and the OpenAPI UI
 * ({@code /openapi-ui/...}): static files of this WAR (src/main/webapp).
 *
 * <p>The JAX-RS application is at the root ({@code @ApplicationPath("/")}, since daprd calls
 * {@code /dapr/config} and {@code /actors/...} there), so its servlet takes {@code /*} and would
 * answer these paths with a 404. These exact and longer mappings win over {@code /*}. Every other
 * path stays with JAX-RS, so an unknown API path still gets its JSON problem 404.
 *
 * <p>The files are written here rather than handed to the container's default servlet (which an
 * application cannot map in its web.xml on Payara, only reach by a named forward): no dependence on
 * that servlet's name and settings, and a missing file gets the same JSON problem 404 as the API.
 */
@WebServlet(urlPatterns = {"", "/index.html", "/assets/*", "/openapi-ui/*"})
public class StaticPages extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            problem(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method not allowed on this resource");
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.equals("/openapi-ui")) {
            // The UI's files are relative to its folder.
            response.sendRedirect(request.getContextPath() + "/openapi-ui/");
            return;
        }
        if (path.isEmpty() || path.endsWith("/")) {
            path = path + (path.isEmpty() ? "/" : "") + "index.html";
        }
        URL file = path.contains("..") || path.contains("//") ? null : getServletContext().getResource(path);
        if (file == null || path.endsWith("/")) {
            problem(response, HttpServletResponse.SC_NOT_FOUND, "No such resource");
            return;
        }
        URLConnection connection = file.openConnection();
        long modified = connection.getLastModified() / 1000 * 1000;
        long since = request.getDateHeader("If-Modified-Since");
        if (modified > 0 && since >= modified) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        String type = getServletContext().getMimeType(path);
        response.setContentType(type == null ? "application/octet-stream"
                : type.startsWith("text/") || type.endsWith("javascript") ? type + ";charset=UTF-8" : type);
        if (modified > 0) {
            response.setDateHeader("Last-Modified", modified);
        }
        // Revalidate every time: a new build must show at once (the files are small).
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLengthLong(connection.getContentLengthLong());
        try (InputStream in = connection.getInputStream()) {
            if (request.getMethod().equals("GET")) {
                in.transferTo(response.getOutputStream());
            }
        }
    }

    private static void problem(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(ProblemDetail.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ProblemDetail.of(status, detail).toJson());
    }
}
