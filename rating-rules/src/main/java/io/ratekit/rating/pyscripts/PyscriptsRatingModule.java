package io.ratekit.rating.pyscripts;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.rating.RatingException;
import io.ratekit.rating.ConfiguredRatingModule;
import io.ratekit.rating.RetryableRatingException;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * CloudKitty's pyscripts, sandboxed: the rule authors' Python scripts price the frame, in a fixed
 * order (order field, then name), each seeing the previous one's output, in script-worker processes
 * apart from the processor. A frame is priced by every script or by none: any failure of a script
 * (it raised, ran out of time or memory, left garbage) fails the whole frame with the script's
 * name; no worker being available is not the frame's fault, and it is retried.
 */
public final class PyscriptsRatingModule extends ConfiguredRatingModule {

    public static final String NAME = "pyscripts";

    /** A dry run's answer: the priced frame and what the scripts printed. */
    public record Trial(Frame frame, List<ScriptRunner.Printed> printed) {
    }

    private final Supplier<List<PyScript>> scripts;
    private final ScriptRunner runner;

    public PyscriptsRatingModule(Supplier<List<PyScript>> scripts, ScriptRunner runner, BooleanSupplier enabled, IntSupplier priority) {
        super(NAME, "Python rating scripts written by rule authors, run sandboxed in script workers", enabled, priority);
        this.scripts = scripts;
        this.runner = runner;
    }

    @Override
    public Frame rate(Frame frame) {
        try {
            List<PyScript> active = scripts.get().stream().filter(s -> s.activeAt(frame.period().begin())).toList();
            return trial(frame, active).frame();
        } catch (ScriptException e) {
            if (e.kind().equals(ScriptException.UNAVAILABLE)) {
                throw new RetryableRatingException(NAME, e.getMessage(), e);
            }
            throw new RatingException(NAME, e.getMessage() + " [" + e.kind() + "]", e);
        }
    }

    /** Runs {@code toRun} (in their run order) on {@code frame}; nothing is stored. */
    public Trial trial(Frame frame, List<PyScript> toRun) {
        List<PyScript> ordered = toRun.stream().sorted(PyScript.RUN_ORDER).toList();
        if (ordered.isEmpty() || frame.usage().isEmpty()) {
            return new Trial(frame, List.of());
        }
        ScriptRunner.Result result = runner.run(ordered, ScriptFrames.toJson(frame.period(), frame.usage()));
        String blamed = ordered.size() == 1 ? ordered.get(0).name()
                : String.join(", ", ordered.stream().map(PyScript::name).toList());
        Map<String, List<DataPoint>> usage = ScriptFrames.usageFrom(result.frameJson(), frame, blamed, ruleReference(ordered));
        return new Trial(frame.withUsage(usage), result.printed());
    }

    // which scripts priced a point, for /v1/rating/explain: pyscripts@<name>:<first 12 hex of the checksum>,...
    static String ruleReference(List<PyScript> scripts) {
        StringBuilder ref = new StringBuilder(NAME).append('@');
        for (int i = 0; i < scripts.size(); i++) {
            if (i > 0) {
                ref.append(',');
            }
            ref.append(scripts.get(i).name()).append(':').append(scripts.get(i).checksum(), 0, 12);
        }
        return ref.toString();
    }
}
