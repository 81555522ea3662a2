/**
 * A property-based testing kit for jgrad users, on jqwik: arbitraries that draw tensors of random
 * shapes (size-1 dims and broadcasting included) with values kept away from an op's kinks, and
 * {@link dev.jgrad.testing.GradientProperties}, which turns a user-defined {@link
 * dev.jgrad.autograd.Function} into a first- and second-order gradient property in one line. Checks
 * run in double precision with central differences and a random upstream gradient.
 */
package dev.jgrad.testing;
