package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Convolution, pooling, padding, std, norm and max/min with indices against PyTorch 1.13: values
 * and the gradients of {@code sum(u * out)} for a random upstream {@code u}, written by {@code
 * src/test/python/conv_golden.py} into {@code conv_golden.txt}. F64 to 1e-10, F32 to 1e-4 (relative
 * to the largest magnitude).
 */
class ConvGoldenTest {

  /** Each case: the function of the named inputs (in file order), as in the Python script. */
  private static final Map<String, Function<Map<String, Tensor>, Tensor>> CASES =
      new LinkedHashMap<>();

  static {
    ConvOptions d = ConvOptions.defaults();
    CASES.put(
        "conv2d_groups_stride_dilation",
        in ->
            in.get("x")
                .conv2d(
                    in.get("w"),
                    in.get("b"),
                    d.withStride(2, 1).withPadding(1, 2).withDilation(1, 2).withGroups(2)));
    CASES.put(
        "conv2d_same_even_kernel",
        in -> in.get("x").conv2d(in.get("w"), null, d.withPaddingSame()));
    CASES.put(
        "conv2d_unbatched", in -> in.get("x").conv2d(in.get("w"), in.get("b"), d.withPadding(1)));
    CASES.put(
        "conv1d",
        in -> in.get("x").conv1d(in.get("w"), in.get("b"), d.withStride(2).withPadding(1)));
    CASES.put(
        "conv1d_same_dilated",
        in -> in.get("x").conv1d(in.get("w"), null, d.withPaddingSame().withDilation(2)));
    CASES.put(
        "conv_transpose2d",
        in ->
            in.get("x")
                .convTranspose2d(
                    in.get("w"),
                    in.get("b"),
                    d.withStride(2).withPadding(1).withOutputPadding(1).withGroups(2)));
    CASES.put(
        "conv_transpose2d_dilated",
        in ->
            in.get("x")
                .convTranspose2d(
                    in.get("w"), null, d.withStride(1, 2).withPadding(0, 1).withDilation(2, 1)));
    CASES.put(
        "max_pool2d", in -> in.get("x").maxPool2d(new int[] {3}, new int[] {2}, new int[] {1}));
    CASES.put(
        "max_pool2d_ties",
        in -> in.get("x").maxPool2d(new int[] {2}, new int[] {1}, new int[] {0}));
    CASES.put(
        "max_pool2d_rect",
        in -> in.get("x").maxPool2d(new int[] {2, 3}, new int[] {2, 1}, new int[] {1, 1}));
    CASES.put("max_pool1d", in -> in.get("x").maxPool1d(3, 2, 1));
    CASES.put(
        "avg_pool2d_include_pad",
        in -> in.get("x").avgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, true));
    CASES.put(
        "avg_pool2d_exclude_pad",
        in -> in.get("x").avgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, false));
    CASES.put("avg_pool1d", in -> in.get("x").avgPool1d(2, 1, 1, false));
    CASES.put("adaptive_avg_pool2d", in -> in.get("x").adaptiveAvgPool2d(3, 2));
    CASES.put("adaptive_avg_pool2d_up", in -> in.get("x").adaptiveAvgPool2d(4, 5));
    CASES.put("pad", in -> in.get("x").pad(new int[] {1, 2, -1, 1}, 0.5));
    CASES.put("std", in -> in.get("x").std(1, false, 1));
    CASES.put("norm2", in -> in.get("x").norm(2));
    CASES.put("norm1_dim", in -> in.get("x").norm(1, 0, false));
    CASES.put("norm_inf_dim", in -> in.get("x").norm(Double.POSITIVE_INFINITY, 1, true));
    CASES.put("max_dim_ties", in -> in.get("x").maxWithIndices(1, false).values());
    CASES.put("min_dim", in -> in.get("x").minWithIndices(0, false).values());
  }

  private static Map<String, Map<String, Tensor>> golden() throws IOException {
    Map<String, Map<String, Tensor>> cases = new LinkedHashMap<>();
    try (InputStream s = ConvGoldenTest.class.getResourceAsStream("conv_golden.txt")) {
      assertNotNull(s, "conv_golden.txt is on the test class path");
      BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8));
      Map<String, Tensor> current = null;
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] parts = line.split(" ");
        if (parts[0].equals("case")) {
          current = new LinkedHashMap<>();
          cases.put(parts[1], current);
          continue;
        }
        String[] dims = parts[1].split(",");
        int[] shape = new int[parts[1].isEmpty() ? 0 : dims.length];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = Integer.parseInt(dims[i]);
        }
        double[] v = new double[parts.length - 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = Double.parseDouble(parts[i + 2]);
        }
        current.put(parts[0], Gen.of(v, shape));
      }
    }
    return cases;
  }

  @TestFactory
  List<DynamicTest> matchesPyTorch() throws IOException {
    Map<String, Map<String, Tensor>> golden = golden();
    assertEquals(CASES.size() + 1, golden.size(), "cases in the file: " + golden.keySet());
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Function<Map<String, Tensor>, Tensor>> c : CASES.entrySet()) {
      Map<String, Tensor> data = golden.get(c.getKey());
      assertNotNull(data, "case " + c.getKey() + " in the file");
      for (DType dtype : DType.values()) {
        tests.add(
            DynamicTest.dynamicTest(
                c.getKey() + " " + dtype, () -> check(c.getKey(), c.getValue(), data, dtype)));
      }
    }
    return tests;
  }

  private static void check(
      String name, Function<Map<String, Tensor>, Tensor> f, Map<String, Tensor> data, DType dtype) {
    double tol = dtype == DType.F64 ? 1e-10 : 1e-4;
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : data.entrySet()) {
      if (e.getKey().length() == 1 && !e.getKey().equals("u")) {
        inputs.put(e.getKey(), e.getValue().to(dtype).detach().requiresGrad());
      }
    }
    Tensor out = f.apply(inputs);
    assertEquals(dtype, out.dtype(), name + ": dtype kept");
    assertArrayEquals(data.get("out").shape(), out.shape(), name + ": output shape");
    assertClose(name + " out", data.get("out").toArray(), out.toArray(), tol);
    out.mul(data.get("u").to(dtype)).sum().backward();
    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
      assertClose(
          name + " d" + e.getKey(),
          data.get("d" + e.getKey()).toArray(),
          e.getValue().grad().toArray(),
          tol);
    }
  }

  private static void assertClose(String what, double[] want, double[] got, double tol) {
    assertEquals(want.length, got.length, what + ": element count");
    double scale = 1;
    for (double w : want) {
      scale = Math.max(scale, Math.abs(w));
    }
    for (int i = 0; i < want.length; i++) {
      double err = Math.abs(want[i] - got[i]);
      int k = i;
      assertTrue(
          err <= tol * scale,
          () -> String.format("%s element %d: PyTorch %s, jgrad %s", what, k, want[k], got[k]));
    }
  }

  @Test
  void argminAndIndicesMatchPyTorch() throws IOException {
    Map<String, Tensor> data = golden().get("argmin_argmax");
    Tensor x = data.get("x");
    assertArrayEquals(data.get("argmin").toArray(), x.argmin(1).toArray());
    assertArrayEquals(
        data.get("argmax_min_dim").toArray(), x.minWithIndices(1, false).indices().toArray());
    assertArrayEquals(
        data.get("argmax_max_dim").toArray(), x.maxWithIndices(1, false).indices().toArray());
  }
}
