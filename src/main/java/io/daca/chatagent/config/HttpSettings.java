package io.daca.chatagent.config;

/**
 * Limits of the HTTP surface (keys {@code http.*}).
 *
 * @param maxBodyBytes the largest request body read; a larger one gets a 413 before it is parsed
 */
public record HttpSettings(int maxBodyBytes) {
}
