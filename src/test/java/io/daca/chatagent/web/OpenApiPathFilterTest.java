package io.daca.chatagent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OpenApiPathFilterTest {

    @Test
    void stripsRegexFromPathTemplates() {
        assertEquals("/chat/{actor_id}/history", OpenApiPathFilter.plainTemplate("/chat/{actor_id: [^/]*}/history"));
        assertEquals("/chat/{actor_id}", OpenApiPathFilter.plainTemplate("/chat/{ actor_id : [a-z]+ }"));
        assertEquals("/actors/{type}/{id}", OpenApiPathFilter.plainTemplate("/actors/{type}/{id}"));
    }
}
