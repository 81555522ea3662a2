package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 2x2 max pooling loops of {@link FloatPool} with the Vector API: a vector holds consecutive
 * windows (of one block of planes, as many planes as make at least one vector of windows), and
 * gathers read their four corners through a precomputed map of window offsets. Compiled separately
 * with {@code --add-modules jdk.incubator.vector} and loaded reflectively by {@link Conv}, which
 * falls back to its scalar loops when the module is absent.
 */
final class VectorFloatPool implements FloatPool {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Creates the loops (called reflectively by {@link VectorModule}). */
  VectorFloatPool() {}

  /** Returns how many planes make a block: enough for at least one vector of windows. */
  private static int group(int windowsPerPlane) {
    return Math.max(1, (L + windowsPerPlane - 1) / windowsPerPlane);
  }

  /** Returns the offset, within a block of {@code group} planes, of each window's top-left element. */
  private static int[] corners(int group, int height, int width) {
    int outH = height / 2;
    int outW = width / 2;
    int[] top = new int[group * outH * outW];
    int k = 0;
    for (int p = 0; p < group; p++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++) {
          top[k++] = p * height * width + 2 * oy * width + 2 * ox;
        }
      }
    }
    return top;
  }

  /** Whether {@code v} replaces the running maximum {@code m}: larger, or the first NaN. */
  private static VectorMask<Float> wins(FloatVector v, FloatVector m) {
    // NaN tests as v != v: on JDK 17 test(IS_NAN) is not compiled to a vector instruction.
    return v.compare(VectorOperators.GT, m)
        .or(v.compare(VectorOperators.NE, v).andNot(m.compare(VectorOperators.NE, m)));
  }

  /** The corner (0 to 3, row-major) a scalar window picks: the first largest, or the first NaN. */
  private static int corner(float[] x, int top, int width) {
    int c = 0;
    float m = x[top];
    for (int k = 1; k < 4; k++) {
      float v = x[top + (k >> 1) * width + (k & 1)];
      if ((v > m || v != v) && m == m) {
        c = k;
        m = v;
      }
    }
    return c;
  }

  @Override
  public int maxPool2x2(float[] x, int planes, int height, int width, float[] out) {
    int perPlane = (height / 2) * (width / 2);
    int group = group(perPlane);
    int windows = group * perPlane;
    int bound = windows - windows % L;
    int blocks = planes / group;
    int[] top = corners(group, height, width);
    for (int b = 0; b < blocks; b++) {
      int base = b * group * height * width;
      int o = b * windows;
      for (int k = 0; k < bound; k += L) {
        FloatVector m = FloatVector.fromArray(S, x, base, top, k);
        FloatVector v = FloatVector.fromArray(S, x, base + 1, top, k);
        m = m.blend(v, wins(v, m));
        v = FloatVector.fromArray(S, x, base + width, top, k);
        m = m.blend(v, wins(v, m));
        v = FloatVector.fromArray(S, x, base + width + 1, top, k);
        m.blend(v, wins(v, m)).intoArray(out, o + k);
      }
      for (int k = bound; k < windows; k++) {
        int t = base + top[k];
        int c = corner(x, t, width);
        out[o + k] = x[t + (c >> 1) * width + (c & 1)];
      }
    }
    return blocks * group;
  }

  @Override
  public int maxPool2x2Backward(
      float[] x, float[] upstream, int planes, int height, int width, float[] dx) {
    int perPlane = (height / 2) * (width / 2);
    int group = group(perPlane);
    int windows = group * perPlane;
    int bound = windows - windows % L;
    int blocks = planes / group;
    int[] top = corners(group, height, width);
    // Pass 1 writes each window's upstream value into the slot of its picked corner and 0 into the
    // other three (slots: corner * windows + window; the last slot, 0, serves elements in no
    // window). Pass 2 reads, for each element of the block in order, its slot: contiguous stores
    // and gathers instead of scatters, which ran slower.
    int elements = group * height * width;
    int[] slot = new int[elements];
    java.util.Arrays.fill(slot, 4 * windows);
    for (int k = 0; k < windows; k++) {
      for (int c = 0; c < 4; c++) {
        slot[top[k] + (c >> 1) * width + (c & 1)] = c * windows + k;
      }
    }
    float[] slots = new float[4 * windows + 1];
    FloatVector zero = FloatVector.zero(S);
    int elementBound = elements - elements % L;
    for (int b = 0; b < blocks; b++) {
      int base = b * elements;
      int o = b * windows;
      for (int k = 0; k < bound; k += L) {
        FloatVector m = FloatVector.fromArray(S, x, base, top, k);
        FloatVector v = FloatVector.fromArray(S, x, base + 1, top, k);
        VectorMask<Float> w1 = wins(v, m);
        m = m.blend(v, w1);
        v = FloatVector.fromArray(S, x, base + width, top, k);
        VectorMask<Float> w2 = wins(v, m);
        m = m.blend(v, w2);
        v = FloatVector.fromArray(S, x, base + width + 1, top, k);
        VectorMask<Float> c3 = wins(v, m);
        VectorMask<Float> c2 = w2.andNot(c3);
        VectorMask<Float> c1 = w1.andNot(w2).andNot(c3);
        VectorMask<Float> c0 = w1.or(w2).or(c3).not();
        FloatVector u = FloatVector.fromArray(S, upstream, o + k);
        zero.blend(u, c0).intoArray(slots, k);
        zero.blend(u, c1).intoArray(slots, windows + k);
        zero.blend(u, c2).intoArray(slots, 2 * windows + k);
        zero.blend(u, c3).intoArray(slots, 3 * windows + k);
      }
      for (int k = bound; k < windows; k++) {
        int c = corner(x, base + top[k], width);
        float u = upstream[o + k];
        for (int j = 0; j < 4; j++) {
          slots[j * windows + k] = j == c ? u : 0;
        }
      }
      for (int e = 0; e < elementBound; e += L) {
        FloatVector.fromArray(S, slots, 0, slot, e).intoArray(dx, base + e);
      }
      for (int e = elementBound; e < elements; e++) {
        dx[base + e] = slots[slot[e]];
      }
    }
    return blocks * group;
  }
}
