package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Checks that pictures exist and are images of a sensible size (not what they show). */
final class Pictures {
  private Pictures() {}

  /** Asserts that {@code file} is a readable PNG at least 100 pixels wide and high. */
  static void assertPicture(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), "missing picture " + file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "not an image: " + file);
    assertTrue(image.getWidth() > 100 && image.getHeight() > 100,
        file + " is only " + image.getWidth() + "x" + image.getHeight());
  }

  /** Asserts that {@code file} is a non-empty SVG document. */
  static void assertSvg(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), "missing picture " + file);
    String text = Files.readString(file);
    assertTrue(text.contains("<svg"), file + " is not an SVG document");
  }
}
