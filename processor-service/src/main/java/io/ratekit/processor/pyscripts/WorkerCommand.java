package io.ratekit.processor.pyscripts;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line of a script worker: a JVM of its own (heap cap, exit on OutOfMemoryError) on
 * the classpath the processor runs from, optionally on another JDK (the JIT-compiling Graal one,
 * see docs/pyscripts.md). Its CPU time per script is bounded by the budget: the pool kills a
 * worker that overruns it.
 */
final class WorkerCommand {

    static final String MAIN = "io.ratekit.scripts.worker.ScriptWorkerMain";

    private WorkerCommand() {
    }

    static List<String> build(PyscriptsConfig config) {
        List<String> command = new ArrayList<>();
        command.add(config.workerJava().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx" + config.workerHeap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+DisplayVMOutputToStderr"); // stdout carries protocol frames only, never a JVM message
        command.add("-Dfile.encoding=UTF-8");
        command.add("-XX:+UseSerialGC");
        command.add("-Dpolyglot.engine.WarnInterpreterOnly=false");
        command.add("-Dratekit.scripts.statement-limit=" + config.statementLimit());
        config.workerJvmOptions().ifPresent(options -> command.addAll(Arrays.asList(options.trim().split("\\s+"))));
        command.add("-cp");
        command.add(config.workerClasspath().orElseGet(WorkerCommand::classpath));
        command.add(MAIN);
        return command;
    }

    /**
     * Where the worker's classes are: the test classpath under Maven, the plain classpath when it
     * holds GraalPy, else the packaged application's {@code lib/main} (every dependency of the processor).
     */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && surefire.contains("polyglot")) {
            return surefire;
        }
        String plain = System.getProperty("java.class.path", "");
        if (plain.contains("polyglot")) {
            return plain;
        }
        return libMain().orElseThrow(() -> new IllegalStateException(
                "cannot find the script worker's classes; set ratekit.pyscripts.worker-classpath"));
    }

    private static Optional<String> libMain() {
        try {
            var source = org.graalvm.polyglot.Context.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path jar = Path.of(source.getLocation().toURI());
                return Optional.of(jar.getParent() + File.separator + "*");
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException ignored) {
            // fall back to the layout of the packaged application
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path lib = Path.of(entry).toAbsolutePath().getParent();
            if (lib != null && Files.isDirectory(lib.resolve("lib/main"))) {
                return Optional.of(lib.resolve("lib/main") + File.separator + "*");
            }
        }
        return Optional.empty();
    }
}
