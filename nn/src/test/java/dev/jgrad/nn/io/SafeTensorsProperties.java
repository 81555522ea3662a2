package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any set of tensors (0-d, empty, any rank up to 3) survives a write and a read. */
class SafeTensorsProperties {
  @Property(tries = 50)
  void writeThenReadGivesTheSameTensors(
      @ForAll @IntRange(min = 0, max = 5) int count, @ForAll long seed, @ForAll boolean f32)
      throws IOException {
    Random random = new Random(seed);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int[] shape = new int[random.nextInt(4)];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = random.nextInt(5);
      }
      tensors.put(
          "t" + i + (random.nextBoolean() ? ".weight" : " \"odd\" name"),
          Tensor.randn(random, shape).mul(1e3));
    }
    Path dir = Files.createTempDirectory("safetensors");
    Path file = dir.resolve("p.safetensors");
    try {
      SafeTensors.DType dtype = f32 ? SafeTensors.DType.F32 : SafeTensors.DType.F64;
      SafeTensors.write(file, tensors, Map.of("seed", Long.toString(seed)), dtype);
      SafeTensors.Contents c = SafeTensors.read(file);
      assertEquals(List.copyOf(tensors.keySet()), List.copyOf(c.tensors().keySet()));
      assertEquals(Map.of("seed", Long.toString(seed)), c.metadata());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        Tensor back = c.tensors().get(e.getKey());
        assertArrayEquals(e.getValue().shape(), back.shape());
        double[] want = e.getValue().toArray();
        if (f32) {
          for (int k = 0; k < want.length; k++) {
            want[k] = (float) want[k];
          }
        }
        assertArrayEquals(want, back.toArray(), 0);
      }
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }
}
