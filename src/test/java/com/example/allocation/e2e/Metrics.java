package com.example.allocation.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

/** One scrape of {@code GET /metrics}, read as Prometheus reads it: each series (name and labels) with its value. */
record Metrics(Map<String, Double> series) {

    static Metrics scrape(ApiClient api) {
        ApiClient.Response response = api.get("/metrics");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> series = new LinkedHashMap<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return new Metrics(series);
    }

    /** The series' value, 0 when it does not exist (yet): a counter not yet incremented, say. */
    double value(String seriesWithLabels) {
        return series.getOrDefault(seriesWithLabels, 0.0);
    }

    /** How much the series grew since {@code before}. */
    double since(Metrics before, String seriesWithLabels) {
        return value(seriesWithLabels) - before.value(seriesWithLabels);
    }

    boolean has(String seriesWithLabels) {
        return series.containsKey(seriesWithLabels);
    }

    boolean hasAny(String prefix) {
        return series.keySet().stream().anyMatch(name -> name.startsWith(prefix));
    }
}
