package dev.jgrad.autograd.viz;

/** The formula of each primitive op (output and local derivatives) shown when a node is clicked. */
final class Formulas {
  private Formulas() {}

  /** Returns {@code out = f(inputs); local derivatives} for an op name, or a generic text. */
  static String of(String op) {
    if (op == null) {
      return "a leaf: an input of the graph (its gradient is where backward ends)";
    }
    switch (op) {
      case "add":
        return "out = a + b;  dout/da = 1,  dout/db = 1";
      case "sub":
        return "out = a - b;  dout/da = 1,  dout/db = -1";
      case "mul":
        return "out = a * b;  dout/da = b,  dout/db = a";
      case "div":
        return "out = a / b;  dout/da = 1/b,  dout/db = -a/b^2";
      case "pow":
        return "out = x^p;  dout/dx = p * x^(p-1)  (and dout/dp = out * ln x for a tensor p)";
      case "neg":
        return "out = -x;  dout/dx = -1";
      case "exp":
        return "out = e^x;  dout/dx = e^x = out";
      case "log":
        return "out = ln x;  dout/dx = 1/x";
      case "sqrt":
        return "out = sqrt(x);  dout/dx = 1 / (2 sqrt(x))";
      case "abs":
        return "out = |x|;  dout/dx = sign(x)";
      case "sin":
        return "out = sin x;  dout/dx = cos x";
      case "cos":
        return "out = cos x;  dout/dx = -sin x";
      case "tanh":
        return "out = tanh x;  dout/dx = 1 - out^2";
      case "sigmoid":
        return "out = 1 / (1 + e^-x);  dout/dx = out (1 - out)";
      case "relu":
        return "out = max(x, 0);  dout/dx = 1 if x > 0 else 0";
      case "softplus":
        return "out = ln(1 + e^x);  dout/dx = sigmoid(x)";
      case "erf":
        return "out = erf x;  dout/dx = 2/sqrt(pi) e^(-x^2)";
      case "where":
        return "out = cond ? a : b;  dout/da = cond,  dout/db = 1 - cond";
      case "sum":
        return "out = sum of x (all or along a dim);  dout/dx_i = 1 (the gradient is copied back)";
      case "max":
        return "out = max of x;  dout/dx_i = 1/k at the k places that attain the max, else 0";
      case "matmul":
        return "out = A @ B;  dL/dA = upstream @ B^T,  dL/dB = A^T @ upstream";
      case "reshape":
      case "permute":
      case "expand":
      case "narrow":
      case "cat":
      case "indexSelect":
      case "indexAdd":
        return "out = " + op + "(x): moves numbers;  the gradient moves back the same way (summed where copied)";
      default:
        return "out = " + op + "(inputs): a user-defined op;  its backward gives the local derivatives";
    }
  }
}
