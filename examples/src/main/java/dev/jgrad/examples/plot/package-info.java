/**
 * Pictures for the examples, written headless as PNG (and SVG where it stays small): training
 * curves, decision regions, fitted curves and confusion matrices with XChart, and grids of 8x8
 * digit images with plain Java 2D. Also a confusion matrix that prints as a text table.
 */
package dev.jgrad.examples.plot;
