/**
 * The service's settings: one record per key prefix ({@code dapr}, {@code actors}, {@code chat},
 * {@code events}, {@code analytics}, {@code partitions}, and the instance's namespace and id),
 * read from MicroProfile Config and checked when the application starts. Depends on nothing else
 * in the application.
 */
package io.daca.chatagent.config;
