package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Writing either produces a file that reads back exactly, or fails before creating anything: for
 * any string as a tensor name or metadata entry, any file name length the file system allows, and
 * any tensor size around the write buffer's blocks.
 */
class SafeTensorsWriteProperties {
  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Property(tries = 200, seed = "1406")
  void aStringIsWrittenExactlyOrRejectedWhenItHoldsAnUnpairedSurrogate(
      @ForAll @StringLength(min = 1, max = 6) @Chars({'a', '\u00e9', '\uD83D', '\uDE00', '\uD800',
            '\uDFFF'}) String text,
      @ForAll @IntRange(min = 0, max = 2) int where)
      throws IOException {
    boolean unpaired = text.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    Map<String, Tensor> tensors = Map.of(where == 0 ? text : "w", Tensor.of(new double[] {3}));
    Map<String, String> metadata =
        where == 0 ? Map.of() : where == 1 ? Map.of(text, "v") : Map.of("k", text);
    Path dir = Files.createTempDirectory("safetensors-text");
    Path file = dir.resolve("t.safetensors");
    try {
      if (unpaired) {
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.write(file, tensors, metadata, SafeTensors.DType.F64));
        assertTrue(e.getMessage().contains("holds an unpaired surrogate"), e.getMessage());
        assertEquals(List.of(), list(dir));
      } else {
        SafeTensors.write(file, tensors, metadata, SafeTensors.DType.F64);
        SafeTensors.Contents c = SafeTensors.read(file);
        assertEquals(tensors.keySet(), c.tensors().keySet());
        assertEquals(metadata, c.metadata());
      }
    } finally {
      deleteTree(dir);
    }
  }

  @Property(tries = 40, seed = "1407")
  void anyAllowedFileNameLengthAndTensorSizeRoundTrips(
      @ForAll @IntRange(min = 1, max = 255) int nameLength,
      @ForAll @IntRange(min = 0, max = 3 * 8192 + 3) int numel,
      @ForAll boolean f32,
      @ForAll long seed)
      throws IOException {
    Tensor t = Tensor.randn(new Random(seed), numel);
    Path dir = Files.createTempDirectory("safetensors-name");
    Path file = dir.resolve("n".repeat(nameLength));
    try {
      SafeTensors.DType dtype = f32 ? SafeTensors.DType.F32 : SafeTensors.DType.F64;
      SafeTensors.write(file, Map.of("t", t), Map.of(), dtype);
      assertEquals(List.of(file), list(dir), "only the target is left");
      double[] want = t.toArray();
      if (f32) {
        for (int k = 0; k < want.length; k++) {
          want[k] = (float) want[k];
        }
      }
      assertArrayEquals(want, SafeTensors.read(file).tensors().get("t").toArray(), 0);
    } finally {
      deleteTree(dir);
    }
  }
}
