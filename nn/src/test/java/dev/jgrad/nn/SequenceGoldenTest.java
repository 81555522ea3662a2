package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.io.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurrent layers, attention, the pre-norm block and sequence cross-entropy against PyTorch
 * 1.13: weights written by PyTorch (under their state-dict keys) load with {@link
 * Module#loadStateDict}, and outputs and gradients match the ones PyTorch computed. The file
 * comes from {@code nn/src/test/python/sequence_golden.py}.
 */
class SequenceGoldenTest {
  private static Map<String, Tensor> golden;

  @BeforeAll
  static void read(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("torch_sequence.safetensors");
    try (InputStream in =
        SequenceGoldenTest.class.getResourceAsStream("/dev/jgrad/nn/seq/torch_sequence.safetensors")) {
      Files.write(p, in.readAllBytes());
    }
    golden = SafeTensors.read(p).tensors();
  }

  private static Tensor g(String name) {
    Tensor t = golden.get(name);
    assertTrue(t != null, () -> "no tensor " + name + " in the golden file");
    return t;
  }

  /** Loads the weights of {@code case} (keys {@code case.<state-dict key>}) into {@code m}. */
  private static <M extends Module> M load(String prefix, M m) {
    Map<String, Tensor> state = new LinkedHashMap<>();
    golden.forEach(
        (k, v) -> {
          if (k.startsWith(prefix + ".")) {
            state.put(k.substring(prefix.length() + 1), v);
          }
        });
    m.loadStateDict(state);
    return m;
  }

  private static void assertClose(Tensor want, Tensor got, double tol, String what) {
    assertEquals(List.of(boxed(want.shape())), List.of(boxed(got.shape())), what + ": shape");
    double[] w = want.toArray();
    double[] a = got.toArray();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], a[i], tol * (1 + Math.abs(w[i])), what + " element " + i);
    }
  }

  private static Integer[] boxed(int[] shape) {
    Integer[] out = new Integer[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }

  @Test
  void lstmMatchesPyTorch() {
    Lstm lstm = load("lstm", new Lstm(3, 4, 2, true, new Random(1)));
    Tensor x = g("lstm:x").requiresGrad();
    RecurrentLayer.Output out = lstm.forward(x, g("lstm:h0"), g("lstm:c0"));
    assertClose(g("lstm:out"), out.output(), 1e-12, "output");
    assertClose(g("lstm:hn"), out.hidden(), 1e-12, "h_n");
    assertClose(g("lstm:cn"), out.cell(), 1e-12, "c_n");
    out.output().mul(g("lstm:u")).sum().backward();
    assertClose(g("lstm:grad_x"), x.grad(), 1e-12, "grad x");
    assertClose(g("lstm:grad_weight_hh_l0"), lstm.namedParameters().get("weight_hh_l0").grad(),
        1e-12, "grad weight_hh_l0");
  }

  @Test
  void gruMatchesPyTorch() {
    Gru gru = load("gru", new Gru(3, 4, 2, true, new Random(1)));
    Tensor x = g("gru:x").requiresGrad();
    RecurrentLayer.Output out = gru.forward(x, g("gru:h0"));
    assertClose(g("gru:out"), out.output(), 1e-12, "output");
    assertClose(g("gru:hn"), out.hidden(), 1e-12, "h_n");
    out.output().mul(g("gru:u")).sum().backward();
    assertClose(g("gru:grad_x"), x.grad(), 1e-12, "grad x");
    assertClose(g("gru:grad_weight_hh_l0"), gru.namedParameters().get("weight_hh_l0").grad(),
        1e-12, "grad weight_hh_l0");
  }

  @Test
  void rnnMatchesPyTorch() {
    Rnn rnn = load("rnn", new Rnn(3, 4, 1, true, new Random(1)));
    Tensor x = g("rnn:x").requiresGrad();
    RecurrentLayer.Output out = rnn.forward(x, g("rnn:h0"));
    assertClose(g("rnn:out"), out.output(), 1e-12, "output");
    assertClose(g("rnn:hn"), out.hidden(), 1e-12, "h_n");
    out.output().mul(g("rnn:u")).sum().backward();
    assertClose(g("rnn:grad_x"), x.grad(), 1e-12, "grad x");
  }

  @Test
  void selfAttentionWithCausalAndPaddingMasksMatchesPyTorch() {
    MultiHeadAttention mha = load("mha", new MultiHeadAttention(8, 2, new Random(1)));
    Tensor x = g("mha:x").requiresGrad();
    Tensor causal = Tensor.ones(5, 5).triu(1);
    MultiHeadAttention.Output out = mha.attend(x, x, x, g("mha:pad"), causal, false);
    assertClose(g("mha:out"), out.output(), 1e-12, "output");
    assertClose(g("mha:weights"), out.weights(), 1e-12, "weights");
    out.output().mul(g("mha:u")).sum().backward();
    assertClose(g("mha:grad_x"), x.grad(), 1e-12, "grad x");
    assertClose(g("mha:grad_in_proj_weight"), mha.namedParameters().get("in_proj_weight").grad(),
        1e-12, "grad in_proj_weight");
    // The causal flag gives the same as the explicit mask.
    MultiHeadAttention.Output flagged = mha.selfAttend(g("mha:x"), g("mha:pad"), true);
    assertClose(g("mha:out"), flagged.output(), 1e-12, "output with causal = true");
  }

  @Test
  void crossAttentionMatchesPyTorch() {
    MultiHeadAttention mha = load("mha", new MultiHeadAttention(8, 2, new Random(1)));
    MultiHeadAttention.Output out =
        mha.attend(g("cross:q"), g("cross:k"), g("cross:v"), null, null, false);
    assertClose(g("cross:out"), out.output(), 1e-12, "output");
    assertClose(g("cross:weights"), out.weights(), 1e-12, "weights");
  }

  @Test
  void float32WeightsLoadIntoAFloat32Module() {
    // The file stores these as F32; read widens them exactly, and loading rounds them back.
    MultiHeadAttention mha = new MultiHeadAttention(8, 2, new Random(1));
    mha.to(DType.F32);
    load("mha32", mha);
    Tensor out;
    try (Autograd.Scope off = Autograd.noGrad()) {
      out = mha.selfAttend(g("mha32:x").to(DType.F32), null, true).output();
    }
    assertEquals(DType.F32, out.dtype());
    assertClose(g("mha32:out"), out, 2e-6, "F32 output");
  }

  @Test
  void preNormBlockMatchesTransformerEncoderLayer() {
    TransformerBlock block = load("block", new TransformerBlock(8, 2, 16, false, new Random(1)));
    Tensor x = g("block:x").requiresGrad();
    Tensor out = block.run(x, null, true).output();
    assertClose(g("block:out"), out, 1e-12, "output");
    out.mul(g("block:u")).sum().backward();
    assertClose(g("block:grad_x"), x.grad(), 1e-11, "grad x");
  }

  @Test
  void sequenceCrossEntropyWithIgnoreIndexMatchesPyTorch() {
    Tensor logits = g("ce:logits").requiresGrad();
    Tensor loss = Losses.crossEntropy(logits, g("ce:y"), -1, Reduction.MEAN);
    assertClose(g("ce:loss"), loss, 1e-14, "loss");
    loss.backward();
    assertClose(g("ce:grad_logits"), logits.grad(), 1e-14, "grad");
    assertClose(g("ce:none"), Losses.crossEntropy(g("ce:logits"), g("ce:y"), -1, Reduction.NONE),
        1e-14, "reduction none");
  }
}
