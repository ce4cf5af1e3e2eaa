package io.daca.chatagent.chat;

import io.daca.chatagent.config.ChatSettings;
import io.daca.chatagent.web.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Turns {@code {actor_id}}/{@code {user_id}} path parameters into checked {@link UserId}s, once. */
@Provider
public class UserIdConverter implements ParamConverterProvider {

    @Inject
    ChatSettings settings;

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != UserId.class) {
            return null;
        }
        return (ParamConverter<T>) new ParamConverter<UserId>() {
            @Override
            public UserId fromString(String value) {
                try {
                    return UserId.parse(value, settings.maxActorIdLength());
                } catch (ApiException refused) {
                    // Anything but a WebApplicationException from a converter becomes a bare 404.
                    throw new WebApplicationException(refused, refused.status());
                }
            }

            @Override
            public String toString(UserId value) {
                return value.value();
            }
        };
    }
}
