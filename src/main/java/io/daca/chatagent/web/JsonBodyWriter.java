package io.daca.chatagent.web;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Writes this app's own response types with {@link JsonCodec}, keeping field order stable. */
@Provider
@Produces({MediaType.APPLICATION_JSON, ProblemDetail.MEDIA_TYPE})
public class JsonBodyWriter implements MessageBodyWriter<Object> {

    private static final String OWN_PACKAGE = "io.daca.chatagent";

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.getPackageName().startsWith(OWN_PACKAGE);
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        JsonCodec.MAPPER.writeValue(out, value);
    }
}
