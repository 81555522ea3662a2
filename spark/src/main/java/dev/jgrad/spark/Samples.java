package dev.jgrad.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds the {@link Sample} RDDs the trainer reads from arrays, DataFrames (numeric, Spark ML
 * vector and array columns), CSV and Parquet files.
 */
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
   * Returns the rows of {@code rows} as samples: every column but {@code labelColumn} gives
   * features, in column order: a numeric column one, a Spark ML vector column (the {@code
   * features} column of ML pipelines, dense or sparse) or an array of numbers all its values.
   *
   * @throws IllegalArgumentException if the label column is missing or a column holds something
   *     else
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
              double[] x = new double[featureCount(row, label, columns)];
              int k = 0;
              for (int c = 0; c < row.size(); c++) {
                if (c != label) {
                  k = copyFeatures(row, c, columns, x, k);
                }
              }
              return Sample.of(x, number(row.get(label), labelColumn));
            });
  }

  /**
   * Returns the samples in the Parquet file(s) at {@code path} (any path Spark reads): the
   * features from {@code featuresColumn} (a Spark ML vector, an array or a number), the target
   * from the numeric {@code labelColumn}; other columns are ignored.
   *
   * @throws IllegalArgumentException if a column is missing or holds something else
   */
  public static JavaRDD<Sample> readParquet(
      SparkSession spark, String path, String featuresColumn, String labelColumn) {
    Dataset<Row> rows = spark.read().parquet(path);
    List<String> columns = Arrays.asList(rows.columns());
    for (String column : List.of(featuresColumn, labelColumn)) {
      if (!columns.contains(column)) {
        throw new IllegalArgumentException(
            String.format(
                "Samples.readParquet: no column %s in %s among %s", column, path, columns));
      }
    }
    return fromRows(rows.select(featuresColumn, labelColumn), labelColumn);
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

  private static int featureCount(Row row, int label, List<String> names) {
    int count = 0;
    for (int c = 0; c < row.size(); c++) {
      if (c != label) {
        Object value = row.get(c);
        if (value instanceof Vector vector) {
          count += vector.size();
        } else if (value instanceof scala.collection.Seq<?> seq) {
          count += seq.size();
        } else {
          count++;
        }
      }
    }
    return count;
  }

  private static int copyFeatures(Row row, int column, List<String> names, double[] x, int k) {
    Object value = row.get(column);
    if (value instanceof Vector vector) {
      double[] values = vector.toArray();
      System.arraycopy(values, 0, x, k, values.length);
      return k + values.length;
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      for (Object element : CollectionConverters.asJava(seq)) {
        x[k++] = number(element, names.get(column));
      }
      return k;
    }
    x[k] = number(value, names.get(column));
    return k + 1;
  }

  private static double number(Object value, String column) {
    if (!(value instanceof Number)) {
      throw new IllegalArgumentException(
          String.format(
              "Samples: column %s holds %s, not a number, a Spark ML vector or an array of"
                  + " numbers",
              column, value));
    }
    return ((Number) value).doubleValue();
  }
}
