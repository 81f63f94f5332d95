package io.statusflow.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Parses flags with picocli, built from the {@link Setting} table so that flags, help, environment
 * and file keys cannot drift apart.
 */
final class Options {

    /** What the command line asked for. */
    record Parsed(Map<Setting, String> flags, Optional<Path> configFile, boolean help, boolean helpAll) {}

    private static final String CONFIG = "--config";
    private static final String HELP = "--help";
    private static final String HELP_ALL = "--help-all";

    private Options() {}

    static Parsed parse(String[] args, Map<String, String> env) throws UsageException {
        CommandSpec spec = spec();
        ParseResult result;
        try {
            result = new picocli.CommandLine(spec).parseArgs(args);
        } catch (picocli.CommandLine.UnmatchedArgumentException e) {
            throw new UsageException(unknown(e.getUnmatched(), spec));
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage() + " (see --help)");
        }
        if (result.hasMatchedOption(HELP) || result.hasMatchedOption(HELP_ALL)) {
            return new Parsed(Map.of(), Optional.empty(), true, result.hasMatchedOption(HELP_ALL));
        }
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            if (result.hasMatchedOption(s.option())) {
                flags.put(s, s.isSwitch() ? "true" : result.matchedOptionValue(s.option(), ""));
            }
        }
        String config = result.hasMatchedOption(CONFIG) ? result.matchedOptionValue(CONFIG, "")
                : env.get(Settings.CONFIG_ENV);
        return new Parsed(flags, Optional.ofNullable(config).filter(c -> !c.isBlank()).map(Path::of), false, false);
    }

    /**
     * The first unknown option alone (what follows it is its value, not another unknown option),
     * with the nearest known option when one is a likely typo of it.
     */
    static String unknown(java.util.List<String> unmatched, CommandSpec spec) {
        String first = unmatched.stream().filter(a -> a.startsWith("-")).findFirst().orElse(unmatched.get(0));
        String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
        Optional<String> nearest = nearest(name, spec.optionsMap().keySet());
        return "Unknown option: '" + name + "'" + nearest.map(n -> "; did you mean " + n + "?").orElse("") + " (see --help)";
    }

    /** The known option closest to {@code name}, if a few edits or a prefix away from it. */
    static Optional<String> nearest(String name, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (!k.startsWith("--")) {
                continue;
            }
            int d = k.startsWith(name) || name.startsWith(k) ? Math.min(2, distance(name, k)) : distance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 5) ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code --help}, or with {@code all} {@code --help-all}. */
    static String usage(boolean all) {
        return Help.text(all);
    }

    private static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("java -jar statusflow.jar");
        spec.usageMessage().description(
                "Validates status-change commands from Kafka and publishes results, status events and current status.",
                "Precedence: flags, then STATUSFLOW_* environment variables, then the --config file, then defaults.",
                "Any Kafka Streams or client property may be set in the --config file.");
        spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(String.class)
                .description("Properties file: statusflow keys and any Kafka Streams or client property. Env: "
                        + Settings.CONFIG_ENV).build());
        for (Setting s : Setting.values()) {
            String def = s.defaultValue() == null ? "" : " Default: " + (s.defaultValue().isEmpty() ? "(empty)" : s.defaultValue()) + ".";
            OptionSpec.Builder option = OptionSpec.builder(s.option())
                    .description(s.description() + def + " Env: " + s.env() + ". Key: " + s.key() + ".");
            if (s.isSwitch()) {
                option.arity("0").type(boolean.class);
            } else {
                option.paramLabel("VALUE").type(String.class);
            }
            spec.addOption(option.build());
        }
        spec.addOption(OptionSpec.builder(HELP, "-h").usageHelp(true).description("Print this help and exit.").build());
        spec.addOption(OptionSpec.builder(HELP_ALL).arity("0").type(boolean.class)
                .description("Print this help with each option's whole description and exit.").build());
        return spec;
    }
}
