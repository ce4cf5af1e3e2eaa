/**
 * The app's own hash partitioner (MD5 of a user id mod {@code partitions.count}, as the reference)
 * and the actors active on this host by partition. Depends on {@code config} only.
 */
package io.daca.chatagent.partition;
