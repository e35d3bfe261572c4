package org.kfrelax.spark;

import org.apache.spark.SparkConf;

/**
 * The Spark configuration of a kfrelax sweep: the master URL, the application name and, for a
 * local master ({@code local}, {@code local[N]}, {@code local[*]}), a driver bound to the loopback
 * address with no web UI, so a sweep on one machine opens no port beyond 127.0.0.1.
 */
final class SparkSettings {
    private SparkSettings() {
    }

    /**
     * @param master a Spark master URL: {@code local[N]}, {@code local[*]} or {@code spark://host:port}
     * @param appName the name the cluster shows for the application
     * @return the configuration
     * @throws IllegalArgumentException if the master is blank or not one of the forms above
     */
    static SparkConf conf(String master, String appName) {
        if (master == null || !(isLocal(master) || master.startsWith("spark://"))) {
            throw new IllegalArgumentException("--master must be local, local[N], local[*] or spark://host:port, got '"
                    + master + "'");
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName(appName);
        if (isLocal(master)) {
            conf.set("spark.ui.enabled", "false");
            conf.set("spark.driver.host", "127.0.0.1");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    static boolean isLocal(String master) {
        return master.equals("local") || master.matches("local\\[(\\*|[1-9][0-9]*)\\]");
    }
}
