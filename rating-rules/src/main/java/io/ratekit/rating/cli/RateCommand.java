package io.ratekit.rating.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameCodec;
import io.ratekit.frames.FrameCodec.DecimalStyle;
import io.ratekit.frames.FrameFormatException;
import io.ratekit.frames.Period;
import io.ratekit.rating.hashmap.HashmapRatingModule;
import io.ratekit.rating.hashmap.HashmapRuleset;
import io.ratekit.rating.hashmap.RulesDocument;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rate}: prices frames offline with a rules file, exactly as the processor would, so that
 * rule authors test a rule set before uploading it.
 *
 * <pre>
 * bin/rate --rules rating-rules/examples/vmware-shop.yaml --frames rating-rules/examples/frames.json [--scope acme] [--explain]
 * </pre>
 *
 * The frames file holds one CloudKitty dataframe ({@code {"period", "usage"}}), a list of them, or
 * {@code {"dataframes": [...]}} as {@code GET /v2/dataframes} returns. Output: the rated
 * dataframes as JSON (exact numbers); with {@code --explain}, the rules behind every price.
 */
public final class RateCommand {

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String rules = null;
        String frames = null;
        String scope = "cli";
        boolean explain = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rules" -> rules = i + 1 < args.length ? args[++i] : null;
                case "--frames" -> frames = i + 1 < args.length ? args[++i] : null;
                case "--scope" -> scope = i + 1 < args.length ? args[++i] : null;
                case "--explain" -> explain = true;
                default -> {
                    return usage(err, "unknown argument: " + args[i]);
                }
            }
        }
        if (rules == null || frames == null || scope == null) {
            return usage(err, "--rules and --frames are required");
        }
        try {
            RulesDocument.Document document = RulesDocument.read(Files.readAllBytes(Path.of(rules)));
            HashmapRuleset ruleset = document.toRuleset(1);
            HashmapRatingModule module = new HashmapRatingModule(() -> ruleset, () -> true, () -> 1);
            List<String> labels = document.labels();
            ObjectNode result = FrameCodec.mapper().createObjectNode();
            ArrayNode rated = result.putArray("dataframes");
            ArrayNode explanations = explain ? result.putArray("explain") : null;
            int index = 0;
            for (Frame frame : readFrames(Files.readAllBytes(Path.of(frames)), scope)) {
                Frame priced = module.rate(frame);
                rated.add(FrameCodec.toDataFrameJson(priced.period(), priced.usage(), DecimalStyle.NUMBER));
                if (explain) {
                    for (HashmapRatingModule.Explanation e : module.explain(frame, scope)) {
                        ObjectNode line = explanations.addObject();
                        line.put("dataframe", index);
                        line.put("type", e.type());
                        line.put("point", e.index());
                        FrameCodec.putDecimal(line, "price", e.price(), DecimalStyle.NUMBER);
                        ArrayNode ruleNames = line.putArray("rules");
                        e.ruleIds().forEach(id -> ruleNames.add(labels.get((int) (id - 1))));
                        if (e.thresholdsSkipped()) {
                            line.put("note", "a field with thresholds had a non-numeric value: its thresholds were skipped");
                        }
                    }
                }
                index++;
            }
            out.println(FrameCodec.write(result));
            return 0;
        } catch (FrameFormatException e) {
            err.println("rate: invalid input: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("rate: cannot read " + e.getMessage());
            return 1;
        }
    }

    private static List<Frame> readFrames(byte[] json, String scope) {
        JsonNode root = FrameCodec.readTree(json);
        JsonNode list = root.isArray() ? root : root.has("dataframes") ? root.get("dataframes") : null;
        List<JsonNode> nodes = new ArrayList<>();
        if (list != null) {
            list.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String path = list == null ? "$" : "dataframes[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                throw new FrameFormatException(path, "must be a dataframe {period, usage}");
            }
            Period period = FrameCodec.readPeriod(node.get("period"), path + ".period");
            Map<String, List<DataPoint>> usage = FrameCodec.readUsage(node.get("usage"), path + ".usage");
            frames.add(Frame.of(scope, "cli", period, usage, false));
        }
        return frames;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("rate: " + problem);
        err.println("usage: rate --rules RULES.yaml|json --frames FRAMES.json [--scope SCOPE_ID] [--explain]");
        return 2;
    }
}
