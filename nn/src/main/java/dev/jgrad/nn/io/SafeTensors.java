package dev.jgrad.nn.io;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads named tensors (a model's {@link Module#stateDict()}) in the <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> format, readable by PyTorch's
 * {@code safetensors.torch.load_file}.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}; {@code N} bytes of UTF-8
 * JSON mapping each name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (plus an
 * optional {@code "__metadata__"} object of strings), padded with spaces to a multiple of 8; then
 * the packed little-endian tensor bytes, offsets counted from the end of the header.
 *
 * <p>Reads every dtype PyTorch writes for weights, buffers and indices: F64, F32, F16, BF16, I64,
 * I32, I16, I8, U8 and BOOL. Each entry becomes a double tensor holding the exact stored values
 * (integers as whole numbers, BOOL as 0 and 1, BatchNorm's {@code num_batches_tracked} as a 0-d
 * tensor); {@link Contents#dtypes()} tells which dtype each entry had. Writes F64 (the default),
 * F32, F16 or BF16, rounding to nearest, ties to even, as PyTorch does. A valid file with an
 * entry jgrad cannot hold (a dtype such as {@code F8_E4M3} or {@code U32}, or an I64 beyond
 * 2^53 that a double cannot hold exactly) gives a {@link SafeTensorsUnsupportedException}
 * naming the entry and its dtype.
 *
 * <p>Reading validates what the reference implementation validates (header size limit, UTF-8 and
 * JSON syntax, known dtypes, offsets contiguous from 0 and ending at the end of the file, byte
 * counts equal to {@code numel * dtype size}) before allocating tensor storage, so a truncated,
 * oversized or corrupt file gives a {@link SafeTensorsFormatException} and never an out-of-memory
 * error or a half-loaded model. Saving writes a temporary file and moves it into place, so a crash
 * never leaves a half-written file under the target name.
 *
 * <pre>{@code
 * SafeTensors.save(model, Path.of("model.safetensors"));
 * SafeTensors.load(otherModel, Path.of("model.safetensors"));   // same outputs as model
 * }</pre>
 */
public final class SafeTensors {
  /** The largest header accepted, as in the reference implementation (100 MB). */
  public static final long MAX_HEADER_SIZE = 100_000_000L;

  private static final String METADATA = "__metadata__";

  /** The size of the buffer tensor data goes through on write. */
  private static final int WRITE_BLOCK = 1 << 16;

  private SafeTensors() {}

  /**
   * The dtypes jgrad reads, by their name in the header, with their size in bytes. The floating
   * point ones can also be written.
   */
  public enum DType {
    /** IEEE 754 double, 8 bytes (read and write). */
    F64(8, true),
    /** IEEE 754 single, 4 bytes (read and write; values are rounded to float on write). */
    F32(4, true),
    /** IEEE 754 half, 2 bytes: 5 exponent and 10 fraction bits (read and write). */
    F16(2, true),
    /** bfloat16, 2 bytes: float's 8 exponent bits and 7 fraction bits (read and write). */
    BF16(2, true),
    /** Signed 64-bit integer (read only; values beyond 2^53 must be exact in a double). */
    I64(8, false),
    /** Signed 32-bit integer (read only). */
    I32(4, false),
    /** Signed 16-bit integer (read only). */
    I16(2, false),
    /** Signed 8-bit integer (read only). */
    I8(1, false),
    /** Unsigned 8-bit integer (read only). */
    U8(1, false),
    /** Boolean, one byte each, read as 0 or 1 (read only). */
    BOOL(1, false);

    private final int bytes;
    private final boolean writable;

    DType(int bytes, boolean writable) {
      this.bytes = bytes;
      this.writable = writable;
    }

    /** {@return the size of one element in bytes} */
    public int bytes() {
      return bytes;
    }

    /** {@return whether {@link SafeTensors#write} can store elements as this dtype} */
    public boolean writable() {
      return writable;
    }
  }

  /**
   * The dtypes of the safetensors format that jgrad does not read: an entry with one of them
   * gives a {@link SafeTensorsUnsupportedException}, any other unknown name a {@link
   * SafeTensorsFormatException}.
   */
  private static final List<String> UNSUPPORTED_DTYPES =
      List.of(
          "U16", "U32", "U64", "C64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2",
          "F4");

  /**
   * The content of a file: tensors by name, in file order, the dtype each was stored as, and the
   * metadata strings.
   *
   * @param tensors the tensors by name, as double tensors holding the stored values
   * @param metadata the {@code __metadata__} entries (empty if none)
   * @param dtypes the stored dtype of each tensor, by name, in file order
   */
  public record Contents(
      Map<String, Tensor> tensors, Map<String, String> metadata, Map<String, DType> dtypes) {}

  /**
   * Saves {@code model.stateDict()} to {@code file}: as F32 when every entry is F32 (a model
   * converted with {@code Module.to(DType.F32)}), else as F64.
   *
   * @param model the model whose parameters are saved or loaded
   * @param file the safetensors file
   * @throws IOException if the file cannot be written
   * @throws IOException if the file cannot be written
   */
  public static void save(Module model, Path file) throws IOException {
    checkArgument(model != null && file != null, "SafeTensors.save: model or file is null");
    Map<String, Tensor> state = model.stateDict();
    boolean allFloat = !state.isEmpty()
        && state.values().stream().allMatch(t -> t.dtype() == dev.jgrad.autograd.DType.F32);
    // A float32 model is saved as F32 (its values exactly, in half the bytes); otherwise F64.
    write(file, state, Map.of(), allFloat ? DType.F32 : DType.F64);
  }

  /**
   * Loads the tensors of {@code file} into {@code model} with {@link Module#loadStateDict}: the
   * model is changed only if the whole file is valid and fits it.
   *
   * @param model the model whose parameters are saved or loaded
   * @param file the safetensors file
   * @throws SafeTensorsFormatException if the file is not valid safetensors
   * @throws IllegalArgumentException if the tensors do not fit the model (names missing, unexpected
   *     or mis-shaped)
   */
  public static void load(Module model, Path file) throws IOException {
    checkArgument(model != null && file != null, "SafeTensors.load: model or file is null");
    model.loadStateDict(read(file).tensors());
  }

  /**
   * Writes {@code tensors} and {@code metadata} to {@code file} with elements stored as {@code
   * dtype} (F64, F32, F16 or BF16, rounded to nearest with ties to even; values beyond the
   * dtype's range become infinite), atomically (temporary file, then move).
   *
   * <p>The temporary file sits next to {@code file} under a short name of its own ({@code
   * .safetensors-<random>.tmp}, at most 35 characters), so any file name the file system accepts
   * can be saved to. Tensor data is written in blocks of {@value #WRITE_BLOCK} bytes.
   *
   * @param file the safetensors file
   * @param tensors the tensors by name, written in the map's order
   * @param metadata the {@code __metadata__} strings (may be empty)
   * @param dtype the element type to store
   * @throws IllegalArgumentException if dtype is an integer or BOOL dtype, a name is empty or
   *     {@code __metadata__}, an argument, tensor or metadata entry is null, or a name or
   *     metadata string is not valid Unicode (it holds an unpaired surrogate, which UTF-8 cannot
   *     encode)
   * @throws IOException if the file cannot be written
   */
  public static void write(
      Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype)
      throws IOException {
    checkArgument(
        file != null && tensors != null && metadata != null && dtype != null,
        "SafeTensors.write: file, tensors, metadata and dtype must not be null");
    checkArgument(
        dtype.writable(),
        "SafeTensors.write: dtype %s is read-only; write F64, F32, F16 or BF16",
        dtype);
    StringBuilder header = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      header.append(Json.quote(METADATA)).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        checkArgument(
            e.getKey() != null && e.getValue() != null,
            "SafeTensors.write: metadata entry %s=%s holds a null",
            e.getKey(),
            e.getValue());
        checkEncodable("metadata key", e.getKey());
        checkEncodable("metadata value of '" + escape(e.getKey()) + "'", e.getValue());
        header
            .append(first ? "" : ",")
            .append(Json.quote(e.getKey()))
            .append(':')
            .append(Json.quote(e.getValue()));
        first = false;
      }
      header.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.equals(METADATA)) {
        throw new IllegalArgumentException("SafeTensors.write: invalid tensor name '" + name + "'");
      }
      checkEncodable("tensor name", name);
      Tensor t = e.getValue();
      checkArgument(t != null, "SafeTensors.write: tensor '%s' is null", name);
      long end = offset + (long) t.numel() * dtype.bytes();
      header
          .append(header.length() > 1 ? "," : "")
          .append(Json.quote(name))
          .append(":{\"dtype\":\"")
          .append(dtype.name())
          .append("\",\"shape\":[");
      int[] shape = t.shape();
      for (int d = 0; d < shape.length; d++) {
        header.append(d > 0 ? "," : "").append(shape[d]);
      }
      header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    header.append('}');
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".safetensors-", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
          head.put((byte) ' ');
        }
        head.flip();
        writeFully(ch, head);
        ByteBuffer block = ByteBuffer.allocate(WRITE_BLOCK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
          for (double x : t.toArray()) {
            if (block.remaining() < dtype.bytes()) {
              block.flip();
              writeFully(ch, block);
              block.clear();
            }
            switch (dtype) {
              case F64:
                block.putDouble(x);
                break;
              case F32:
                block.putFloat((float) x);
                break;
              case F16:
                block.putShort((short) roundToBinary(x, 5, 10));
                break;
              default: // BF16, the last writable dtype
                block.putShort((short) roundToBinary(x, 8, 7));
            }
          }
        }
        block.flip();
        writeFully(ch, block);
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Checks that {@code text} can be written as UTF-8: every surrogate is half of a pair.
   *
   * @throws IllegalArgumentException naming {@code what}, the text (escaped) and the position of
   *     the first unpaired surrogate
   */
  private static void checkEncodable(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(
                "SafeTensors.write: %s '%s' holds an unpaired surrogate U+%04X at index %d, which"
                    + " UTF-8 cannot encode (it would be written as '?'); fix the string",
                what, escape(text), (int) c, i));
      }
    }
  }

  /** Returns {@code text} with surrogates and control characters written as backslash-u-XXXX. */
  private static String escape(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c) || Character.isISOControl(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      ch.write(buffer);
    }
  }

  /**
   * {@return every tensor of {@code file} by name (as double tensors holding the stored values),
   * with the metadata and each tensor's stored dtype; no module is needed}
   *
   * @param file the safetensors file
   * @throws SafeTensorsUnsupportedException naming the entry and its dtype if the file is valid
   *     but holds a dtype jgrad does not read, or an I64 value a double cannot hold exactly
   * @throws SafeTensorsFormatException naming the file and the problem if it is not valid
   *     safetensors (truncated, oversized header, bad JSON, unknown dtype, bad offsets...)
   */
  public static Contents read(Path file) throws IOException {
    checkArgument(file != null, "SafeTensors.read: file is null");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      if (fileSize < 8) {
        throw corrupt(
            file, "file is " + fileSize + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lengthBytes = readExactly(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
      long headerSize = lengthBytes.getLong();
      if (headerSize < 0 || headerSize > MAX_HEADER_SIZE) {
        throw corrupt(
            file,
            "header length "
                + Long.toUnsignedString(headerSize)
                + " exceeds the limit of "
                + MAX_HEADER_SIZE
                + " bytes");
      }
      if (8 + headerSize > fileSize) {
        throw corrupt(
            file,
            String.format(
                "header length %d runs past the end of the file (%d bytes): truncated?",
                headerSize, fileSize));
      }
      String json;
      try {
        json =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(readExactly(ch, 8, (int) headerSize))
                .toString();
      } catch (CharacterCodingException e) {
        throw corrupt(file, "header is not valid UTF-8");
      }
      if (!json.startsWith("{")) {
        throw corrupt(file, "header does not start with '{'");
      }
      Object parsed;
      try {
        parsed = Json.parse(json);
      } catch (IllegalArgumentException e) {
        throw new SafeTensorsFormatException(
            file + ": header is not valid JSON: " + e.getMessage(), e);
      }
      if (!(parsed instanceof Map)) {
        throw corrupt(file, "header is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> entries = (Map<String, Object>) parsed;
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Entry> infos = new ArrayList<>();
      for (Map.Entry<String, Object> e : entries.entrySet()) {
        if (e.getKey().equals(METADATA)) {
          metadata = metadata(file, e.getValue());
        } else {
          infos.add(entry(file, e.getKey(), e.getValue()));
        }
      }
      long dataSize = fileSize - 8 - headerSize;
      validateOffsets(file, infos, dataSize);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      Map<String, DType> dtypes = new LinkedHashMap<>();
      long dataStart = 8 + headerSize;
      for (Entry info : infos) {
        ByteBuffer bytes = readExactly(ch, dataStart + info.begin, (int) (info.end - info.begin));
        tensors.put(info.name, decode(file, info, bytes));
        dtypes.put(info.name, info.dtype);
      }
      return new Contents(
          Collections.unmodifiableMap(tensors),
          Collections.unmodifiableMap(metadata),
          Collections.unmodifiableMap(dtypes));
    }
  }

  /** One header entry, validated. */
  private static final class Entry {
    final String name;
    final DType dtype;
    final int[] shape;
    final long numel;
    final long begin;
    final long end;

    Entry(String name, DType dtype, int[] shape, long numel, long begin, long end) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.numel = numel;
      this.begin = begin;
      this.end = end;
    }
  }

  private static Map<String, String> metadata(Path file, Object value)
      throws SafeTensorsFormatException {
    if (!(value instanceof Map)) {
      throw corrupt(file, "__metadata__ must be an object of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw corrupt(file, "__metadata__ entry '" + e.getKey() + "' is not a string");
      }
      out.put((String) e.getKey(), (String) e.getValue());
    }
    return out;
  }

  private static Entry entry(Path file, String name, Object value)
      throws SafeTensorsFormatException {
    if (!(value instanceof Map)) {
      throw corrupt(file, "entry '" + name + "' is not an object");
    }
    Map<?, ?> m = (Map<?, ?>) value;
    Object dtypeName = m.get("dtype");
    if (!(dtypeName instanceof String)) {
      throw corrupt(file, "tensor '" + name + "' has no dtype string");
    }
    DType dtype;
    try {
      dtype = DType.valueOf((String) dtypeName);
    } catch (IllegalArgumentException e) {
      if (UNSUPPORTED_DTYPES.contains(dtypeName)) {
        throw new SafeTensorsUnsupportedException(
            String.format(
                "%s: tensor '%s' has dtype %s, which jgrad does not read (it reads %s); convert"
                    + " it in PyTorch first, e.g. tensor.to(torch.float32)",
                file, name, dtypeName, Arrays.toString(DType.values())),
            name,
            (String) dtypeName);
      }
      throw corrupt(
          file,
          "tensor '"
              + name
              + "' has dtype "
              + dtypeName
              + ", which is not a safetensors dtype; jgrad reads "
              + Arrays.toString(DType.values()));
    }
    List<Long> shapeList = longs(file, name, "shape", m.get("shape"));
    List<Long> offsets = longs(file, name, "data_offsets", m.get("data_offsets"));
    if (offsets.size() != 2) {
      throw corrupt(file, "tensor '" + name + "' needs data_offsets [begin, end], got " + offsets);
    }
    int[] shape = new int[shapeList.size()];
    long numel = 1;
    for (int d = 0; d < shape.length; d++) {
      long s = shapeList.get(d);
      if (s > Integer.MAX_VALUE) {
        throw corrupt(file, "tensor '" + name + "' has a dimension of " + s + ", too large");
      }
      shape[d] = (int) s;
      try {
        numel = Math.multiplyExact(numel, s);
      } catch (ArithmeticException e) {
        throw corrupt(file, "tensor '" + name + "' shape " + shapeList + " overflows");
      }
    }
    if (numel > Integer.MAX_VALUE) {
      throw corrupt(file, "tensor '" + name + "' has " + numel + " elements, too many for jgrad");
    }
    if (numel * dtype.bytes() > Integer.MAX_VALUE - 8) {
      throw corrupt(
          file,
          String.format(
              "tensor '%s' has %d bytes of data; jgrad reads at most %d bytes per tensor",
              name, numel * dtype.bytes(), Integer.MAX_VALUE - 8));
    }
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (end < begin) {
      throw corrupt(
          file, "tensor '" + name + "' has data_offsets " + offsets + " with end < begin");
    }
    if (end - begin != numel * dtype.bytes()) {
      throw corrupt(
          file,
          String.format(
              "tensor '%s' of shape %s and dtype %s needs %d bytes, but data_offsets %s span %d",
              name, shapeList, dtype, numel * dtype.bytes(), offsets, end - begin));
    }
    return new Entry(name, dtype, shape, numel, begin, end);
  }

  private static List<Long> longs(Path file, String name, String field, Object value)
      throws SafeTensorsFormatException {
    if (!(value instanceof List)) {
      throw corrupt(file, "tensor '" + name + "' has no " + field + " array");
    }
    List<Long> out = new ArrayList<>();
    for (Object o : (List<?>) value) {
      if (!(o instanceof Long) || (Long) o < 0) {
        throw corrupt(
            file,
            "tensor '" + name + "' " + field + " must hold non-negative integers, got " + value);
      }
      out.add((Long) o);
    }
    return out;
  }

  private static void validateOffsets(Path file, List<Entry> infos, long dataSize)
      throws SafeTensorsFormatException {
    List<Entry> sorted = new ArrayList<>(infos);
    sorted.sort(
        (a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
    long expected = 0;
    for (Entry e : sorted) {
      if (e.begin != expected) {
        throw corrupt(
            file,
            String.format(
                "tensor '%s' starts at byte %d of the data, but the previous tensor ends at %d "
                    + "(offsets must be contiguous, without gaps or overlaps)",
                e.name, e.begin, expected));
      }
      expected = e.end;
    }
    if (expected != dataSize) {
      throw corrupt(
          file,
          String.format(
              "the tensors need %d data bytes, but the file holds %d after the header%s",
              expected, dataSize, expected > dataSize ? " (truncated?)" : " (trailing bytes)"));
    }
  }

  private static Tensor decode(Path file, Entry info, ByteBuffer bytes)
      throws SafeTensorsUnsupportedException {
    bytes.order(ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[(int) info.numel];
    for (int i = 0; i < v.length; i++) {
      switch (info.dtype) {
        case F64:
          v[i] = bytes.getDouble();
          break;
        case F32:
          v[i] = bytes.getFloat();
          break;
        case F16:
          v[i] = halfToDouble(bytes.getShort());
          break;
        case BF16:
          v[i] = Float.intBitsToFloat((bytes.getShort() & 0xffff) << 16);
          break;
        case I64:
          long whole = bytes.getLong();
          v[i] = whole;
          if ((long) v[i] != whole || whole == Long.MAX_VALUE) {
            throw new SafeTensorsUnsupportedException(
                String.format(
                    "%s: tensor '%s' (I64) holds %d at element %d, which a double tensor cannot"
                        + " hold exactly (every I64 up to 2^53 in magnitude fits)",
                    file, info.name, whole, i),
                info.name,
                info.dtype.name());
          }
          break;
        case I32:
          v[i] = bytes.getInt();
          break;
        case I16:
          v[i] = bytes.getShort();
          break;
        case I8:
          v[i] = bytes.get();
          break;
        case U8:
          v[i] = bytes.get() & 0xff;
          break;
        default: // BOOL: PyTorch writes 0 or 1; any other byte is true, as in C
          v[i] = bytes.get() != 0 ? 1 : 0;
      }
    }
    return Tensor.of(v).reshape(info.shape);
  }

  /**
   * Returns the bits of the binary floating-point number with {@code exponentBits} exponent bits
   * and {@code fractionBits} fraction bits (IEEE 754 layout: sign, biased exponent, fraction)
   * nearest to {@code x}, ties to even; magnitudes beyond the largest finite value round to
   * infinity and NaN stays NaN. {@code (5, 10)} is IEEE half (F16), {@code (8, 7)} bfloat16.
   */
  static int roundToBinary(double x, int exponentBits, int fractionBits) {
    int sign = Double.doubleToRawLongBits(x) < 0 ? 1 << (exponentBits + fractionBits) : 0;
    int infinity = ((1 << exponentBits) - 1) << fractionBits;
    if (Double.isNaN(x)) {
      return sign | infinity | 1 << (fractionBits - 1);
    }
    double magnitude = Math.abs(x);
    if (Double.isInfinite(magnitude)) {
      return sign | infinity;
    }
    int bias = (1 << (exponentBits - 1)) - 1;
    int exponent = Math.max(Math.getExponent(magnitude), 1 - bias); // subnormals share 1 - bias
    // The significand in units of the last place; rint rounds half to even. Scaling by a power
    // of two is exact here, so this is the only rounding.
    double significand = Math.rint(Math.scalb(magnitude, fractionBits - exponent));
    if (significand == 1 << (fractionBits + 1)) { // rounded up to the next binade
      significand /= 2;
      exponent++;
    }
    int biased = significand >= 1 << fractionBits ? exponent + bias : 0; // 0: subnormal or zero
    if (biased >= (1 << exponentBits) - 1) {
      return sign | infinity;
    }
    return sign | biased << fractionBits | ((int) significand & ((1 << fractionBits) - 1));
  }

  /** Returns the value of an IEEE 754 half-precision number given by its 16 bits. */
  static double halfToDouble(short bits) {
    int sign = (bits >> 15) & 1;
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    double magnitude;
    if (exponent == 0) {
      magnitude = mantissa * Math.pow(2, -24); // subnormal
    } else if (exponent == 31) {
      magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      magnitude = (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
    }
    return sign == 1 ? -magnitude : magnitude;
  }

  private static ByteBuffer readExactly(FileChannel ch, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int n = ch.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new SafeTensorsFormatException(
            "unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    buffer.flip();
    return buffer;
  }

  private static SafeTensorsFormatException corrupt(Path file, String what) {
    return new SafeTensorsFormatException(file + ": not a valid safetensors file: " + what);
  }
}
