package io.ratekit.processor.pyscripts;

import java.io.File;
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
     * holds GraalPy, else the packaged application's {@code lib/boot} and {@code lib/main}. Under
     * {@code quarkus-run.jar} the JVM's own classpath is that jar alone and GraalPy sits in
     * {@code lib/boot}, the worker and its other dependencies in {@code lib/main}: the worker
     * needs both, so the layout is found from the run jar, never from where one class was loaded.
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
        return packagedApplication(plain).orElseThrow(() -> new IllegalStateException(
                "cannot find the script worker's classes; set ratekit.pyscripts.worker-classpath"));
    }

    /** The classpath of a packaged Quarkus application ({@code quarkus-app/}) one of whose jars is on {@code javaClassPath}. */
    static Optional<String> packagedApplication(String javaClassPath) {
        for (String entry : javaClassPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path app = Path.of(entry).toAbsolutePath().getParent();
            if (app != null && Files.isDirectory(app.resolve("lib/main")) && Files.isDirectory(app.resolve("lib/boot"))) {
                return Optional.of(app.resolve("lib/boot") + File.separator + "*" + File.pathSeparator
                        + app.resolve("lib/main") + File.separator + "*");
            }
        }
        return Optional.empty();
    }
}
