package io.statusflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The one table a benchmark run prints at the end and writes to its results file, as Markdown. */
final class Table {

    record Row(String section, String measurement, String value, String goal) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void add(String section, String measurement, String value, String goal) {
        rows.add(new Row(section, measurement, value, goal));
        System.out.printf("  %-12s %-58s %s%n", section, measurement, value);
    }

    synchronized void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    synchronized String markdown() {
        StringBuilder b = new StringBuilder("| section | measurement | value | goal |\n|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.section()).append(" | ").append(r.measurement()).append(" | ").append(r.value())
                    .append(" | ").append(r.goal()).append(" |\n");
        }
        for (String n : notes) {
            b.append("\n- ").append(n);
        }
        return b.append('\n').toString();
    }

    void write(Path file, String header) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, header + "\n\n" + markdown());
    }
}
