package io.ratekit.processor.pyscripts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code ratekit.pyscripts.*}: the script workers and the limits scripts run under. */
@ConfigMapping(prefix = "ratekit.pyscripts")
public interface PyscriptsConfig {

    /** Script-worker processes (each runs one script at a time). */
    @WithDefault("2")
    int workers();

    /** Heap cap of each worker; a script that needs more kills its worker, not the processor. */
    @WithDefault("512m")
    String workerHeap();

    /** Wall time a script may take on one frame; then it is cancelled (or its worker killed). */
    @WithDefault("PT5S")
    Duration budget();

    /** Extra time a worker gets to report a cancelled script (or to make a new script version's context) before it is killed. */
    @WithDefault("PT3S")
    Duration grace();

    /** Statements one script may execute on one frame. */
    @WithDefault("500000000")
    long statementLimit();

    /** Largest frame (JSON characters) a script may hand back. */
    @WithDefault("67108864")
    int maxOutput();

    /** How long a worker may take to start and warm up. */
    @WithDefault("PT120S")
    Duration startTimeout();

    /** Start the workers with the processor when the module is enabled and has scripts (else on first use). */
    @WithDefault("true")
    boolean prewarm();

    /** The {@code java} that runs workers (default: the processor's). */
    Optional<String> workerJava();

    /** More JVM options for workers, e.g. the JIT flags of docs/pyscripts.md. */
    Optional<String> workerJvmOptions();

    /** The workers' classpath when it cannot be found out (see WorkerCommand). */
    Optional<String> workerClasspath();
}
