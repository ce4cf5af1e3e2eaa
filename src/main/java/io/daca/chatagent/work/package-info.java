/**
 * Thread pools for work that must not hold a request thread, made of the container's managed
 * threads so that a task pays no context capture ({@link io.daca.chatagent.work.ContextPools}).
 * Depends on nothing else in the application.
 */
package io.daca.chatagent.work;
