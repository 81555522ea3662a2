package dev.jgrad.autograd;

/**
 * A primitive operation of the graph: its forward computation and its vector-Jacobian product,
 * side by side in one class.
 *
 * <p>Each permitted class has a static {@code apply} method (the forward pass) and implements
 * {@link #backward}: given the upstream gradient {@code dL/dout}, it returns
 * {@code dL/dinput} for each input, computed with ordinary differentiable {@link Tensor} ops.
 * Because the rule is itself written with tensor ops, running it with grad mode on records a
 * graph of the backward pass, which gives gradients of gradients for every op. The engine
 * multiplies nothing and knows nothing of particular ops; it calls {@code backward} once per node
 * and sums the results (the chain rule). Composite ops (softmax, gelu, clamp...) are built from
 * these primitives in {@link Tensor} and need no rule of their own.
 */
public sealed interface Op
    permits UnaryOps.Neg,
        UnaryOps.Exp,
        UnaryOps.Log,
        UnaryOps.Sqrt,
        UnaryOps.Abs,
        UnaryOps.Sin,
        UnaryOps.Cos,
        UnaryOps.Tanh,
        UnaryOps.Sigmoid,
        UnaryOps.Relu,
        UnaryOps.Softplus,
        UnaryOps.Erf,
        UnaryOps.PowScalar,
        BinaryOps.Add,
        BinaryOps.Sub,
        BinaryOps.Mul,
        BinaryOps.Div,
        BinaryOps.Pow,
        BinaryOps.Where,
        ReduceOps.SumAll,
        ReduceOps.Sum,
        ReduceOps.Max,
        LinalgOps.MatMul,
        LinalgOps.Linear,
        ShapeOps.Reshape,
        ShapeOps.Permute,
        ShapeOps.Expand,
        ShapeOps.Narrow,
        ShapeOps.Cat,
        ShapeOps.IndexSelect,
        ShapeOps.IndexAdd,
        Function.CustomOp {

  /** Returns the op's name as users see it in errors and graph pictures, e.g. {@code "matmul"}. */
  String name();

  /**
   * Returns the gradient of the loss with respect to each input (the vector-Jacobian product),
   * or {@code null} at an index where no gradient flows. The engine sums a returned gradient
   * down to its input's shape when the op broadcast that input.
   *
   * @param upstream the gradient of the loss with respect to {@code output}
   * @param output the node this op produced
   * @param inputs the op's inputs, in the order given to {@code apply}
   */
  Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs);
}
