package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Mlp;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  private Path reference() throws IOException {
    Path p = dir.resolve("torch_reference.safetensors");
    try (InputStream in =
        getClass().getResourceAsStream("/dev/jgrad/nn/io/torch_reference.safetensors")) {
      Files.write(p, in.readAllBytes());
    }
    return p;
  }

  @Test
  void readsAFileWrittenByTheReferenceLibrary() throws IOException {
    // Written by safetensors 0.8.0 + torch (nn/src/test/python/safetensors_golden.py).
    SafeTensors.Contents c = SafeTensors.read(reference());
    assertEquals(Map.of("format", "pt", "note", "jgrad test"), c.metadata());
    Tensor w = c.tensors().get("w64");
    assertArrayEquals(new int[] {2, 3}, w.shape());
    assertArrayEquals(new double[] {1.5, -2.25, 3.0, 0.1, 1e-300, -7.0}, w.toArray(), 0);
    assertArrayEquals(
        new double[] {0.5, -0.10000000149011612, 65504.0}, c.tensors().get("b32").toArray(), 0);
    assertArrayEquals(
        new double[] {1.0, -2.5, 6.097555160522461e-05, 65504.0, 0.0999755859375},
        c.tensors().get("h16").toArray(),
        0);
    Tensor s = c.tensors().get("s64");
    assertArrayEquals(new int[0], s.shape());
    assertEquals(42.0, s.item(), 0);
  }

  @Test
  void halfPrecisionDecoding() {
    assertEquals(1.0, SafeTensors.halfToDouble((short) 0x3c00), 0);
    assertEquals(-2.0, SafeTensors.halfToDouble((short) 0xc000), 0);
    assertEquals(Math.pow(2, -24), SafeTensors.halfToDouble((short) 0x0001), 0);
    assertEquals(Double.POSITIVE_INFINITY, SafeTensors.halfToDouble((short) 0x7c00), 0);
    assertTrue(Double.isNaN(SafeTensors.halfToDouble((short) 0x7e00)));
    assertEquals(-0.0, SafeTensors.halfToDouble((short) 0x8000), 0);
  }

  @Test
  void saveLoadPredictGivesIdenticalOutputs() throws IOException {
    Random random = new Random(3);
    Module trained = new Sequential(new Linear(3, 8, random), new Tanh(), new Linear(8, 2, random));
    Path file = dir.resolve("model.safetensors");
    SafeTensors.save(trained, file);
    Module fresh =
        new Sequential(
            new Linear(3, 8, new Random(9)), new Tanh(), new Linear(8, 2, new Random(9)));
    SafeTensors.load(fresh, file);
    Tensor x = Tensor.randn(random, 5, 3);
    assertArrayEquals(trained.forward(x).toArray(), fresh.forward(x).toArray(), 0);
    // The header is padded with spaces to a multiple of 8 bytes.
    ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, head.getLong() % 8);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void neuronMlpRoundTripsWithMetadataAndF32() throws IOException {
    Mlp mlp = new Mlp(2, 4, 1);
    Path file = dir.resolve("mlp.safetensors");
    SafeTensors.write(file, mlp.stateDict(), Map.of("epochs", "7"), SafeTensors.DType.F32);
    SafeTensors.Contents c = SafeTensors.read(file);
    assertEquals(Map.of("epochs", "7"), c.metadata());
    assertEquals(List.copyOf(mlp.stateDict().keySet()), List.copyOf(c.tensors().keySet()));
    double[] original = mlp.stateDict().get("layers.0.neurons.1.weight").toArray();
    double[] stored = c.tensors().get("layers.0.neurons.1.weight").toArray();
    for (int i = 0; i < original.length; i++) {
      assertEquals((float) original[i], stored[i], 0);
    }
    assertArrayEquals(new int[0], c.tensors().get("layers.1.neurons.0.bias").shape());
    // Saving again over the same name replaces the file.
    SafeTensors.write(file, Map.of("only", Tensor.ones(2)), Map.of(), SafeTensors.DType.F64);
    assertEquals(List.of("only"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
  }

  // ---------------------------------------------------------------- corrupt files

  private static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put(data);
    return b.array();
  }

  private String failure(byte[] bytes) throws IOException {
    Path p = dir.resolve("bad.safetensors");
    Files.write(p, bytes);
    Module model = new Linear(2, 1, new Random(0));
    double[] before = model.stateDict().get("weight").toArray();
    SafeTensorsFormatException e =
        assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.load(model, p));
    assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    assertArrayEquals(before, model.stateDict().get("weight").toArray(), 0, "model untouched");
    return e.getMessage();
  }

  private static String valid() {
    return "{\"weight\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[0,16]},"
        + "\"bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
  }

  @Test
  void theValidHandMadeFileLoads() throws IOException {
    Path p = dir.resolve("ok.safetensors");
    ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    data.putDouble(1).putDouble(2).putDouble(3);
    Files.write(p, file(valid(), data.array()));
    Linear model = new Linear(2, 1, new Random(0));
    SafeTensors.load(model, p);
    assertArrayEquals(new double[] {1, 2}, model.weight().toArray(), 0);
    assertArrayEquals(new double[] {3}, model.bias().toArray(), 0);
  }

  @Test
  void truncatedFilesAreReported() throws IOException {
    byte[] whole = file(valid(), new byte[24]);
    assertTrue(failure(Arrays.copyOf(whole, 5)).contains("shorter than the 8-byte header length"));
    assertTrue(failure(Arrays.copyOf(whole, 40)).contains("runs past the end of the file"));
    assertTrue(
        failure(Arrays.copyOf(whole, whole.length - 3))
            .contains("the tensors need 24 data bytes, but the file holds 21 after the header"));
  }

  @Test
  void oversizedHeaderIsRejectedBeforeAllocating() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(1L << 40).putLong(0);
    assertTrue(failure(b.array()).contains("exceeds the limit of 100000000 bytes"));
    b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(-1L).putLong(0); // 2^64 - 1 as unsigned
    assertTrue(failure(b.array()).contains("header length 18446744073709551615 exceeds"));
  }

  @Test
  void corruptHeadersAreReported() throws IOException {
    assertTrue(failure(file("[1,2]", new byte[0])).contains("does not start with '{'"));
    assertTrue(failure(file(valid().replace("}}", "}"), new byte[24])).contains("not valid JSON"));
    byte[] badUtf8 = file(valid(), new byte[24]);
    badUtf8[12] = (byte) 0xff;
    assertTrue(failure(badUtf8).contains("not valid UTF-8"));
    assertTrue(
        failure(file(valid().replace("F64\",\"shape\":[1]", "X9\",\"shape\":[1]"), new byte[24]))
            .contains("has dtype X9"));
    assertTrue(
        failure(
                file(
                    "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                        + "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}",
                    new byte[16]))
            .contains("duplicate key \"a\""));
    assertTrue(
        failure(file(valid().replace("\"shape\":[1,2]", "\"shape\":[1,-2]"), new byte[24]))
            .contains("shape must hold non-negative integers"));
    assertTrue(
        failure(file("{\"x\":{\"dtype\":\"F64\",\"shape\":[1]}}", new byte[8]))
            .contains("has no data_offsets array"));
    String deep = "{\"m\":" + "[".repeat(200) + "]".repeat(200) + "}";
    assertTrue(failure(file(deep, new byte[0])).contains("nesting deeper than 64"));
  }

  @Test
  void badOffsetsAreReported() throws IOException {
    // Byte count does not match shape x dtype size.
    assertTrue(
        failure(file(valid().replace("[1,2]", "[1,3]"), new byte[24]))
            .contains(
                "tensor 'weight' of shape [1, 3] and dtype F64 needs 24 bytes, but data_offsets [0,"
                    + " 16] span 16"));
    // A gap between tensors.
    assertTrue(
        failure(file(valid().replace("[16,24]", "[24,32]"), new byte[32]))
            .contains(
                "tensor 'bias' starts at byte 24 of the data, but the previous tensor ends at 16"));
    // Overlapping tensors.
    assertTrue(
        failure(file(valid().replace("[16,24]", "[8,16]"), new byte[24]))
            .contains("offsets must be contiguous"));
    // Trailing bytes after the last tensor.
    assertTrue(failure(file(valid(), new byte[32])).contains("(trailing bytes)"));
    // A tensor too large to hold in one Java array of bytes (claimed, not present).
    assertTrue(
        failure(
                file(
                    "{\"x\":{\"dtype\":\"F64\",\"shape\":[300000000],"
                        + "\"data_offsets\":[0,2400000000]}}",
                    new byte[8]))
            .contains("jgrad reads at most"));
    // A shape whose element count overflows.
    assertTrue(
        failure(
                file(
                    "{\"x\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296,4294967296],"
                        + "\"data_offsets\":[0,8]}}",
                    new byte[8]))
            .contains("too large"));
  }

  @Test
  void wellFormedFileThatDoesNotFitTheModelNamesTheEntries() throws IOException {
    Path p = dir.resolve("other.safetensors");
    SafeTensors.save(new Linear(3, 1, new Random(0)), p);
    Linear model = new Linear(2, 1, new Random(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(model, p));
    assertTrue(e.getMessage().contains("mis-shaped [weight (expected [1, 2], got [1, 3])]"));
  }

  @Test
  void missingFileIsAnIoError() {
    IOException e =
        assertThrows(IOException.class, () -> SafeTensors.read(dir.resolve("none.safetensors")));
    assertTrue(e.getMessage().contains("none.safetensors"));
  }

  @Test
  void jsonWriterEscapes() {
    assertEquals("\"a\\\"b\\\\c\\u000a\"", Json.quote("a\"b\\c\n"));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("k", "a\"b\\c\n\u00e9");
    expected.put("n", List.of(1L, -2.5, true, false));
    expected.put("z", null);
    assertEquals(
        expected,
        Json.parse("{\"k\":\"a\\\"b\\\\c\\n\\u00e9\", \"n\":[1,-2.5,true,false],\"z\":null}  "));
  }
}
