/**
 * Weights on disk: {@link dev.jgrad.nn.io.SafeTensors} saves and loads a model's state dict in the
 * safetensors format (interoperable with PyTorch), validating every header field before any tensor
 * is allocated and writing atomically.
 */
package dev.jgrad.nn.io;
