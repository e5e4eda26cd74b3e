package io.ratekit.rating.cli;

import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of {@code rate}, read strictly: a mistake is a {@link UsageException} (exit code 2). */
record RateOptions(Path rules, Path frames, List<Path> scripts, String scope, String scopeKey,
                   Map<String, Boolean> enabled, Map<String, Integer> priorities,
                   boolean keepPrices, boolean explain, boolean help) {

    /** The modules whose switch and priority can be set; noop is always on with priority 1, as in the processor. */
    static final Set<String> MODULES = Set.of(HashmapRatingModule.NAME, PyscriptsRatingModule.NAME);
    static final String DEFAULT_SCOPE_KEY = "project_id";

    static final String USAGE = """
            usage: rate --frames FRAMES.json [--rules RULES.yaml] [--script SCRIPT.py ...] [options]

            Prices CloudKitty dataframes offline with the processor's rating pipeline (noop, hashmap,
            pyscripts: enabled modules by descending priority, ties by name) and prints the rated
            dataframes as JSON, each with the scope it was rated as.

            Input
              --frames FILE          one dataframe {period, usage[, scope_id]}, a list of them, or
                                     {"dataframes": [...]} as GET /v2/dataframes answers; '-' reads stdin
              --rules FILE           a hashmap rules document (format ratekit-hashmap/v1), or a rating setup
                                     (format ratekit-rating/v1: modules, hashmap rules and scripts; see
                                     rating-rules/README.md)
              --script FILE          a Python rating script (CloudKitty pyscripts); repeatable, run in the
                                     order given, after the setup's scripts; starts a script worker
            Scopes (each frame is rated as its own tenant)
              --scope SCOPE          rate every frame as SCOPE, whatever the frames say
              --scope-key KEY        groupby key naming a point's scope when a frame has no scope_id
                                     (default project_id); points without it have no tenant: they are
                                     rated with the rules for all tenants only, as CloudKitty's quotes
            Modules (override the rating setup; default: a module with rules or scripts is enabled,
            priority 1, so hashmap runs before pyscripts)
              --enable MODULE        MODULE: hashmap or pyscripts
              --disable MODULE
              --priority MODULE=N    higher runs first
            Output
              --explain              also list, per priced point, the rules and scripts behind its price
              --keep-prices          start from the prices in the frames (default: from 0, as collected
                                     usage reaches the processor; re-rating GET /v2/dataframes output
                                     would otherwise add to the stored prices)
              -h, --help             this text

            Exit codes: 0 rated, 1 input that cannot be read or rated, 2 bad arguments.
            """;

    /** A command line that is not one {@code rate} understands. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static RateOptions parse(String[] args) {
        Path rules = null;
        Path frames = null;
        List<Path> scripts = new ArrayList<>();
        String scope = null;
        String scopeKey = DEFAULT_SCOPE_KEY;
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        Map<String, Integer> priorities = new LinkedHashMap<>();
        boolean keepPrices = false;
        boolean explain = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return new RateOptions(null, null, List.of(), null, scopeKey, Map.of(), Map.of(), false, false, true);
                }
                case "--rules" -> rules = once(rules, arg, Path.of(value(args, i++)));
                case "--frames" -> frames = once(frames, arg, Path.of(value(args, i++)));
                case "--script" -> scripts.add(Path.of(value(args, i++)));
                case "--scope" -> scope = once(scope, arg, text(arg, value(args, i++)));
                case "--scope-key" -> scopeKey = text(arg, value(args, i++));
                case "--enable" -> enabled.put(module(arg, value(args, i++)), true);
                case "--disable" -> enabled.put(module(arg, value(args, i++)), false);
                case "--priority" -> {
                    String assignment = value(args, i++);
                    int eq = assignment.indexOf('=');
                    if (eq < 0) {
                        throw new UsageException("--priority takes MODULE=N, got '" + assignment + "'");
                    }
                    priorities.put(module(arg, assignment.substring(0, eq)), priority(assignment.substring(eq + 1)));
                }
                case "--explain" -> explain = true;
                case "--keep-prices" -> keepPrices = true;
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (frames == null) {
            throw new UsageException("--frames is required");
        }
        if (rules == null && scripts.isEmpty()) {
            throw new UsageException("nothing to price with: give --rules, --script or both");
        }
        return new RateOptions(rules, frames, List.copyOf(scripts), scope, scopeKey, enabled, priorities, keepPrices, explain, false);
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new UsageException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static <T> T once(T previous, String option, T value) {
        if (previous != null) {
            throw new UsageException(option + " is given twice");
        }
        return value;
    }

    private static String text(String option, String value) {
        if (value.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return value;
    }

    private static String module(String option, String name) {
        if (!MODULES.contains(name)) {
            throw new UsageException(option + ": unknown module '" + name + "' (modules: hashmap, pyscripts;"
                    + " noop is always enabled with priority 1)");
        }
        return name;
    }

    private static int priority(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--priority: '" + text + "' is not an integer between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
    }
}
