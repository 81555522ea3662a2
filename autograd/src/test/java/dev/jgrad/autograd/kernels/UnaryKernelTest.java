package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.kernels.Elementwise.UnaryFn;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise#unary} against the plain definition: double elements bit for bit equal to
 * {@link Math}, float elements (the Vector API's SIMD functions when the module is loaded, the
 * rounded double function otherwise) within 2 float ulps of the exact value, on sizes around the
 * vector width and the widening block, and on special values (NaN, infinities, signed zeros,
 * subnormals, overflow thresholds).
 */
class UnaryKernelTest {
  private static final int[] SIZES = {0, 1, 7, 15, 16, 17, 31, 33, 1023, 1024, 1025, 3001};
  private static final float[] SPECIAL = {
    Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
    -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, -1e-30f, 1e-8f, -1e-8f, 0.5f, -0.5f, 1f, -1f, 2f,
    10f, -10f, 20f, -20f, 88.7f, 88.8f, -87.3f, -103.9f, -104f, 1e4f, -1e4f, Float.MAX_VALUE,
    -Float.MAX_VALUE
  };

  private static DoubleUnaryOperator definition(UnaryFn fn) {
    return switch (fn) {
      case EXP -> Math::exp;
      case LOG -> Math::log;
      case LOG1P -> Math::log1p;
      case SQRT -> Math::sqrt;
      case ABS -> Math::abs;
      case SIN -> Math::sin;
      case COS -> Math::cos;
      case TANH -> Math::tanh;
      case SIGMOID -> v -> v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    };
  }

  private static float[] values(int n, Random random, UnaryFn fn) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < SPECIAL.length && n >= SPECIAL.length ? SPECIAL[i] : (float) (random.nextGaussian() * 8);
      if (fn == UnaryFn.SIN || fn == UnaryFn.COS) {
        x[i] = Math.abs(x[i]) > 100 ? 0.25f : x[i]; // reduced arguments; huge ones are checked in double
      }
    }
    return x;
  }

  @Test
  void doubleElementsEqualMathBitForBit() {
    Random random = new Random(1);
    for (UnaryFn fn : UnaryFn.values()) {
      for (int n : SIZES) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = i < SPECIAL.length ? SPECIAL[i] : random.nextGaussian() * 8;
        }
        double[] got = Elementwise.unary(fn, Storage.of(x)).toDoubleArray();
        for (int i = 0; i < n; i++) {
          double want = definition(fn).applyAsDouble(x[i]);
          assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[i]),
              () -> fn + " of a double");
        }
      }
    }
  }

  @Test
  void floatElementsAreWithinTwoUlpsOfTheExactValue() {
    checkFloats(new Random(2));
  }

  /**
   * The same check after each function ran often enough for C2 to compile the SIMD loop (before
   * that, the Vector API runs its plain-Java fallback, which is the double function rounded).
   */
  @Test
  void compiledFloatElementsAreWithinTwoUlpsOfTheExactValue() {
    float[] warm = values(64, new Random(4), UnaryFn.EXP);
    for (UnaryFn fn : UnaryFn.values()) {
      Storage s = Storage.of(warm);
      for (int r = 0; r < 20_000; r++) {
        Elementwise.unary(fn, s);
      }
    }
    checkFloats(new Random(5));
  }

  private static void checkFloats(Random random) {
    for (UnaryFn fn : UnaryFn.values()) {
      for (int n : SIZES) {
        float[] x = values(n, random, fn);
        float[] got = Elementwise.unary(fn, Storage.of(x)).toFloatArray();
        for (int i = 0; i < n; i++) {
          double exact = definition(fn).applyAsDouble(x[i]);
          float want = (float) exact;
          float g = got[i];
          String where = fn + "(" + x[i] + ") = " + g + ", want " + want + " (size " + n + ")";
          if (Float.isNaN(want) || Float.isInfinite(want) || want == 0) {
            assertEquals(want, g, where); // NaN, the infinities and exact zeros exactly
            continue;
          }
          assertTrue(Math.abs(g - exact) <= 2 * Math.ulp(want), where);
        }
      }
    }
  }

  @Test
  void mapRoundsTheDoubleFunctionForFloats() {
    float[] x = values(2500, new Random(3), UnaryFn.EXP);
    DoubleUnaryOperator f = v -> Math.pow(v, 3) - v;
    float[] got = Elementwise.map(Storage.of(x), f).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals((float) f.applyAsDouble(x[i]), got[i], 0f, "element " + i);
    }
  }
}
