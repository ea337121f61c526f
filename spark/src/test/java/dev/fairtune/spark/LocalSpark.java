package dev.fairtune.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: local[2], no UI, few shuffle partitions (the data are small). */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("fairtune-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }
}
