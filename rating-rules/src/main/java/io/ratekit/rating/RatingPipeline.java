package io.ratekit.rating;

import io.ratekit.frames.Frame;
import io.ratekit.frames.FrameFormatException;

import java.util.Comparator;
import java.util.List;

/**
 * Applies the enabled modules in descending priority, ties broken by name so that the order is
 * the same on every replica (CloudKitty leaves ties to plugin load order).
 */
public final class RatingPipeline {

    static final Comparator<RatingModule> ORDER =
            Comparator.comparingInt(RatingModule::priority).reversed().thenComparing(RatingModule::name);

    private final List<RatingModule> modules;

    public RatingPipeline(List<? extends RatingModule> modules) {
        this.modules = List.copyOf(modules);
    }

    /** The modules that would run now, in the order they would run. */
    public List<RatingModule> activeModules() {
        return modules.stream().filter(RatingModule::enabled).sorted(ORDER).toList();
    }

    public Frame rate(Frame frame) {
        Frame current = frame;
        for (RatingModule module : activeModules()) {
            current = applyOne(module, current);
        }
        return current;
    }

    private static Frame applyOne(RatingModule module, Frame input) {
        Frame output;
        try {
            output = module.rate(input);
        } catch (RatingException | RetryableRatingException e) {
            throw e;
        } catch (FrameFormatException e) {
            throw new RatingException(module.name(), "produced an invalid frame: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RatingException(module.name(), "failed: " + e, e);
        }
        if (output == null) {
            throw new RatingException(module.name(), "returned no frame");
        }
        if (!output.frameId().equals(input.frameId()) || !output.scopeId().equals(input.scopeId())
                || !output.period().equals(input.period())) {
            throw new RatingException(module.name(), "changed the frame envelope (frame_id, scope_id or period)");
        }
        return output;
    }
}
