package dev.jgrad.autograd.viz;

/** Number formatting shared by the text, DOT and page renderers. */
final class Numbers {
  private Numbers() {}

  /** Returns {@code v} with up to 4 significant decimals, e.g. {@code 0.7071}, {@code -6}, {@code 1.2e+10}. */
  static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    if (a >= 1e6 || a < 1e-4) {
      return String.format(java.util.Locale.ROOT, "%.3e", v);
    }
    String s = String.format(java.util.Locale.ROOT, "%.4f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** Returns one number as is, or up to {@code shown} numbers in brackets then "...". */
  static String format(double[] values, int shown) {
    if (values == null) {
      return "-";
    }
    if (values.length == 1) {
      return format(values[0]);
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Math.min(shown, values.length); i++) {
      sb.append(i == 0 ? "" : ", ").append(format(values[i]));
    }
    if (values.length > shown) {
      sb.append(", ... (").append(values.length).append(")");
    }
    return sb.append(']').toString();
  }
}
