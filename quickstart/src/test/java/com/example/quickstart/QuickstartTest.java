package com.example.quickstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QuickstartTest {
  @Test
  void learnsToSeparateTheRings() {
    Quickstart.Result result = Quickstart.train(200, 100, new Random(42));
    double first = result.history().get("loss").get(0);
    double last = result.history().last("loss");
    assertTrue(last < first / 4, "loss fell from " + first + " to " + last);
    assertTrue(result.testAccuracy() >= 0.95, "test accuracy " + result.testAccuracy());
  }
}
