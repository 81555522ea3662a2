package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.io.SafeTensors.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dtype PyTorch writes, read from {@code torch_dtypes.safetensors} (written by torch 1.13
 * and safetensors 0.8.0 with {@code nn/src/test/python/safetensors_dtypes.py}): each entry
 * {@code X} is compared with {@code X.f64}, torch's own conversion of it to float64, so no value
 * is typed in by hand.
 */
class SafeTensorsDTypeTest {
  @TempDir Path dir;

  private SafeTensors.Contents torchFile() throws IOException {
    Path p = dir.resolve("torch_dtypes.safetensors");
    try (InputStream in =
        getClass().getResourceAsStream("/dev/jgrad/nn/io/torch_dtypes.safetensors")) {
      Files.write(p, in.readAllBytes());
    }
    return SafeTensors.read(p);
  }

  @Test
  void everyDTypeWrittenByTorchReadsAsTorchConvertsItToFloat64() throws IOException {
    SafeTensors.Contents c = torchFile();
    for (DType dtype : DType.values()) {
      Tensor stored = c.tensors().get(dtype.name());
      Tensor asF64 = c.tensors().get(dtype.name() + ".f64");
      assertEquals(dtype, c.dtypes().get(dtype.name()), dtype.name());
      assertEquals(DType.F64, c.dtypes().get(dtype.name() + ".f64"));
      assertArrayEquals(asF64.shape(), stored.shape(), dtype.name());
      // bit for bit: -0.0, NaN, infinities and subnormals included
      assertArrayEquals(asF64.toArray(), stored.toArray(), dtype.name());
    }
    assertArrayEquals(new int[] {2, 3}, c.tensors().get("I64").shape());
    assertEquals(Math.pow(2, 53), c.tensors().get("I64").get(1, 0));
    assertArrayEquals(new double[] {1, 0, 1}, c.tensors().get("BOOL").toArray());
  }

  @Test
  void batchNormStateFromTorchKeepsItsIntegerStepCounter() throws IOException {
    SafeTensors.Contents c = torchFile();
    assertEquals(DType.I64, c.dtypes().get("bn.num_batches_tracked"));
    Tensor count = c.tensors().get("bn.num_batches_tracked");
    assertArrayEquals(new int[0], count.shape());
    assertEquals(1.0, count.item()); // one forward pass in training mode
    assertEquals(DType.F32, c.dtypes().get("bn.running_var"));
    assertArrayEquals(new int[] {3}, c.tensors().get("bn.running_var").shape());
  }

  @Test
  void f16AndBf16WritesRoundLikeTorch() throws IOException {
    SafeTensors.Contents c = torchFile();
    Tensor source = c.tensors().get("rounding.source");
    for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
      Path file = dir.resolve("rounded-" + dtype + ".safetensors");
      SafeTensors.write(file, Map.of("x", source), Map.of(), dtype);
      SafeTensors.Contents back = SafeTensors.read(file);
      assertEquals(dtype, back.dtypes().get("x"));
      assertEquals(2L * source.numel() + headerBytes(file) + 8, Files.size(file));
      String expected = dtype == DType.F16 ? "rounding.f16" : "rounding.bf16";
      assertArrayEquals(c.tensors().get(expected).toArray(), back.tensors().get("x").toArray(),
          dtype.name());
    }
  }

  @Test
  void roundingAgreesWithTheJdkForFloatAndRoundTripsEveryHalfAndBfloat16() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      // magnitudes from double subnormals to beyond float's range, and exact float ties
      double x =
          i % 2 == 0
              ? Math.scalb(random.nextDouble() * 2 - 1, random.nextInt(320) - 170)
              : (double) Float.intBitsToFloat(random.nextInt());
      if (i % 3 == 0) {
        float f = Float.intBitsToFloat(random.nextInt());
        x = (double) f + (double) Math.ulp(f) / 2; // a tie between two floats
      }
      if (!Double.isNaN(x)) { // NaN payloads are not kept (the writer stores a quiet NaN)
        assertEquals(
            Float.floatToRawIntBits((float) x), SafeTensors.roundToBinary(x, 8, 23), "x = " + x);
      }
    }
    for (int bits = 0; bits < 1 << 16; bits++) {
      double half = SafeTensors.halfToDouble((short) bits);
      double bfloat = Float.intBitsToFloat(bits << 16);
      if (!Double.isNaN(half)) {
        assertEquals(bits, SafeTensors.roundToBinary(half, 5, 10), "half bits " + bits);
      }
      if (!Double.isNaN(bfloat)) {
        assertEquals(bits, SafeTensors.roundToBinary(bfloat, 8, 7), "bfloat16 bits " + bits);
      }
    }
    assertTrue(Double.isNaN(SafeTensors.halfToDouble((short) SafeTensors.roundToBinary(Double.NaN, 5, 10))));
    assertEquals(0x7c00, SafeTensors.roundToBinary(65520, 5, 10)); // the tie above 65504
    assertEquals(0x7bff, SafeTensors.roundToBinary(65519.99, 5, 10));
  }

  @Test
  void aDTypeJgradDoesNotReadIsNamedWithItsTensor() throws IOException {
    Path file = handMade("{\"scale\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}",
        new byte[2]);
    SafeTensorsUnsupportedException e =
        assertThrows(SafeTensorsUnsupportedException.class, () -> SafeTensors.read(file));
    assertEquals("scale", e.tensorName());
    assertEquals("F8_E4M3", e.dtype());
    assertTrue(e.getMessage().contains("tensor 'scale' has dtype F8_E4M3, which jgrad does not read"),
        e.getMessage());
    assertFalse(e.getMessage().contains("not a valid safetensors file"), e.getMessage());
  }

  @Test
  void anUnknownDTypeNameIsAFormatError() throws IOException {
    Path file = handMade("{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}",
        new byte[16]);
    SafeTensorsFormatException e =
        assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
    assertFalse(e instanceof SafeTensorsUnsupportedException);
    assertTrue(e.getMessage().contains("not a valid safetensors file: tensor 'w' has dtype F128"),
        e.getMessage());
  }

  @Test
  void anI64ThatADoubleCannotHoldIsRefusedWithItsElement() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    data.putLong(3).putLong((1L << 53) + 1);
    Path file = handMade("{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}",
        data.array());
    SafeTensorsUnsupportedException e =
        assertThrows(SafeTensorsUnsupportedException.class, () -> SafeTensors.read(file));
    assertEquals("I64", e.dtype());
    assertTrue(e.getMessage().contains("tensor 'ids' (I64) holds 9007199254740993 at element 1"),
        e.getMessage());
  }

  @Test
  void integerDTypesAreReadOnly() {
    Path file = dir.resolve("ints.safetensors");
    for (DType dtype : DType.values()) {
      if (!dtype.writable()) {
        IllegalArgumentException e =
            assertThrows(
                IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("x", Tensor.ones(2)), Map.of(), dtype));
        assertEquals(
            "SafeTensors.write: dtype " + dtype + " is read-only; write F64, F32, F16 or BF16",
            e.getMessage());
      }
    }
    assertFalse(Files.exists(file));
  }

  private Path handMade(String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put(data);
    Path file = dir.resolve("hand-made.safetensors");
    Files.write(file, b.array());
    return file;
  }

  private static long headerBytes(Path file) throws IOException {
    byte[] first = new byte[8];
    try (InputStream in = Files.newInputStream(file)) {
      assertEquals(8, in.read(first));
    }
    return ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
