package dev.jgrad.autograd;

/**
 * The result of an op that also reports where each value came from, as PyTorch's {@code
 * torch.max(x, dim)}, {@code sort} and {@code topk} namedtuples: the values (differentiable; the gradient flows to the element each
 * value was taken from) and their indices along the reduced dim (a constant F64 tensor of whole
 * numbers).
 *
 * @param values the reduced values
 * @param indices the position of each value along the reduced (or sorted) dim
 */
public record ValuesAndIndices(Tensor values, Tensor indices) {}
