package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.Value;

/** micrograd's README expression (a = -4, b = 2), with labels; the known results below. */
final class Micrograd {
  static final double G = 24.70408163265306;
  static final double DG_DA = 138.83381924198252;
  static final double DG_DB = 645.5772594752186;

  final Value a = Value.of(-4.0, "a");
  final Value b = Value.of(2.0, "b");
  final Value g;

  Micrograd() {
    Value c = a.add(b).label("c");
    Value d = a.mul(b).add(b.pow(3)).label("d");
    c = c.add(c.add(1)).label("c2");
    c = c.add(c.add(1).add(a.neg())).label("c3");
    d = d.add(d.mul(2).add(b.add(a).relu())).label("d2");
    d = d.add(d.mul(3).add(b.sub(a).relu())).label("d3");
    Value e = c.sub(d).label("e");
    Value f = e.pow(2).label("f");
    Value g0 = f.div(2.0).label("g0");
    g = g0.add(Value.of(10.0, "ten").div(f)).label("g");
  }
}
