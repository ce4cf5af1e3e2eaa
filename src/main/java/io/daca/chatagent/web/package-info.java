/**
 * The HTTP surface shared by every feature: the JAX-RS application, RFC 9457 problem details and
 * the exception mappers that produce them, strict JSON parsing and the OpenAPI filter. Depends on
 * nothing else in the application.
 */
package io.daca.chatagent.web;
