package io.statusflow.bench;

final class ScaleSection {
    ScaleSection(Benchmark.Bench bench) {}
    void run(ThroughputSection.Result throughput) {}
}
