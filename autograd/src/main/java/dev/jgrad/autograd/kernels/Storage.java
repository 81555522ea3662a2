package dev.jgrad.autograd.kernels;

import dev.jgrad.autograd.DType;

/**
 * The elements of a tensor, row-major and contiguous: a {@code double[]} ({@link F64}) or a
 * {@code float[]} ({@link F32}). Kernels are the only code that looks at which one it is; every
 * other layer reads and builds storage through this class's methods.
 *
 * <p>Storage is written only by the code that allocated it, before it is wrapped in a tensor,
 * and by the sanctioned in-place updates of leaves ({@link InPlace},
 * {@code Tensor.storageForUpdate}).
 */
public abstract sealed class Storage permits Storage.F64, Storage.F32 {
  private Storage() {}

  /**
   * {@return storage backed by {@code values} itself (no copy)}
   *
   * @param values the backing array, not copied
   */
  public static Storage of(double[] values) {
    return new F64(values);
  }

  /**
   * {@return storage backed by {@code values} itself (no copy)}
   *
   * @param values the backing array, not copied
   */
  public static Storage of(float[] values) {
    return new F32(values);
  }

  /**
   * {@return a view of {@code backing}, a {@code double[]} or a {@code float[]} (no copy): how a
   * tensor, which keeps only its backing array, hands out its storage} Views are cheap, short-lived
   * objects; the JIT usually removes them.
   *
   * @param backing a {@code double[]} or a {@code float[]}
   */
  public static Storage view(Object backing) {
    return backing instanceof double[] d ? new F64(d) : new F32((float[]) backing);
  }

  /**
   * {@return the dtype of a backing array ({@code double[]} or {@code float[]})}
   *
   * @param backing a {@code double[]} or a {@code float[]}
   */
  public static DType dtypeOf(Object backing) {
    return backing instanceof double[] ? DType.F64 : DType.F32;
  }

  /**
   * {@return the number of elements of a backing array}
   *
   * @param backing a {@code double[]} or a {@code float[]}
   */
  public static int sizeOf(Object backing) {
    return backing instanceof double[] d ? d.length : ((float[]) backing).length;
  }

  /**
   * {@return {@code n} zeros of {@code dtype}}
   *
   * @param dtype the dtype of the elements
   * @param n the number of elements
   */
  public static Storage zeros(DType dtype, int n) {
    return dtype == DType.F64 ? new F64(new double[n]) : new F32(new float[n]);
  }

  /**
   * {@return {@code n} copies of {@code value}, rounded to {@code dtype}}
   *
   * @param dtype the dtype of the elements
   * @param n the number of elements
   * @param value the value, rounded to {@code dtype}
   */
  public static Storage full(DType dtype, int n, double value) {
    Storage s = zeros(dtype, n);
    if (value != 0) {
      s.fill(value);
    }
    return s;
  }

  /**
   * {@return one element holding {@code value}, rounded to {@code dtype}}
   *
   * @param dtype the dtype of the elements
   * @param value the value, rounded to {@code dtype}
   */
  public static Storage scalar(DType dtype, double value) {
    return dtype == DType.F64 ? new F64(new double[] {value}) : new F32(new float[] {(float) value});
  }

  /** {@return the element type} */
  public abstract DType dtype();

  /** {@return the number of elements} */
  public abstract int size();

  /**
   * {@return element {@code i} as a double (exact for both dtypes)}
   *
   * @param i the index of the element
   */
  public abstract double get(int i);

  /**
   * Sets element {@code i} (rounded to the dtype): for storage not yet wrapped in a tensor, and
   * for a leaf's storage handed out by {@code Tensor.storageForUpdate}.
   *
   * @param i the index of the element
   * @param value the new value
   */
  public abstract void set(int i, double value);

  /** Sets every element to {@code value} (rounded to the dtype). */
  abstract void fill(double value);

  /** {@return a copy of the elements as doubles} */
  public abstract double[] toDoubleArray();

  /** {@return a copy of the elements as floats (rounded to nearest for {@link F64})} */
  public abstract float[] toFloatArray();

  /** {@return an independent copy} */
  public abstract Storage copy();

  /**
   * {@return this storage converted to {@code dtype}: itself when it already has it, else a copy}
   *
   * @param dtype the dtype to convert to
   */
  public final Storage to(DType dtype) {
    if (dtype == dtype()) {
      return this;
    }
    return dtype == DType.F64 ? new F64(toDoubleArray()) : new F32(toFloatArray());
  }

  /** {@return whether every element is finite (no NaN, no infinity)} */
  public abstract boolean allFinite();

  /** {@return the backing array, {@code double[]} or {@code float[]} (no copy)} */
  public abstract Object backing();

  /** Storage of {@code double}s. */
  public static final class F64 extends Storage {
    final double[] a;

    F64(double[] a) {
      this.a = a;
    }

    @Override
    public DType dtype() {
      return DType.F64;
    }

    @Override
    public int size() {
      return a.length;
    }

    @Override
    public double get(int i) {
      return a[i];
    }

    @Override
    public void set(int i, double value) {
      a[i] = value;
    }

    @Override
    void fill(double value) {
      java.util.Arrays.fill(a, value);
    }

    @Override
    public double[] toDoubleArray() {
      return a.clone();
    }

    @Override
    public float[] toFloatArray() {
      float[] out = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = (float) a[i];
      }
      return out;
    }

    @Override
    public Storage copy() {
      return new F64(a.clone());
    }

    @Override
    public boolean allFinite() {
      for (double v : a) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Object backing() {
      return a;
    }
  }

  /** Storage of {@code float}s. */
  public static final class F32 extends Storage {
    final float[] a;

    F32(float[] a) {
      this.a = a;
    }

    @Override
    public DType dtype() {
      return DType.F32;
    }

    @Override
    public int size() {
      return a.length;
    }

    @Override
    public double get(int i) {
      return a[i];
    }

    @Override
    public void set(int i, double value) {
      a[i] = (float) value;
    }

    @Override
    void fill(double value) {
      java.util.Arrays.fill(a, (float) value);
    }

    @Override
    public double[] toDoubleArray() {
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return out;
    }

    @Override
    public float[] toFloatArray() {
      return a.clone();
    }

    @Override
    public Storage copy() {
      return new F32(a.clone());
    }

    @Override
    public boolean allFinite() {
      for (float v : a) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public Object backing() {
      return a;
    }
  }
}
