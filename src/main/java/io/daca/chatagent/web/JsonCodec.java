package io.daca.chatagent.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper of the app. Jackson keeps record components in declaration order, so
 * answers read {@code {"role":...,"content":...}} exactly like the reference's.
 */
public final class JsonCodec {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // JAX-RS owns the response stream; closing it here would cut the answer short.
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private JsonCodec() {
    }
}
