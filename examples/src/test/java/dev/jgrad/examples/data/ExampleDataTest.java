package dev.jgrad.examples.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The shipped data sets load with the documented sizes, ranges and first rows. */
class ExampleDataTest {
  @Test
  void digitsHave1797ImagesOf64PixelsAndTenClasses() {
    LabeledData digits = ExampleData.digits();
    assertEquals(1797, digits.size());
    assertEquals(64, digits.featureCount());
    assertTrue(Arrays.stream(digits.features()).flatMapToDouble(Arrays::stream).allMatch(v -> v >= 0 && v <= 16));
    int[] perClass = new int[10];
    for (int y : digits.labels()) {
      perClass[y]++;
    }
    assertTrue(Arrays.stream(perClass).allMatch(n -> n >= 170 && n <= 190), Arrays.toString(perClass));
  }

  @Test
  void irisHas150FlowersOfThreeSpecies() {
    LabeledData iris = ExampleData.iris();
    assertEquals(150, iris.size());
    assertEquals(4, iris.featureCount());
    assertArrayEquals(new String[] {"setosa", "versicolor", "virginica"}, iris.classNames());
    assertArrayEquals(new double[] {5.1, 3.5, 1.4, 0.2}, iris.features()[0], 0); // first line
    assertEquals(0, iris.labels()[0]);
  }

  @Test
  void moonsAreMicrogradsHundredPointsWithSignLabels() {
    LabeledData moons = ExampleData.moons();
    assertEquals(100, moons.size());
    assertEquals(2, moons.featureCount());
    // first point of make_moons(100, noise=0.1, random_state=1)
    assertArrayEquals(new double[] {1.3561737160849392, -0.33694213016569713}, moons.features()[0], 0);
    assertEquals(50, Arrays.stream(moons.labels()).filter(y -> y == 1).count());
    assertEquals(50, Arrays.stream(moons.labels()).filter(y -> y == -1).count());
  }
}
