package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Csv;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.io.SafeTensorsFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the file readers with corrupted files: truncations, bit flips, huge declared sizes and
 * header fields of the wrong type. A reader must either return a result or throw its documented
 * exception ({@link SafeTensorsFormatException} for safetensors; {@link IllegalArgumentException}
 * or {@link UncheckedIOException} naming the file for CSV) — never another exception, and never
 * allocate what a corrupt header claims: the bytes allocated by the reading thread are bounded
 * by a small multiple of the file's size (measured with the JVM's per-thread allocation counter,
 * not with a clock). Also checks that a failed save leaves the previous file intact.
 */
class FuzzFilesProperties {
  private static Path dir;

  /** Valid files to corrupt, written once (each save syncs to disk, which is slow). */
  private static final List<byte[]> VALID = new java.util.ArrayList<>();

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("jgrad-fuzz-files");
    Random random = new Random(30);
    for (int i = 0; i < 16; i++) {
      VALID.add(validSafeTensors(random));
    }
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ------------------------------------------------------------------ allocation measurement

  private static final com.sun.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t ? t : null;

  private static long allocatedBytes() {
    return THREADS == null ? 0 : THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** The allocation a reader may make for a file of {@code size} bytes: a few copies plus slack. */
  private static long allocationBound(long size) {
    return 64 * size + (8 << 20);
  }

  // ------------------------------------------------------------------ safetensors

  private static byte[] validSafeTensors(Random random) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      int[] shape = new int[random.nextInt(3)];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = random.nextInt(4);
      }
      tensors.put("layer" + i + ".weight", Tensor.randn(random, shape));
    }
    Path file = dir.resolve("valid-" + random.nextInt(1 << 30) + ".safetensors");
    SafeTensors.write(
        file, tensors, Map.of("format", "pt"),
        random.nextBoolean() ? SafeTensors.DType.F64 : SafeTensors.DType.F32);
    byte[] bytes = Files.readAllBytes(file);
    Files.delete(file);
    return bytes;
  }

  /** Applies one random corruption and returns its description. */
  private static String corrupt(Random random, byte[][] holder) {
    byte[] b = holder[0];
    long headerSize = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    switch (random.nextInt(7)) {
      case 0: {
        int cut = random.nextInt(b.length);
        holder[0] = Arrays.copyOf(b, cut);
        return "truncated to " + cut + " bytes";
      }
      case 1: {
        int flips = 1 + random.nextInt(8);
        boolean inHeader = random.nextBoolean();
        int limit = inHeader ? (int) Math.min(b.length, 8 + headerSize) : b.length;
        for (int i = 0; i < flips; i++) {
          int at = random.nextInt(limit);
          b[at] ^= (byte) (1 << random.nextInt(8));
        }
        return flips + " bit flips" + (inHeader ? " in the header" : "");
      }
      case 2: {
        long[] huge = {Long.MAX_VALUE, -1, 1L << 40, 1L << 31, SafeTensors.MAX_HEADER_SIZE, headerSize + 8, headerSize - 8, 0};
        long v = huge[random.nextInt(huge.length)];
        ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        return "header length " + v;
      }
      default: {
        String header = new String(b, 8, (int) headerSize, StandardCharsets.UTF_8);
        String[][] edits = {
          {"\\[(\\d+)(,|\\])", "[4294967296$2"},
          {"\\[(\\d+)(,|\\])", "[2147483647$2"},
          {"\\[(\\d+),(\\d+)\\]", "[65536,65536]"},
          {"\"shape\":\\[[^\\]]*\\]", "\"shape\":\"big\""},
          {"\"dtype\":\"F(64|32)\"", "\"dtype\":\"I64\""},
          {"\"dtype\":\"F(64|32)\"", "\"dtype\":7"},
          {"\"data_offsets\":\\[(\\d+),(\\d+)\\]", "\"data_offsets\":[$1,99999999999]"},
          {"\"data_offsets\":\\[(\\d+),(\\d+)\\]", "\"data_offsets\":[-8,$2]"},
          {"\"data_offsets\":\\[(\\d+),(\\d+)\\]", "\"data_offsets\":[1.5,$2]"},
          {"\"format\":\"pt\"", "\"format\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"},
          {"\\{", "["},
          {"\"", "'"},
          {"\\}\\s*$", ""},
        };
        String[] edit = edits[random.nextInt(edits.length)];
        String changed = header.replaceFirst(edit[0], edit[1]);
        byte[] json = changed.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + b.length - 8 - (int) headerSize)
            .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(b, 8 + (int) headerSize, b.length - 8 - (int) headerSize);
        holder[0] = out.array();
        return "header edit " + edit[0] + " -> " + edit[1];
      }
    }
  }

  @Property(tries = 300, seed = "31")
  void corruptSafeTensorsFilesFailWithTheDocumentedException(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    byte[][] holder = {VALID.get(random.nextInt(VALID.size())).clone()};
    String what = corrupt(random, holder);
    Path file = dir.resolve("fuzz.safetensors");
    Files.write(file, holder[0]);
    long before = allocatedBytes();
    String outcome;
    try {
      SafeTensors.Contents contents = SafeTensors.read(file);
      outcome = "read";
      for (Tensor t : contents.tensors().values()) {
        assertEquals(Arrays.stream(t.shape()).asLongStream().reduce(1, (x, y) -> x * y), t.numel());
      }
    } catch (SafeTensorsFormatException e) {
      outcome = "rejected";
      assertTrue(e.getMessage() != null && e.getMessage().length() > 10, "a message: " + e);
    } catch (Throwable t) {
      throw new AssertionError("seed " + seed + ", " + what + ": threw " + t, t);
    }
    long allocated = allocatedBytes() - before;
    assertTrue(
        allocated <= allocationBound(holder[0].length),
        () -> "seed " + seed + ", " + what + ": allocated " + allocated + " bytes for a file of "
            + holder[0].length);
    Statistics.label("outcome").collect(outcome);
  }

  // ------------------------------------------------------------------ CSV

  private static byte[] validCsv(Random random, boolean gzip) throws IOException {
    StringBuilder sb = new StringBuilder("x1,x2,label\n");
    int rows = 1 + random.nextInt(20);
    for (int i = 0; i < rows; i++) {
      sb.append(random.nextGaussian()).append(',').append(random.nextInt(100)).append(',')
          .append(random.nextInt(3)).append('\n');
    }
    byte[] plain = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (!gzip) {
      return plain;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }

  @Property(tries = 300, seed = "32")
  void corruptCsvFilesFailWithAClearException(@ForAll long seed) throws IOException {
    Random random = new Random(seed);
    boolean gzip = random.nextBoolean();
    byte[] b = validCsv(random, gzip);
    String what;
    switch (random.nextInt(4)) {
      case 0 -> {
        int cut = random.nextInt(b.length);
        b = Arrays.copyOf(b, cut);
        what = "truncated to " + cut;
      }
      case 1 -> {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
        what = flips + " bit flips";
      }
      case 2 -> {
        String[] junk = {"NaN", "1e999", "\u0000", "\"1\"", ",,,,", "abc", "\uFFFF", "1,2", "-", "0x1p3", "\r\n\r\n"};
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = random.nextInt(s.length() + 1);
        b = (s.substring(0, at) + junk[random.nextInt(junk.length)] + s.substring(at))
            .getBytes(StandardCharsets.ISO_8859_1);
        what = "junk inserted at " + at;
      }
      default -> {
        b = ("1," + "9".repeat(100_000) + ",2\n3,4,5\n").getBytes(StandardCharsets.UTF_8);
        what = "a 100 kB number";
      }
    }
    Path file = dir.resolve("fuzz-data.csv" + (gzip ? ".gz" : ""));
    Files.write(file, b);
    long before = allocatedBytes();
    String outcome;
    try {
      Tensor t = Csv.read(file, 1);
      assertEquals(2, t.dim());
      outcome = "read";
    } catch (IllegalArgumentException | UncheckedIOException e) {
      outcome = "rejected";
      assertTrue(
          e.getMessage() != null && e.getMessage().contains("fuzz-data.csv"),
          "seed " + seed + ", " + what + ": message does not name the file: " + e.getMessage());
    } catch (Throwable t) {
      throw new AssertionError("seed " + seed + ", " + what + ": threw " + t, t);
    }
    long allocated = allocatedBytes() - before;
    long size = b.length;
    assertTrue(
        allocated <= allocationBound(gzip ? 20 * size : size),
        () -> "seed " + seed + ", " + what + ": allocated " + allocated + " bytes for " + size);
    Statistics.label("outcome").collect(outcome);
  }

  // ------------------------------------------------------------------ atomic save

  /** A map whose data pass fails after the first tensor: a crash in the middle of a save. */
  private static Map<String, Tensor> failingAfterFirstTensor(Map<String, Tensor> tensors) {
    return new LinkedHashMap<>(tensors) {
      @Override
      public Collection<Tensor> values() {
        Collection<Tensor> real = super.values();
        return new AbstractCollection<>() {
          @Override
          public Iterator<Tensor> iterator() {
            Iterator<Tensor> it = real.iterator();
            return new Iterator<>() {
              int served;

              @Override
              public boolean hasNext() {
                return it.hasNext();
              }

              @Override
              public Tensor next() {
                if (served++ == 1) {
                  throw new IllegalStateException("simulated crash in the middle of the save");
                }
                return it.next();
              }
            };
          }

          @Override
          public int size() {
            return real.size();
          }
        };
      }
    };
  }

  @Example
  void failedSaveLeavesThePreviousFileIntact() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("atomic"));
    Path file = sub.resolve("model.safetensors");
    Random random = new Random(1);
    Map<String, Tensor> old = new LinkedHashMap<>();
    old.put("w", Tensor.randn(random, 3, 4));
    SafeTensors.write(file, old, Map.of(), SafeTensors.DType.F64);
    byte[] before = Files.readAllBytes(file);

    Map<String, Tensor> next = new LinkedHashMap<>();
    next.put("w", Tensor.randn(random, 3, 4));
    next.put("b", Tensor.randn(random, 4));
    next.put("c", Tensor.randn(random, 400));
    assertThrows(
        IllegalStateException.class,
        () -> SafeTensors.write(file, failingAfterFirstTensor(next), Map.of(), SafeTensors.DType.F64));

    assertArrayEquals(before, Files.readAllBytes(file), "the old file is untouched");
    try (Stream<Path> left = Files.list(sub)) {
      assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
    }
    assertArrayEquals(old.get("w").toArray(), SafeTensors.read(file).tensors().get("w").toArray(), 0);

    // A save that succeeds replaces the file as a whole.
    SafeTensors.write(file, next, Map.of(), SafeTensors.DType.F64);
    assertEquals(3, SafeTensors.read(file).tensors().size());
  }

  @Example
  void saveIntoAMissingDirectoryFailsWithoutCreatingAnything() {
    Path file = dir.resolve("no-such-dir").resolve("model.safetensors");
    assertThrows(
        IOException.class,
        () -> SafeTensors.write(file, Map.of("w", Tensor.ones(2)), Map.of(), SafeTensors.DType.F64));
    assertTrue(Files.notExists(file.getParent()));
  }

  @Example
  void allocationCounterIsAvailable() {
    if (THREADS == null) {
      fail("this JVM has no per-thread allocation counter; the allocation bounds above are vacuous");
    }
    long before = allocatedBytes();
    byte[] block = new byte[1 << 20];
    assertTrue(allocatedBytes() - before >= block.length, "the counter sees a 1 MB allocation");
  }
}
