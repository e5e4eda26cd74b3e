package io.ratekit.collector.source.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratekit.frames.FrameCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * VM tags from the vCenter's vAPI REST tagging service ({@code /rest/com/vmware/cis/tagging}):
 * tags are not in the SOAP API. In bulk: one {@code list-attached-tags-on-objects} per 500 VMs,
 * then one call per distinct tag and category. Returns per VM: category name -> tag names
 * (comma separated, sorted, when a category allows several).
 */
final class VsphereTags {

    private static final int BATCH = 500;

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Duration timeout;
    private int calls;

    VsphereTags(String sdkUrl, String user, String password, Duration timeout) {
        URI sdk = URI.create(sdkUrl);
        this.base = sdk.resolve("/rest");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    int calls() {
        return calls;
    }

    Map<String, Map<String, String>> of(List<String> morefs) {
        String session = call("POST", "/com/vmware/cis/session", null, null).asText();
        try {
            Map<String, List<String>> tagIds = new HashMap<>();
            for (int i = 0; i < morefs.size(); i += BATCH) {
                ObjectNode body = FrameCodec.mapper().createObjectNode();
                ArrayNode objects = body.putArray("object_ids");
                morefs.subList(i, Math.min(morefs.size(), i + BATCH))
                        .forEach(m -> objects.addObject().put("type", "VirtualMachine").put("id", m));
                for (JsonNode attached : call("POST", "/com/vmware/cis/tagging/tag-association?~action=list-attached-tags-on-objects", body, session)) {
                    List<String> ids = new java.util.ArrayList<>();
                    attached.path("tag_ids").forEach(id -> ids.add(id.asText()));
                    tagIds.put(attached.path("object_id").path("id").asText(), ids);
                }
            }
            Map<String, String[]> tags = new HashMap<>(); // tag id -> {category id, name}
            Map<String, String> categories = new HashMap<>();
            Map<String, Map<String, String>> result = new HashMap<>();
            for (var e : tagIds.entrySet()) {
                Map<String, TreeSet<String>> byCategory = new TreeMap<>();
                for (String id : e.getValue()) {
                    String[] tag = tags.computeIfAbsent(id, t -> {
                        JsonNode info = call("GET", "/com/vmware/cis/tagging/tag/id:" + t, null, session);
                        return new String[]{info.path("category_id").asText(), info.path("name").asText()};
                    });
                    String category = categories.computeIfAbsent(tag[0],
                            c -> call("GET", "/com/vmware/cis/tagging/category/id:" + c, null, session).path("name").asText());
                    byCategory.computeIfAbsent(category, c -> new TreeSet<>()).add(tag[1]);
                }
                Map<String, String> joined = new TreeMap<>();
                byCategory.forEach((c, names) -> joined.put(c, String.join(",", names)));
                result.put(e.getKey(), joined);
            }
            return result;
        } finally {
            try {
                call("DELETE", "/com/vmware/cis/session", null, session);
            } catch (VsphereException ignored) {
                // the session expires on its own
            }
        }
    }

    private JsonNode call(String method, String path, JsonNode body, String session) {
        calls++;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json");
        request.header(session == null ? "Authorization" : "vmware-api-session-id", session == null ? authorization : session);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new VsphereException("vAPI " + method + " " + path + " answered " + response.statusCode(), null);
            }
            return response.body().isEmpty() ? FrameCodec.mapper().nullNode() : FrameCodec.mapper().readTree(response.body()).path("value");
        } catch (IOException e) {
            throw new VsphereException("vAPI " + method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VsphereException("interrupted", e);
        }
    }
}
