package io.ratekit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the published OpenAPI documents in {@code openapi/} in step with the code. A service test
 * hands over its live {@code /q/openapi} document: it is always written to
 * {@code target/openapi/}; with {@code -Dopenapi.update=true} it also replaces the committed copy;
 * otherwise a difference fails the test.
 */
public final class OpenApiDocuments {

    private OpenApiDocuments() {
    }

    public static void check(String service, String liveDocument) throws IOException {
        Path moduleDir = Path.of("").toAbsolutePath();
        Path generated = moduleDir.resolve("target/openapi/" + service + ".yaml");
        Files.createDirectories(generated.getParent());
        Files.writeString(generated, liveDocument);
        Path committed = moduleDir.getParent().resolve("openapi/" + service + ".yaml");
        if (Boolean.getBoolean("openapi.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, liveDocument);
            return;
        }
        if (!Files.exists(committed)) {
            throw new AssertionError(committed + " is missing; generate it with ./mvnw verify -Dopenapi.update=true");
        }
        if (!Files.readString(committed).equals(liveDocument)) {
            throw new AssertionError("openapi/" + service + ".yaml is stale: the API changed. Review target/openapi/" + service
                    + ".yaml and regenerate with ./mvnw verify -Dopenapi.update=true");
        }
    }
}
