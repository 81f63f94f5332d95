package io.statusflow.bench;

final class RestoreSection {
    RestoreSection(Benchmark.Bench bench) {}
    void run(ThroughputSection.Result throughput) {}
}
