package dev.jgrad.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Builds the {@link Sample} RDDs the trainer reads from arrays, DataFrames and CSV files. */
public final class Samples {
  private Samples() {}

  /**
   * Returns an RDD of the rows of {@code features} with the targets {@code labels}, in {@code
   * partitions} slices.
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public static JavaRDD<Sample> parallelize(
      JavaSparkContext sc, double[][] features, double[] labels, int partitions) {
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          String.format(
              "Samples.parallelize: %d feature rows but %d labels",
              features.length, labels.length));
    }
    List<Sample> samples = new ArrayList<>(features.length);
    for (int i = 0; i < features.length; i++) {
      samples.add(Sample.of(features[i], labels[i]));
    }
    return sc.parallelize(samples, partitions);
  }

  /**
   * Returns the rows of {@code rows} as samples: every column but {@code labelColumn} is a
   * feature, in column order; all must be numeric.
   *
   * @throws IllegalArgumentException if the label column is missing or a column is not numeric
   */
  public static JavaRDD<Sample> fromRows(Dataset<Row> rows, String labelColumn) {
    List<String> columns = Arrays.asList(rows.columns());
    int label = columns.indexOf(labelColumn);
    if (label < 0) {
      throw new IllegalArgumentException(
          "Samples.fromRows: no column " + labelColumn + " among " + columns);
    }
    return rows.javaRDD()
        .map(
            row -> {
              double[] x = new double[row.size() - 1];
              int k = 0;
              for (int c = 0; c < row.size(); c++) {
                if (c != label) {
                  x[k++] = number(row, c, columns);
                }
              }
              return Sample.of(x, number(row, label, columns));
            });
  }

  /**
   * Returns the samples in the CSV file(s) at {@code path} (any path Spark reads, gzip included),
   * the column {@code labelColumn} (counting from 0) being the target.
   *
   * @throws IllegalArgumentException if a column is not numeric or the label column is missing
   */
  public static JavaRDD<Sample> readCsv(
      SparkSession spark, String path, boolean header, int labelColumn) {
    Dataset<Row> rows =
        spark.read().option("header", header).option("inferSchema", true).csv(path);
    String[] columns = rows.columns();
    if (labelColumn < 0 || labelColumn >= columns.length) {
      throw new IllegalArgumentException(
          String.format(
              "Samples.readCsv: label column %d is outside the %d columns of %s",
              labelColumn, columns.length, path));
    }
    return fromRows(rows, columns[labelColumn]);
  }

  private static double number(Row row, int column, List<String> names) {
    Object value = row.get(column);
    if (!(value instanceof Number)) {
      throw new IllegalArgumentException(
          String.format(
              "Samples: column %s holds %s, not a number", names.get(column), value));
    }
    return ((Number) value).doubleValue();
  }
}
