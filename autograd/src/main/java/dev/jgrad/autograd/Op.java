package dev.jgrad.autograd;

/**
 * A primitive operation of the graph: its forward computation, its vector-Jacobian product and
 * what pictures need to know about it, side by side in one record.
 *
 * <p>{@link #forward} computes the output values (no graph); {@link #backward}, given the
 * upstream gradient {@code dL/dout}, returns {@code dL/dinput} for each input, computed with
 * ordinary differentiable {@link Tensor} ops. Because the rule is itself written with tensor ops,
 * running it with grad mode on records a graph of the backward pass, which gives gradients of
 * gradients for every op. An op may add a {@link #fastBackward} that the engine uses when no
 * graph is recorded. The engine ({@code graph.Engine}) multiplies nothing and knows nothing of
 * particular ops; it calls the rule once per node and sums the results (the chain rule).
 * Composite ops (softmax, gelu, clamp...) are built from these primitives in the family files and
 * need no rule of their own. {@code docs/adding-an-op.md} shows how to add a primitive.
 */
public sealed interface Op
    permits UnaryOps.Neg,
        UnaryOps.Exp,
        UnaryOps.Log,
        UnaryOps.Log1p,
        UnaryOps.Sqrt,
        UnaryOps.Abs,
        UnaryOps.Sin,
        UnaryOps.Cos,
        UnaryOps.Tanh,
        UnaryOps.Sigmoid,
        UnaryOps.Relu,
        UnaryOps.Softplus,
        UnaryOps.Erf,
        UnaryOps.GeluTanh,
        UnaryOps.PowScalar,
        UnaryOps.Cast,
        BinaryOps.Add,
        BinaryOps.Sub,
        BinaryOps.Mul,
        BinaryOps.Div,
        BinaryOps.Pow,
        BinaryOps.Where,
        ReduceOps.SumAll,
        ReduceOps.Sum,
        ReduceOps.Max,
        ReduceOps.Softmax,
        ReduceOps.LogSoftmax,
        NormOps.LayerNorm,
        LinalgOps.MatMul,
        LinalgOps.Linear,
        ShapeOps.Reshape,
        ShapeOps.Permute,
        ShapeOps.Expand,
        ShapeOps.Narrow,
        ShapeOps.Cat,
        ShapeOps.IndexSelect,
        ShapeOps.IndexAdd,
        Function.CustomOp,
        IndexOps.Cumsum,
        ConvOps.Unfold,
        ConvOps.Fold,
        ConvOps.MaxPool,
        RecurrentOps.LstmCell {

  /**
   * Returns the op's name as users see it in errors and graph pictures, e.g. {@code "matmul"}.
   *
   * @return the op's name
   */
  String name();

  /**
   * Returns the formula a graph picture shows for a node of this op: the output and the local
   * derivatives, e.g. {@code "out = a * b;  dout/da = b,  dout/db = a"}.
   *
   * @return the formula of the output and the local derivatives
   */
  String formula();

  /** {@return how a graph of scalars expresses this op (see {@code viz.ScalarGraph})} */
  ScalarForm scalarForm();

  /**
   * {@return the output values for {@code inputs} as a new tensor that is not part of any graph;
   * the graph recorder ({@code graph.Graph.record}) makes it a node}
   *
   * @param inputs the op's inputs
   */
  Tensor forward(Tensor[] inputs);

  /**
   * {@return the gradient of the loss with respect to each input (the vector-Jacobian product),
   * or {@code null} at an index where no gradient flows} The engine sums a returned gradient
   * down to its input's shape when the op broadcast that input, and converts it to the input's
   * dtype.
   *
   * @param upstream the gradient of the loss with respect to {@code output}
   * @param output the node this op produced
   * @param inputs the op's inputs, in the order given to {@code forward}
   */
  Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs);

  /**
   * Returns the same gradients as {@link #backward} through a first-order shortcut (straight
   * kernel calls, no differentiable ops), or null when the op has none for these arguments. The
   * engine calls it only when no graph of the backward pass is recorded; a property test checks
   * each shortcut against {@link #backward}.
   *
   * @param upstream the gradient of the loss with respect to {@code output}
   * @param output the node this op produced
   * @param inputs the op's inputs, in the order given to {@code forward}
   * @return one gradient per input, or null when the op has no shortcut for these arguments
   */
  default Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
    return null;
  }

  /**
   * Returns the gradients of {@link #fastBackward}, where an op may add an input's gradient
   * straight into that input's pending gradient {@code pending[j]} (the sum of what other nodes
   * sent it so far, a tensor of its shape and dtype that only the engine holds; null where there
   * is none) and return that very tensor at index j to say so. The engine passes pending
   * gradients only when no graph is recorded and nothing observes the step. The default adds
   * nothing in place: {@link #fastBackward}'s result. For a weight shared by many nodes (a
   * recurrent layer's, once per time step) this saves a product's zero-filled buffer and a sum
   * per node.
   *
   * @param upstream the gradient of the loss with respect to {@code output}
   * @param output the node this op produced
   * @param inputs the op's inputs, in the order given to {@code forward}
   * @param pending each input's pending gradient, or null
   * @return one gradient per input (possibly {@code pending[j]} itself), or null when the op has
   *     no shortcut for these arguments
   */
  default Tensor[] fastBackwardInto(
      Tensor upstream, Tensor output, Tensor[] inputs, Tensor[] pending) {
    return fastBackward(upstream, output, inputs);
  }

  /**
   * Returns the op's output written with other primitives, for an op of form {@link
   * ScalarForm#COMPOSITE}: a primitive that fuses such a composite for speed. A graph of scalars
   * expands that composite; the result equals {@link #forward} up to rounding. Null for every
   * other op.
   *
   * @param inputs the op's inputs, in the order given to {@code forward}
   * @return the composite's output (recording a graph when an input requires grad), or null
   */
  default Tensor composite(Tensor[] inputs) {
    return null;
  }

  /** How a graph of scalar {@link Value}s expresses an op, element by element. */
  enum ScalarForm {
    /** Each output element is the op itself applied to the (broadcast) input elements. */
    ELEMENTWISE,
    /** Each output element is a copy of one input element (reshape, permute, narrow, where...). */
    MOVEMENT,
    /** Each output element is a sum of input elements (sum, indexAdd). */
    SUM,
    /** A matrix product: each output element is a sum of products. */
    MATMUL,
    /** An affine map {@code x W^T + b}: sums of products plus a bias. */
    AFFINE,
    /** A fused primitive: the graph of scalars expands its {@link Op#composite} instead. */
    COMPOSITE,
    /** Not expressible with scalar values (the op's formula says why). */
    NONE
  }
}
