package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.io.SafeTensors;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CNN layers against PyTorch: a {@link Sequential} of conv, batch norm, relu, max pool, group
 * norm, transposed conv, average pool, flatten and linear loads the state dict PyTorch wrote
 * ({@code src/test/python/cnn_golden.py}) and reproduces PyTorch's outputs in evaluation and
 * training mode, the updated running statistics and the gradients. Then buffers, summary and
 * errors.
 */
class CnnLayersTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(CnnLayersTest.class.getResource(name).toURI());
  }

  /** The jgrad twin of the script's NET. */
  private static Sequential net() {
    Random r = new Random(1);
    return new Sequential(
        new Conv2d(2, 4, 3, ConvOptions.defaults().withPadding(1), r),
        new BatchNorm2d(4),
        new Relu(),
        new MaxPool2d(2),
        new GroupNorm(2, 4),
        new ConvTranspose2d(4, 3, 2, ConvOptions.defaults().withStride(2), true, r),
        new AvgPool2d(2),
        new Flatten(),
        new Linear(12, 5, r));
  }

  private static void assertClose(Tensor want, Tensor got, String what) {
    assertArrayEquals(want.shape(), got.shape(), what + ": shape");
    double[] w = want.toArray();
    double[] g = got.toArray();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i], g[i], 1e-10 * (1 + Math.abs(w[i])), what + " element " + i);
    }
  }

  @Test
  void parameterAndBufferNamesAreTheStateDictKeysOfPyTorch() {
    assertEquals(
        List.of(
            "0.weight",
            "0.bias",
            "1.weight",
            "1.bias",
            "4.weight",
            "4.bias",
            "5.weight",
            "5.bias",
            "8.weight",
            "8.bias"),
        List.copyOf(net().namedParameters().keySet()));
    assertEquals(
        List.of("1.running_mean", "1.running_var"), List.copyOf(net().namedBuffers().keySet()));
  }

  @Test
  void loadsPyTorchWeightsAndReproducesItsOutputsStatisticsAndGradients() throws Exception {
    Sequential net = net();
    SafeTensors.load(net, resource("cnn_torch.safetensors"));
    Map<String, Tensor> expected =
        SafeTensors.read(resource("cnn_torch_expected.safetensors")).tensors();
    Tensor x = expected.get("x");
    net.eval();
    assertClose(expected.get("eval_out"), net.forward(x), "eval output");

    net.train();
    Tensor xg = x.detach().requiresGrad();
    Tensor out = net.forward(xg);
    assertClose(expected.get("train_out"), out, "training output");
    BatchNorm2d bn = (BatchNorm2d) net.get(1);
    assertClose(expected.get("running_mean"), bn.runningMean(), "running mean");
    assertClose(expected.get("running_var"), bn.runningVar(), "running var");
    out.mul(expected.get("u")).sum().backward();
    assertClose(
        expected.get("grad_conv_weight"), ((Conv2d) net.get(0)).weight().grad(), "dL/dconv.weight");
    assertClose(expected.get("grad_x"), xg.grad(), "dL/dx");
  }

  @Test
  void batchNorm1dWithMomentumMatchesPyTorch() throws Exception {
    Map<String, Tensor> expected =
        SafeTensors.read(resource("cnn_torch_expected.safetensors")).tensors();
    BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.3);
    Tensor x = expected.get("bn1d_x");
    assertClose(expected.get("bn1d_out"), bn.forward(x), "training output");
    assertClose(expected.get("bn1d_running_mean"), bn.runningMean(), "running mean");
    assertClose(expected.get("bn1d_running_var"), bn.runningVar(), "running var");
    bn.eval();
    assertClose(expected.get("bn1d_eval_out"), bn.forward(x), "evaluation output");
  }

  @Test
  void conv1dAndConvTranspose2dHavePyTorchShapesAndInitialBounds() {
    Random r = new Random(5);
    Conv1d conv =
        new Conv1d(4, 6, 5, ConvOptions.defaults().withGroups(2).withPadding(2), false, r);
    assertEquals(List.of("weight"), List.copyOf(conv.namedParameters().keySet()));
    assertArrayEquals(new int[] {6, 2, 5}, conv.weight().shape());
    double bound = 1 / Math.sqrt(2 * 5);
    for (double w : conv.weight().toArray()) {
      assertTrue(Math.abs(w) <= bound, "uniform in +-1/sqrt(fan in): " + w);
    }
    Tensor x = Tensor.randn(r, 3, 4, 9);
    assertArrayEquals(new int[] {3, 6, 9}, conv.forward(x).shape());
    assertArrayEquals(
        x.conv1d(conv.weight(), null, ConvOptions.defaults().withGroups(2).withPadding(2))
            .toArray(),
        conv.forward(x).toArray(),
        0);

    ConvTranspose2d up =
        new ConvTranspose2d(4, 2, 3, ConvOptions.defaults().withStride(2), true, r);
    assertArrayEquals(new int[] {4, 2, 3, 3}, up.weight().shape());
    assertArrayEquals(new int[] {1, 2, 11, 11}, up.forward(Tensor.zeros(1, 4, 5, 5)).shape());
    assertArrayEquals(
        new int[] {2, 3, 1, 1},
        new AdaptiveAvgPool2d(1, 1).forward(Tensor.zeros(2, 3, 7, 5)).shape());
  }

  @Test
  void buffersAreSavedLoadedAndConvertedButNotTrained() throws IOException {
    BatchNorm2d bn = new BatchNorm2d(3);
    assertEquals(2, bn.parameters().size(), "weight and bias only");
    assertFalse(bn.runningMean().isGradRequired());
    bn.forward(Tensor.randn(new Random(2), 4, 3, 2, 2).add(5));
    Map<String, Tensor> state = bn.stateDict();
    assertEquals(
        List.of("weight", "bias", "running_mean", "running_var"), List.copyOf(state.keySet()));
    assertTrue(state.get("running_mean").toArray()[0] > 0.4, "moved 10% of the way towards ~5");

    BatchNorm2d copy = new BatchNorm2d(3);
    Tensor mean = copy.runningMean();
    copy.loadStateDict(state);
    assertSame(mean, copy.runningMean(), "loaded in place");
    assertArrayEquals(bn.runningMean().toArray(), copy.runningMean().toArray());
    copy.to(DType.F32);
    assertEquals(DType.F32, copy.runningVar().dtype());
    assertSame(mean, copy.runningMean());
    Tensor y = copy.forward(Tensor.randn(DType.F32, new Random(3), 2, 3, 2, 2));
    assertEquals(DType.F32, y.dtype());
  }

  @Test
  void evaluationModeLeavesTheRunningStatisticsAlone() {
    BatchNorm1d bn = new BatchNorm1d(2);
    bn.eval();
    bn.forward(Tensor.randn(new Random(4), 5, 2, 3).add(3));
    assertArrayEquals(new double[] {0, 0}, bn.runningMean().toArray());
    assertArrayEquals(new double[] {1, 1}, bn.runningVar().toArray());
  }

  @Test
  void summaryListsEveryLayerWithOutputShapeAndParameters() {
    String s = net().summary(3, 2, 4, 4);
    assertTrue(s.contains("Layer (type)"), s);
    String[] lines = s.split("\n");
    assertTrue(lines[1].startsWith("Sequential") && lines[1].contains("[3, 5]"), lines[1]);
    assertTrue(lines[2].matches("  0: Conv2d +\\[3, 4, 4, 4\\] +76"), lines[2]);
    assertTrue(lines[3].matches("  1: BatchNorm2d +\\[3, 4, 4, 4\\] +8"), lines[3]);
    assertTrue(lines[5].matches("  3: MaxPool2d +\\[3, 4, 2, 2\\] +0"), lines[5]);
    assertTrue(lines[7].matches("  5: ConvTranspose2d +\\[3, 3, 4, 4\\] +51"), lines[7]);
    assertTrue(lines[9].matches("  7: Flatten +\\[3, 12\\] +0"), lines[9]);
    assertTrue(s.contains("Total parameters: " + net().parameterCount()), s);
    assertTrue(s.contains("Buffer values (not trained): 8"), s);
  }

  /**
   * Children of a module that is not a Sequential are listed with their parameters, without shapes.
   */
  @Test
  void summaryOfACustomModuleShowsItsOutputAndListsItsChildren() {
    Module block =
        new Module() {
          private final Conv2d conv =
              registerModule(
                  "conv",
                  new Conv2d(2, 2, 3, ConvOptions.defaults().withPaddingSame(), new Random(0)));
          private final BatchNorm2d norm = registerModule("norm", new BatchNorm2d(2));

          @Override
          public Tensor forward(Tensor x) {
            return x.add(norm.forward(conv.forward(x)).relu());
          }
        };
    String[] lines = block.summary(1, 2, 5, 5).split("\n");
    assertTrue(lines[1].matches("anonymous Module +\\[1, 2, 5, 5\\] +42"), lines[1]);
    assertTrue(lines[2].matches("  conv: Conv2d +- +38"), lines[2]);
    assertTrue(lines[3].matches("  norm: BatchNorm2d +- +4"), lines[3]);
  }

  @Test
  void summaryDoesNotMoveTheRunningStatistics() {
    Sequential net = net();
    net.summary(2, 2, 4, 4);
    assertTrue(net.isTraining(), "training mode restored");
    assertArrayEquals(new double[4], ((BatchNorm2d) net.get(1)).runningMean().toArray());
  }

  @Test
  void errorsNameTheLayerAndTheShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 2, 2)));
    assertTrue(
        e.getMessage()
            .contains("BatchNorm2d.forward: expected an input of rank [4] with 3 channels"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
    assertTrue(
        e.getMessage().contains("training needs more than 1 value per channel"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Conv2d(4, 6, 3, ConvOptions.defaults().withGroups(4), new Random(0)));
    assertTrue(
        e.getMessage().contains("Conv2d: groups 4 must divide both in=4 and out=6"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Conv2d(3, 8, 3, new Random(0)).forward(Tensor.zeros(1, 4, 5, 5)));
    assertTrue(
        e.getMessage()
            .contains(
                "conv2d: input has 4 channels but the weight expects 3 (weight [8, 3, 3, 3], groups"
                    + " 1)"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MaxPool2d(new int[] {2}, null, new int[] {2}));
    assertTrue(
        e.getMessage().contains("maxPool2d: padding [2] must be at most half the kernel size [2]"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(3, 4));
    assertTrue(e.getMessage().contains("GroupNorm"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new Flatten(2, 5).forward(Tensor.zeros(2, 3)));
    assertTrue(
        e.getMessage().contains("Flatten.forward: dims 2..5 do not fit an input of shape [2, 3]"),
        e.getMessage());
  }

  @Test
  void registerBufferRefusesTensorsThatRequireGrad() {
    Module m =
        new Module() {
          {
            registerBuffer("ok", Tensor.zeros(2));
          }

          @Override
          public Tensor forward(Tensor input) {
            return registerBuffer("bad", Tensor.zeros(2).requiresGrad());
          }
        };
    assertNotNull(m.namedBuffers().get("ok"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.forward(null));
    assertTrue(
        e.getMessage()
            .contains("registerBuffer: 'bad' must be a leaf tensor that does not require grad"));
  }
}
