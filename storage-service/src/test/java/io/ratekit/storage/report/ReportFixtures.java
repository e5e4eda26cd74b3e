package io.ratekit.storage.report;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Rated frames for report tests, in March 2025, a month no other test writes to. */
final class ReportFixtures {

    static final String BEGIN = "2025-03-01T00:00:00Z";
    static final String END = "2025-04-01T00:00:00Z";

    private ReportFixtures() {
    }

    static Frame frame(String scope, String hourStart, Map<String, List<DataPoint>> usage) {
        Instant begin = Instant.parse(hourStart);
        return Frame.of(scope, "test", new Period(begin, begin.plusSeconds(3600)), usage, false);
    }

    static DataPoint point(String resource, String scope, String qty, String price, String flavor) {
        return new DataPoint("u", new BigDecimal(qty), new BigDecimal(price), Map.of("id", resource, "project_id", scope), Map.of("flavor", flavor),
                List.of("hashmap@9/mapping/" + flavor));
    }

    /**
     * rp-a: 2025-03-01 10:00 vcpu 0.1 @0.01 (m1) + 0.2 @0.02 (m2); 2025-03-02 10:00 vcpu 1 @1 (m1), ram 512 @0.5 (m1)
     * rp-b: 2025-03-01 11:00 vcpu 3 @0.3 (m1)
     */
    static List<Frame> all() {
        return List.of(
                frame("rp-a", "2025-03-01T10:00:00Z", Map.of("vcpu", List.of(point("vm-1", "rp-a", "0.1", "0.01", "m1"), point("vm-2", "rp-a", "0.2", "0.02", "m2")))),
                frame("rp-a", "2025-03-02T10:00:00Z", Map.of("vcpu", List.of(point("vm-1", "rp-a", "1", "1", "m1")),
                        "ram_mb", List.of(point("vm-1", "rp-a", "512", "0.5", "m1")))),
                frame("rp-b", "2025-03-01T11:00:00Z", Map.of("vcpu", List.of(point("vm-9", "rp-b", "3", "0.3", "m1")))));
    }
}
