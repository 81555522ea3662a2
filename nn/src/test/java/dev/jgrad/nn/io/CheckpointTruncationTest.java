package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.DType;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real checkpoint cut at every byte offset is rejected with a clear error, never read wrong. */
class CheckpointTruncationTest {
  @TempDir Path dir;

  @Test
  void aCheckpointTruncatedAtEveryByteOffsetIsRejected() throws IOException {
    for (DType dtype : DType.values()) {
      Sequential model = new Sequential(new Linear(3, 4, new Random(1)), new Tanh(), new Linear(4, 2, new Random(2)));
      model.to(dtype);
      Path file = dir.resolve("model-" + dtype + ".safetensors");
      SafeTensors.save(model, file);
      byte[] whole = Files.readAllBytes(file);
      Path cut = dir.resolve("cut.safetensors");
      for (int length = 0; length < whole.length; length++) {
        Files.write(cut, Arrays.copyOf(whole, length));
        SafeTensorsFormatException e =
            assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(cut),
                dtype + ", cut at " + whole.length + " -> " + length);
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertFalse(e.getMessage().isBlank());
      }
    }
  }
}
