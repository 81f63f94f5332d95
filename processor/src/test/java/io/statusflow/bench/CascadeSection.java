package io.statusflow.bench;

final class CascadeSection {
    CascadeSection(Benchmark.Bench bench) {}
    void run() {}
}
