package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A failed gradient check names the node whose own rule is wrong, and says the others agree. */
class GuiltyNodeTest {

  /** {@code x^2} with a forgotten factor 2 in its derivative. */
  private static final Function BAD_SQUARE =
      Function.of("badSquare", in -> in[0].mul(in[0]), (up, out, in) -> new Tensor[] {up.mul(in[0])});

  @Test
  void aWrongUserOpInsideAChainIsNamedNotItsNeighbours() {
    Tensor x = Tensor.randn(new Random(3), 4).mul(0.3);
    GradCheck.Report r =
        GradCheck.check(in -> BAD_SQUARE.apply(in.get(0).mul(1.5).exp()).tanh(), x);
    assertFalse(r.ok());
    List<GradCheck.NodeResult> guilty = r.guilty();
    assertEquals(1, guilty.size(), r.toString());
    assertEquals("badSquare", guilty.get(0).op());
    assertTrue(guilty.get(0).createdAt().contains("GuiltyNodeTest"), guilty.get(0).createdAt());
    assertEquals(List.of("mul", "exp", "tanh"),
        r.nodes().stream().filter(GradCheck.NodeResult::ok).map(GradCheck.NodeResult::op).toList());
    String text = r.toString();
    assertTrue(text.contains("MISMATCH badSquare, created at"), text);
    assertTrue(text.contains("the other 3 nodes agree [mul, exp, tanh]"), text);
  }

  @Test
  void aPassingCheckDoesNoNodeByNodeWork() {
    GradCheck.Report r = GradCheck.check(in -> in.get(0).exp().tanh(), Tensor.ones(3));
    assertTrue(r.ok());
    assertTrue(r.nodes().isEmpty());
  }
}
