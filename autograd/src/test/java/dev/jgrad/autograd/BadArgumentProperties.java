package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random bad arguments never escape as anything but an IllegalArgumentException naming the method. */
class BadArgumentProperties {

  /** Seeds for the values: plain random longs (their edge cases, 0 or Long.MIN_VALUE, mean nothing here). */
  @Provide
  Arbitrary<Long> seeds() {
    return Gen.seeds();
  }

  /**
   * Random (often invalid) dims, sizes and indices for the shape-taking methods: each call either
   * succeeds or throws an IllegalArgumentException naming the method, never another exception.
   */
  @Property(tries = 200)
  void badArgumentsGiveIllegalArgumentNamingTheMethod(
      @ForAll @IntRange(min = 0, max = 3) int rank,
      @ForAll @IntRange(min = 0, max = 13) int method,
      @ForAll("seeds") long seed) {
    Random r = new Random(seed);
    int[] shape = new int[rank];
    for (int i = 0; i < rank; i++) {
      shape[i] = r.nextInt(4);
    }
    Tensor t = Tensor.zeros(shape);
    int a = r.nextInt(9) - 4;
    int b = r.nextInt(9) - 4;
    int[] sizes = {r.nextInt(6) - 1, r.nextInt(6) - 1};
    int[] other = {r.nextInt(4), r.nextInt(4)};
    String name;
    Supplier<Object> call;
    switch (method) {
      case 0 -> { name = "reshape"; call = () -> t.reshape(sizes); }
      case 1 -> { name = "expand"; call = () -> t.expand(sizes); }
      case 2 -> { name = "permute"; call = () -> t.permute(a, b); }
      case 3 -> { name = "narrow"; call = () -> t.narrow(a, b, sizes[0]); }
      case 4 -> { name = "indexSelect"; call = () -> t.indexSelect(a, new int[] {b}); }
      case 5 -> { name = "sum"; call = () -> t.sum(a, b > 0); }
      case 6 -> { name = "max"; call = () -> t.max(a, b > 0); }
      case 7 -> { name = "transpose"; call = () -> t.transpose(a, b); }
      case 8 -> { name = "squeeze"; call = () -> t.squeeze(a); }
      case 9 -> { name = "unsqueeze"; call = () -> t.unsqueeze(a); }
      case 10 -> { name = "matmul"; call = () -> t.matmul(Tensor.zeros(other)); }
      case 11 -> { name = "cat"; call = () -> Tensor.cat(List.of(t, Tensor.zeros(other)), a); }
      case 12 -> { name = "add"; call = () -> t.add(Tensor.zeros(other)); }
      default -> { name = "get"; call = () -> t.get(a, b); }
    }
    try {
      assertNotNull(call.get());
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().startsWith(name), () -> "message does not name " + name + ": " + e);
    }
  }
}
