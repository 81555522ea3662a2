package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whole-module properties of the sequence modules: a multi-layer {@link Lstm} (and {@link Gru},
 * {@link Rnn}) equals its cell unrolled by hand; {@link MultiHeadAttention} equals the formula
 * written out with loops over plain arrays (masks, fully blocked rows included); {@link RmsNorm}
 * equals its formula; bad shapes give clear messages.
 */
class SequenceModulesProperties {

  /** Copies layer {@code k}'s weights of a multi-layer module into a cell. */
  private static <C extends RecurrentCell> C cellOf(RecurrentLayer layer, int k, C cell) {
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (String w : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
      state.put(w, layer.namedParameters().get(w + "_l" + k));
    }
    cell.loadStateDict(state);
    return cell;
  }

  @Property(tries = 30)
  void lstmEqualsItsCellUnrolled(
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 1, max = 5) int steps,
      @ForAll @IntRange(min = 1, max = 3) int layers,
      @ForAll long seed) {
    Random r = new Random(seed);
    int in = 1 + r.nextInt(4);
    int hidden = 1 + r.nextInt(4);
    Lstm lstm = new Lstm(in, hidden, layers, true, r);
    Tensor x = Tensor.randn(r, batch, steps, in);
    Tensor h0 = Tensor.randn(r, layers, batch, hidden);
    Tensor c0 = Tensor.randn(r, layers, batch, hidden);
    RecurrentLayer.Output out = lstm.forward(x, h0, c0);

    List<Tensor> inputs = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      inputs.add(x.narrow(1, t, 1).squeeze(1));
    }
    List<Tensor> hn = new ArrayList<>();
    List<Tensor> cn = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      LstmCell cell = cellOf(lstm, k, new LstmCell(k == 0 ? in : hidden, hidden, r));
      LstmCell.State state =
          new LstmCell.State(h0.narrow(0, k, 1).squeeze(0), c0.narrow(0, k, 1).squeeze(0));
      List<Tensor> outputs = new ArrayList<>();
      for (Tensor xt : inputs) {
        state = cell.step(xt, state);
        outputs.add(state.hidden());
      }
      inputs = outputs;
      hn.add(state.hidden());
      cn.add(state.cell());
    }
    assertArrayEquals(Tensor.stack(inputs, 1).toArray(), out.output().toArray(), 1e-12);
    assertArrayEquals(Tensor.stack(hn, 0).toArray(), out.hidden().toArray(), 1e-12);
    assertArrayEquals(Tensor.stack(cn, 0).toArray(), out.cell().toArray(), 1e-12);
  }

  /** GRU and RNN, sequence-first, against their cells; unbatched input equals a batch of one. */
  @Property(tries = 30)
  void gruAndRnnEqualTheirCellsUnrolled(
      @ForAll @IntRange(min = 1, max = 5) int steps, @ForAll boolean gru, @ForAll long seed) {
    Random r = new Random(seed);
    int in = 1 + r.nextInt(4);
    int hidden = 1 + r.nextInt(4);
    int batch = 1 + r.nextInt(3);
    RecurrentLayer layer = gru ? new Gru(in, hidden, 1, false, r) : new Rnn(in, hidden, 1, false, r);
    RecurrentCell cell =
        cellOf(layer, 0, gru ? new GruCell(in, hidden, r) : new RnnCell(in, hidden, r));
    Tensor x = Tensor.randn(r, steps, batch, in);
    Tensor h = null;
    List<Tensor> outputs = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      Tensor xt = x.narrow(0, t, 1).squeeze(0);
      h = gru ? ((GruCell) cell).forward(xt, h) : ((RnnCell) cell).forward(xt, h);
      outputs.add(h);
    }
    RecurrentLayer.Output out = layer.run(x, null, null);
    assertArrayEquals(Tensor.stack(outputs, 0).toArray(), out.output().toArray(), 1e-12);
    assertArrayEquals(h.toArray(), out.hidden().toArray(), 1e-12);
    Tensor first = x.narrow(1, 0, 1).squeeze(1); // [steps, in], unbatched
    RecurrentLayer.Output single = layer.run(first, null, null);
    assertArrayEquals(new int[] {steps, hidden}, single.output().shape());
    assertArrayEquals(
        out.output().narrow(1, 0, 1).squeeze(1).toArray(), single.output().toArray(), 1e-12);
  }

  /**
   * Attention computed with loops over plain arrays: per batch, head and query, the scaled dot
   * products with the allowed keys, their softmax (all zeros when no key is allowed), the
   * weighted sum of values, then the output projection. Blocked by the causal mask, the key
   * padding mask and the attention mask (each may block whole rows); empty batches, no queries and
   * no keys (every query then blocked everywhere) included; in F64 and F32. The gradients of the
   * query, key and value are finite.
   */
  @Property(tries = 60)
  void multiHeadAttentionEqualsTheWrittenOutFormula(
      @ForAll @IntRange(min = 1, max = 3) int heads,
      @ForAll @IntRange(min = 1, max = 3) int headSize,
      @ForAll @IntRange(min = 0, max = 4) int queries,
      @ForAll @IntRange(min = 0, max = 4) int keys,
      @ForAll boolean causal,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    int e = heads * headSize;
    int batch = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(2);
    DType dtype = f32 ? DType.F32 : DType.F64;
    MultiHeadAttention mha = new MultiHeadAttention(e, heads, r);
    mha.to(dtype);
    Tensor q = Tensor.randn(r, batch, queries, e).to(dtype).requiresGrad();
    Tensor k = Tensor.randn(r, batch, keys, e).to(dtype).requiresGrad();
    Tensor v = Tensor.randn(r, batch, keys, e).to(dtype).requiresGrad();
    double[] pad = new double[batch * keys];
    for (int i = 0; i < pad.length; i++) {
      pad[i] = r.nextInt(4) == 0 ? 1 : 0; // some rows end up fully blocked
    }
    double[] attn = null;
    if (r.nextBoolean()) {
      attn = new double[queries * keys];
      int fullRow = queries == 0 ? -1 : r.nextInt(queries); // one query blocked from every key
      for (int i = 0; i < attn.length; i++) {
        attn[i] = i / Math.max(keys, 1) == fullRow || r.nextInt(4) == 0 ? 1 : 0;
      }
    }
    Tensor padding = r.nextInt(4) == 0 ? null : Tensor.of(pad, batch, keys);
    if (padding == null) {
      java.util.Arrays.fill(pad, 0);
    }
    Tensor attnMask = attn == null ? null : Tensor.of(attn, queries, keys);
    MultiHeadAttention.Output got = mha.attend(q, k, v, padding, attnMask, causal);

    Map<String, Tensor> p = mha.namedParameters();
    double[] w = p.get("in_proj_weight").toArray();
    double[] bias = p.get("in_proj_bias").toArray();
    double[] wo = p.get("out_proj.weight").toArray();
    double[] bo = p.get("out_proj.bias").toArray();
    double[][] qp = project(q.toArray(), batch * queries, e, w, bias, 0);
    double[][] kp = project(k.toArray(), batch * keys, e, w, bias, 1);
    double[][] vp = project(v.toArray(), batch * keys, e, w, bias, 2);
    double[] weights = new double[batch * heads * queries * keys];
    double[] out = new double[batch * queries * e];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < queries; i++) {
        double[] merged = new double[e];
        for (int h = 0; h < heads; h++) {
          double[] s = new double[keys];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < keys; j++) {
            boolean blocked = (causal && j > i) || pad[b * keys + j] != 0
                || (attn != null && attn[i * keys + j] != 0);
            s[j] = Double.NEGATIVE_INFINITY;
            if (!blocked) {
              double dot = 0;
              for (int d = 0; d < headSize; d++) {
                dot += qp[b * queries + i][h * headSize + d] * kp[b * keys + j][h * headSize + d];
              }
              s[j] = dot / Math.sqrt(headSize);
              max = Math.max(max, s[j]);
            }
          }
          double total = 0;
          for (int j = 0; j < keys; j++) {
            s[j] = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(s[j] - max);
            total += s[j];
          }
          for (int j = 0; j < keys; j++) {
            double a = total == 0 ? 0 : s[j] / total;
            weights[((b * heads + h) * queries + i) * keys + j] = a;
            for (int d = 0; d < headSize; d++) {
              merged[h * headSize + d] += a * vp[b * keys + j][h * headSize + d];
            }
          }
        }
        for (int o = 0; o < e; o++) {
          double sum = bo[o];
          for (int c = 0; c < e; c++) {
            sum += wo[o * e + c] * merged[c];
          }
          out[(b * queries + i) * e + o] = sum;
        }
      }
    }
    double tolerance = f32 ? 1e-4 : 1e-12;
    assertArrayEquals(new int[] {batch, heads, queries, keys}, got.weights().shape());
    assertArrayEquals(new int[] {batch, queries, e}, got.output().shape());
    assertEquals(dtype, got.output().dtype());
    assertArrayEquals(weights, got.weights().toArray(), tolerance);
    assertArrayEquals(out, got.output().toArray(), tolerance);
    assertTrue(got.output().isFinite(), "fully blocked rows stay finite");
    Tensor u = Tensor.randn(r, got.output().shape()).to(dtype);
    got.output().backward(u);
    for (Tensor x : List.of(q, k, v)) {
      assertTrue(x.grad() != null && x.grad().isFinite(), () -> "gradient " + x.grad());
      assertEquals(dtype, x.grad().dtype(), "the gradient has the input's dtype");
    }
  }

  private static double[][] project(double[] x, int rows, int e, double[] w, double[] b, int part) {
    double[][] out = new double[rows][e];
    for (int n = 0; n < rows; n++) {
      for (int o = 0; o < e; o++) {
        double sum = b[part * e + o];
        for (int c = 0; c < e; c++) {
          sum += w[(part * e + o) * e + c] * x[n * e + c];
        }
        out[n][o] = sum;
      }
    }
    return out;
  }

  /** A query row whose keys are all padding gets zero weights, a finite output and gradient. */
  @Example
  void fullyBlockedRowGivesZeroWeightsAndFiniteGradients() {
    Random r = new Random(3);
    MultiHeadAttention mha = new MultiHeadAttention(4, 2, r);
    Tensor x = Tensor.randn(r, 2, 3, 4).requiresGrad();
    Tensor padding = Tensor.of(new double[] {0, 0, 1, 1, 1, 1}, 2, 3); // sequence 1 is all padding
    MultiHeadAttention.Output out = mha.selfAttend(x, padding, false);
    assertArrayEquals(new double[18], out.weights().narrow(0, 1, 1).toArray());
    out.output().sum().backward();
    assertTrue(x.grad().isFinite(), () -> "gradient " + x.grad());
    // Sequence 1's output is the output bias (0 at init) for every position, so its input has no
    // gradient through attention.
    assertArrayEquals(new double[12], x.grad().narrow(0, 1, 1).toArray(), 0);
  }

  /**
   * Empty sequences and batches. A recurrent layer over no time steps has no output or final state
   * to give, so it is an error naming the layer (as PyTorch's "Expected sequence length to be
   * larger than 0"); an empty batch runs and gives empty outputs. Attention with no keys treats
   * every query as fully blocked: empty weights and the output bias (it used to blame softmax, the
   * op inside it); no queries or an empty batch give empty outputs.
   */
  @Example
  void emptySequencesAndBatches() {
    Random r = new Random(5);
    List<RecurrentLayer> layers =
        List.of(new Lstm(3, 4, 2, true, r), new Gru(3, 4, 2, true, r), new Rnn(3, 4, 2, true, r));
    for (RecurrentLayer layer : layers) {
      String name = layer.getClass().getSimpleName();
      assertMessage(name + ": the sequence is empty (input shape [2, 0, 3])",
          () -> layer.forward(Tensor.zeros(2, 0, 3)));
      assertMessage(name + ": the sequence is empty (input shape [0, 3])",
          () -> layer.forward(Tensor.zeros(0, 3)));
      Tensor none = Tensor.zeros(0, 5, 3).requiresGrad();
      RecurrentLayer.Output out = layer.run(none, null, null);
      assertArrayEquals(new int[] {0, 5, 4}, out.output().shape(), name);
      assertArrayEquals(new int[] {2, 0, 4}, out.hidden().shape(), name);
      out.output().sum().backward();
      assertArrayEquals(new int[] {0, 5, 3}, none.grad().shape(), name);
    }
    for (RecurrentCell cell : List.of(new LstmCell(3, 4, r), new GruCell(3, 4, r), new RnnCell(3, 4, r))) {
      assertArrayEquals(new int[] {0, 4}, cell.forward(Tensor.zeros(0, 3)).shape());
    }

    MultiHeadAttention mha = new MultiHeadAttention(4, 2, r);
    mha.namedParameters().get("out_proj.bias").assign(Tensor.of(new double[] {1, 2, 3, 4}));
    Tensor q = Tensor.randn(r, 2, 3, 4).requiresGrad();
    Tensor noKeys = Tensor.zeros(2, 0, 4).requiresGrad();
    for (Tensor padding : java.util.Arrays.asList(null, Tensor.zeros(2, 0))) {
      MultiHeadAttention.Output out = mha.attend(q, noKeys, noKeys, padding, null, true);
      assertArrayEquals(new int[] {2, 2, 3, 0}, out.weights().shape());
      double[] bias = new double[24];
      for (int i = 0; i < bias.length; i++) {
        bias[i] = 1 + i % 4;
      }
      assertArrayEquals(bias, out.output().toArray(), 0);
      out.output().sum().backward();
      assertArrayEquals(new double[24], q.grad().toArray(), 0, "no key, no gradient to the query");
      q.zeroGrad();
    }
    assertMessage("MultiHeadAttention: the key padding mask has shape [2, 1], expected [2, 0]",
        () -> mha.attend(q, noKeys, noKeys, Tensor.zeros(2, 1), null, false));
    assertArrayEquals(new int[] {2, 0, 4}, mha.selfAttend(Tensor.zeros(2, 0, 4), null, true).output().shape());
    assertArrayEquals(new int[] {0, 3, 4}, mha.selfAttend(Tensor.zeros(0, 3, 4), Tensor.zeros(0, 3), true).output().shape());
  }

  @Property(tries = 50)
  void rmsNormEqualsItsFormula(@ForAll @IntRange(min = 1, max = 6) int features, @ForAll long seed) {
    Random r = new Random(seed);
    RmsNorm norm = new RmsNorm(features, 1e-5);
    Tensor x = Tensor.randn(r, 3, features);
    double[] xs = x.toArray();
    double[] want = new double[xs.length];
    for (int n = 0; n < 3; n++) {
      double ms = 0;
      for (int c = 0; c < features; c++) {
        ms += xs[n * features + c] * xs[n * features + c] / features;
      }
      for (int c = 0; c < features; c++) {
        want[n * features + c] = xs[n * features + c] / Math.sqrt(ms + 1e-5);
      }
    }
    assertArrayEquals(want, norm.forward(x).toArray(), 1e-12);
    Tensor f32 = new RmsNorm(features).to(DType.F32).forward(x.to(DType.F32));
    assertEquals(DType.F32, f32.dtype());
  }

  @Example
  void badShapesAreNamed() {
    Random r = new Random(1);
    Lstm lstm = new Lstm(3, 4, 2, true, r);
    assertMessage("Lstm: input shape [2, 5, 2] must be [batch, seq, 3] or [seq, 3]",
        () -> lstm.forward(Tensor.zeros(2, 5, 2)));
    assertMessage("Lstm: the sequence is empty (input shape [2, 0, 3])",
        () -> lstm.forward(Tensor.zeros(2, 0, 3)));
    assertMessage("Lstm: the h0 has shape [1, 2, 4], expected [2, 2, 4]",
        () -> lstm.forward(Tensor.zeros(2, 5, 3), Tensor.zeros(1, 2, 4), null));
    assertMessage("LstmCell: input shape [2, 2] must be [batch, 3]",
        () -> new LstmCell(3, 4, r).forward(Tensor.zeros(2, 2)));
    MultiHeadAttention mha = new MultiHeadAttention(4, 2, r);
    assertMessage("MultiHeadAttention: embedDim 6 must be a positive multiple of heads 4",
        () -> new MultiHeadAttention(6, 4, r));
    assertMessage(
        "MultiHeadAttention: the key padding mask has shape [2, 2], expected [2, 3] ([batch, key"
            + " length])",
        () -> mha.selfAttend(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 2), false));
    assertMessage(
        "MultiHeadAttention: the attention mask has shape [3, 2], expected [3, 3]",
        () -> mha.attend(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 4), null,
            Tensor.zeros(3, 2), false));
    assertMessage("MultiHeadAttention: the query has shape [2, 3, 5], expected [batch, length, 4]",
        () -> mha.forward(Tensor.zeros(2, 3, 5)));
    assertMessage("crossEntropy: targets have shape [2, 3], but logits [2, 5, 4] need [2, 4]",
        () -> Losses.crossEntropy(Tensor.zeros(2, 5, 4), Tensor.zeros(2, 3), -1, Reduction.MEAN));
    assertMessage(
        "crossEntropy: target 1 is class 7, outside [0, 5) and not the ignore index -1",
        () -> Losses.crossEntropy(Tensor.zeros(2, 5), Tensor.of(new double[] {0, 7}), -1,
            Reduction.MEAN));
  }

  private static void assertMessage(String start, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertTrue(e.getMessage().startsWith(start), () -> "message was: " + e.getMessage());
  }
}
