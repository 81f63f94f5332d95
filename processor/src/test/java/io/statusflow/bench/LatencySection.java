package io.statusflow.bench;

import java.util.List;

final class LatencySection {
    LatencySection(Benchmark.Bench bench, int seconds) {}
    void run(List<String> guarantees, ThroughputSection.Result throughput) {}
}
