package io.daca.chatagent.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The page ({@code /}, {@code /index.html}, {@code /assets/...}) and the OpenAPI UI
 * ({@code /openapi-ui/...}): static files of this WAR (src/main/webapp).
 *
 * <p>The JAX-RS application is at the root ({@code @ApplicationPath("/")}, since daprd calls
 * {@code /dapr/config} and {@code /actors/...} there), so its servlet takes {@code /*} and would
 * answer these paths with a 404. These exact and longer mappings win over {@code /*}; the files
 * are then served by the container's own default servlet (ETag, Last-Modified, HEAD, ranges), which
 * an application cannot map in its web.xml on Payara but can dispatch to by name. Every other path
 * stays with JAX-RS, so an unknown API path still gets its JSON problem 404.
 */
@WebServlet(urlPatterns = {"", "/index.html", "/assets/*", "/openapi-ui/*"})
public class StaticPages extends HttpServlet {

    static final String DEFAULT_SERVLET = "default";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            problem(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "Method not allowed on this resource");
            return;
        }
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (servletPath.isEmpty()) {
            // The application's root: the page.
            request.getRequestDispatcher("/index.html").forward(request, response);
        } else if (servletPath.equals("/openapi-ui") && pathInfo == null) {
            // The UI's files are relative to the folder.
            response.sendRedirect(request.getContextPath() + "/openapi-ui/");
        } else if (servletPath.equals("/openapi-ui") && pathInfo.equals("/")) {
            request.getRequestDispatcher("/openapi-ui/index.html").forward(request, response);
        } else {
            RequestDispatcher files = getServletContext().getNamedDispatcher(DEFAULT_SERVLET);
            if (files == null) {
                problem(response, HttpServletResponse.SC_NOT_FOUND, "No such resource");
                return;
            }
            files.forward(request, response);
        }
    }

    private static void problem(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(ProblemDetail.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ProblemDetail.of(status, detail).toJson());
    }
}
