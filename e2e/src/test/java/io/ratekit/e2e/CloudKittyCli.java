package io.ratekit.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CloudKitty's own command line client (python3-cloudkittyclient, installed by bin/ensure-services)
 * pointed at one packaged service, without authentication (the services run the noauth profile).
 */
final class CloudKittyCli {

    private final String endpoint;

    CloudKittyCli(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Runs {@code cloudkitty <args>}, asserts it succeeded and returns its output. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("cloudkitty", "--os-auth-type", "none", "--os-endpoint-override", endpoint));
        command.addAll(List.of(args));
        return finish(String.join(" ", args), new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Runs one of the CLI scripts of a service's tests ({@code <module>/src/test/cli/<name>}) against this endpoint. */
    String runScript(Path script) throws IOException, InterruptedException {
        return finish(script.getFileName().toString(),
                new ProcessBuilder("bash", script.toString(), endpoint).redirectErrorStream(true).start());
    }

    private static String finish(String what, Process process) throws IOException, InterruptedException {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("cloudkitty " + what + " finished").isTrue();
        assertThat(process.exitValue()).as("cloudkitty " + what + ":\n" + output).isZero();
        return output.trim();
    }
}
