/**
 * The HTTP surface shared by every feature: the JAX-RS application, RFC 9457 problem details and
 * the exception mappers that produce them, the request body guard, strict JSON parsing and the
 * OpenAPI filter. Depends on {@code config} only.
 */
package io.daca.chatagent.web;
