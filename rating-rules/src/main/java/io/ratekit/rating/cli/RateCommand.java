package io.ratekit.rating.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.rating.NoopRatingModule;
import io.ratekit.rating.RatingException;
import io.ratekit.rating.RatingModule;
import io.ratekit.rating.RatingPipeline;
import io.ratekit.rating.RetryableRatingException;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.hashmap.HashmapRuleset;
import io.ratekit.rating.hashmap.RulesDocument;
import io.ratekit.rating.pyscripts.PyscriptsRatingModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rate}: prices frames offline with the processor's rating pipeline, so that rule authors
 * try hashmap rules and scripts before uploading them. {@code rate --help} lists the options
 * ({@link RateOptions#USAGE}); rating-rules/README.md explains the inputs.
 *
 * <p>Each frame is rated as its own scope ({@link InputFrames}); the modules are the processor's
 * ({@link NoopRatingModule}, {@link HashmapRatingModule}, {@link PyscriptsRatingModule} with a
 * script-worker process), switched on and ordered by priority as in the processor
 * ({@link RatingPipeline}). Output: the rated dataframes as JSON (exact numbers), each with the
 * scope it was rated as; with {@code --explain}, the rules and scripts behind every price.
 */
public final class RateCommand {

    // hashmap rules are referenced by their label in the rules document ("vcpu mapping[0]")
    private static final long RULES_VERSION = 1;
    private static final String HASHMAP_REFERENCE = "hashmap@" + RULES_VERSION + "/";

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        try (ScriptWorkerRunner workers = new ScriptWorkerRunner()) {
            return run(args, stdin, out, err, workers);
        }
    }

    /** With a script worker of the caller's (the tests share one: a worker takes seconds to start), left running. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, ScriptWorkerRunner workers) {
        workers.printTo(err);
        RateOptions options;
        try {
            options = RateOptions.parse(args);
        } catch (RateOptions.UsageException e) {
            err.println("rate: " + e.getMessage());
            err.println(RateOptions.USAGE.lines().findFirst().orElseThrow() + "  ('rate --help' lists every option)");
            return 2;
        }
        if (options.help()) {
            out.print(RateOptions.USAGE);
            return 0;
        }
        try {
            RatingSetup setup = RatingSetup.of(options);
            byte[] frames = options.frames().toString().equals("-") ? stdin.readAllBytes() : Files.readAllBytes(options.frames());
            List<InputFrames.ToRate> toRate = InputFrames.read(frames, options);
            ObjectNode result = rate(setup, toRate, workers, options.explain(), err);
            if (result == null) {
                return 1;
            }
            out.println(FrameCodec.write(result));
            return 0;
        } catch (FrameFormatException e) {
            err.println("rate: invalid input: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            err.println("rate: no such file: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("rate: cannot read " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
            return 1;
        }
    }

    /** The result document, or null when a frame could not be rated (the reason is on {@code err}). */
    private static ObjectNode rate(RatingSetup setup, List<InputFrames.ToRate> toRate, ScriptWorkerRunner workers, boolean explain, PrintStream err) {
        HashmapRuleset ruleset = setup.hashmap() == null ? HashmapRuleset.EMPTY : labelled(setup.hashmap());
        RatingSetup.Module hashmapState = setup.modules().get(HashmapRatingModule.NAME);
        RatingSetup.Module scriptsState = setup.modules().get(PyscriptsRatingModule.NAME);
        HashmapRatingModule hashmap = new HashmapRatingModule(() -> ruleset, hashmapState::enabled, hashmapState::priority);
        PyscriptsRatingModule pyscripts = new PyscriptsRatingModule(setup::scripts, workers, scriptsState::enabled, scriptsState::priority);

        ObjectNode result = FrameCodec.mapper().createObjectNode();
        ArrayNode order = result.putArray("modules");
        new RatingPipeline(List.of(new NoopRatingModule(), hashmap, pyscripts)).activeModules()
                .forEach(m -> order.addObject().put("name", m.name()).put("priority", m.priority()));
        ArrayNode rated = result.putArray("dataframes");
        ArrayNode explanations = explain ? result.putArray("explain") : null;
        for (int index = 0; index < toRate.size(); index++) {
            InputFrames.ToRate input = toRate.get(index);
            TenantHashmap tenantHashmap = new TenantHashmap(hashmap, input.tenant(), explain);
            List<RatingModule> modules = List.of(new NoopRatingModule(), tenantHashmap, pyscripts);
            Frame priced;
            try {
                priced = new RatingPipeline(modules).rate(input.frame());
            } catch (RatingException | RetryableRatingException e) {
                err.println("rate: dataframe " + input.input() + " (" + scopeText(input.tenant()) + "): " + e.getMessage());
                return null;
            }
            ObjectNode frame = rated.addObject();
            frame.put("scope_id", input.tenant());
            frame.setAll(FrameCodec.toDataFrameJson(priced.period(), priced.usage(), DecimalStyle.NUMBER));
            if (explain) {
                explain(explanations, index, input.tenant(), priced, skippedThresholds(tenantHashmap));
            }
        }
        return result;
    }

    private static void explain(ArrayNode explanations, int index, String tenant, Frame priced, Set<String> skippedThresholds) {
        priced.usage().forEach((type, points) -> {
            for (int i = 0; i < points.size(); i++) {
                DataPoint point = points.get(i);
                ObjectNode line = explanations.addObject();
                line.put("dataframe", index);
                line.put("scope_id", tenant);
                line.put("type", type);
                line.put("point", i);
                FrameCodec.putDecimal(line, "price", point.price(), DecimalStyle.NUMBER);
                ArrayNode rules = line.putArray("rules");
                point.rules().forEach(r -> rules.add(r.startsWith(HASHMAP_REFERENCE) ? r.substring(HASHMAP_REFERENCE.length()) : r));
                if (skippedThresholds.contains(type + "[" + i + "]")) {
                    line.put("note", "a field with thresholds had a non-numeric value: its thresholds were skipped");
                }
            }
        });
    }

    private static Set<String> skippedThresholds(TenantHashmap hashmap) {
        Set<String> points = new HashSet<>();
        hashmap.explanations().stream().filter(HashmapRatingModule.Explanation::thresholdsSkipped)
                .forEach(e -> points.add(e.type() + "[" + e.index() + "]"));
        return points;
    }

    // rule ids are the document order; each rule is referenced by its label in the document
    private static HashmapRuleset labelled(RulesDocument.Document document) {
        HashmapRuleset ruleset = document.toRuleset(RULES_VERSION);
        List<String> labels = document.labels();
        Map<Long, String> references = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            references.put((long) i + 1, labels.get(i));
        }
        return new HashmapRuleset(RULES_VERSION, ruleset.mappings(), ruleset.thresholds(), references);
    }

    private static String scopeText(String tenant) {
        return tenant == null ? "no tenant" : "scope " + tenant;
    }
}
