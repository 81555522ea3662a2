package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks of the write path: what cannot be encoded, long names, tensors across blocks. */
class SafeTensorsWriteTest {
  @TempDir Path dir;

  private List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    }
  }

  private String rejection(Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Path file = dir.resolve("bad.safetensors");
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.write(file, tensors, metadata, SafeTensors.DType.F64))
            .getMessage();
    assertEquals(List.of(), files(), "nothing is written, not even a temporary file");
    return message;
  }

  @Test
  void unpairedSurrogateInMetadataIsAnErrorNotAQuestionMark() throws IOException {
    Map<String, Tensor> one = Map.of("w", Tensor.ones(2));
    assertEquals(
        "SafeTensors.write: metadata value of 'note' 'a\\uD800b' holds an unpaired surrogate"
            + " U+D800 at index 1, which UTF-8 cannot encode (it would be written as '?'); fix"
            + " the string",
        rejection(one, Map.of("note", "a\uD800b")));
    assertEquals(
        "SafeTensors.write: metadata key 'x\\uDC00' holds an unpaired surrogate U+DC00 at index"
            + " 1, which UTF-8 cannot encode (it would be written as '?'); fix the string",
        rejection(one, Map.of("x\uDC00", "v")));
  }

  @Test
  void unpairedSurrogateInATensorNameIsAnError() throws IOException {
    assertEquals(
        "SafeTensors.write: tensor name 'layer\\uD83D' holds an unpaired surrogate U+D83D at index"
            + " 5, which UTF-8 cannot encode (it would be written as '?'); fix the string",
        rejection(Map.of("layer\uD83D", Tensor.ones(1)), Map.of()));
  }

  @Test
  void pairedSurrogatesRoundTrip() throws IOException {
    Path file = dir.resolve("emoji.safetensors");
    String smile = "\uD83D\uDE00";
    SafeTensors.write(
        file,
        Map.of("w" + smile, Tensor.of(new double[] {1, 2})),
        Map.of("note" + smile, smile),
        SafeTensors.DType.F64);
    SafeTensors.Contents c = SafeTensors.read(file);
    assertEquals(Map.of("note" + smile, smile), c.metadata());
    assertArrayEquals(new double[] {1, 2}, c.tensors().get("w" + smile).toArray(), 0);
  }

  @Test
  void saveTo244And255CharacterNamesWorks() throws IOException {
    // The temporary file used to be named after the target plus ~23 characters, which failed
    // with "File name too long" from 233 characters on (ext4 allows 255 bytes).
    Module model = new Linear(2, 3, new Random(4));
    for (int length : new int[] {244, 255}) {
      Path file = dir.resolve("m".repeat(length - ".safetensors".length()) + ".safetensors");
      SafeTensors.save(model, file);
      Linear back = new Linear(2, 3, new Random(5));
      SafeTensors.load(back, file);
      assertArrayEquals(model.stateDict().get("weight").toArray(), back.weight().toArray(), 0);
      assertEquals(List.of(file), files(), "only the target is left");
      Files.delete(file);
    }
  }

  @Test
  void tensorsLargerThanTheWriteBlockRoundTrip() throws IOException {
    Random random = new Random(6);
    Tensor big = Tensor.randn(random, 3, 10_001); // 240 kB in F64, 120 kB in F32
    Tensor odd = Tensor.randn(random, 8_193); // ends mid-block
    Path file = dir.resolve("big.safetensors");
    // F64 and F32 exactly; F16 and BF16 round (their round trip is tested in SafeTensorsTest).
    for (SafeTensors.DType dtype : List.of(SafeTensors.DType.F64, SafeTensors.DType.F32)) {
      SafeTensors.write(file, Map.of("big", big, "odd", odd), Map.of(), dtype);
      SafeTensors.Contents c = SafeTensors.read(file);
      for (Map.Entry<String, Tensor> e : Map.of("big", big, "odd", odd).entrySet()) {
        double[] want = e.getValue().toArray();
        if (dtype == SafeTensors.DType.F32) {
          for (int k = 0; k < want.length; k++) {
            want[k] = (float) want[k];
          }
        }
        assertArrayEquals(want, c.tensors().get(e.getKey()).toArray(), 0, dtype + " " + e.getKey());
      }
    }
  }
}
