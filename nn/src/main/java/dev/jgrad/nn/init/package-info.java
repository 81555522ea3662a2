/**
 * Weight initializers (uniform, normal, Glorot/Xavier, He/Kaiming, constants). Each fills a
 * parameter in place from an explicit {@link java.util.Random}, so the same seed always gives the
 * same network. The scaling rules keep activations and gradients at a steady size from layer to
 * layer.
 */
package dev.jgrad.nn.init;
