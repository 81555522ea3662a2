package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.DType;
import dev.jgrad.nn.Linear;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A float32 model is saved as F32 (half the bytes, the values exactly) and loads back. */
class SafeTensorsModelDtypeTest {
  @TempDir Path dir;

  @Test
  void aFloat32ModelIsSavedAsF32AndLoadsBackExactly() throws IOException {
    Linear model = new Linear(30, 20, new Random(1));
    model.to(DType.F32);
    Path f32 = dir.resolve("f32.safetensors");
    SafeTensors.save(model, f32);
    SafeTensors.Contents c = SafeTensors.read(f32);
    assertEquals(SafeTensors.DType.F32, c.dtypes().get("weight"));
    Linear back = new Linear(30, 20, new Random(2));
    back.to(DType.F32);
    SafeTensors.load(back, f32);
    assertArrayEquals(model.weight().toFloatArray(), back.weight().toFloatArray());

    Linear doubles = new Linear(30, 20, new Random(1));
    Path f64 = dir.resolve("f64.safetensors");
    SafeTensors.save(doubles, f64);
    assertEquals(SafeTensors.DType.F64, SafeTensors.read(f64).dtypes().get("weight"));
    assertEquals(Files.size(f64) - Files.size(f32), 4L * (30 * 20 + 20), 64, "half the bytes");
  }
}
