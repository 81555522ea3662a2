/**
 * The small data sets shipped in the examples' resources (UCI digits, Fisher's iris,
 * micrograd's two moons), loaded into plain arrays. The folder's README gives each set's source
 * and licence.
 */
package dev.jgrad.examples.data;
