package io.ratekit.rating.hashmap;

import io.ratekit.frames.DataPoint;
import io.ratekit.frames.Frame;
import io.ratekit.frames.Period;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per row of CloudKitty's hashmap semantics (shared/cloudkitty-rating.md §2.3), each
 * with its price computed by hand in the comment, plus Ratekit's own choices.
 */
class HashmapRatingModuleTest {

    private static final Period HOUR = new Period(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-01T11:00:00Z"));

    private final List<Mapping> mappings = new ArrayList<>();
    private final List<Threshold> thresholds = new ArrayList<>();
    private long nextId = 1;

    // ------------------------------------------------------------------ rule builders

    private void serviceMapping(String type, String cost, String group) {
        serviceMapping(type, cost, group, null);
    }

    private void serviceMapping(String type, String cost, String group, String tenant) {
        mappings.add(new Mapping(nextId++, "vcpu", null, null, CostType.of(type), new BigDecimal(cost), group, tenant, null));
    }

    private void fieldMapping(String field, String value, String type, String cost, String group) {
        fieldMapping(field, value, type, cost, group, null);
    }

    private void fieldMapping(String field, String value, String type, String cost, String group, String tenant) {
        mappings.add(new Mapping(nextId++, "vcpu", field, value, CostType.of(type), new BigDecimal(cost), group, tenant, null));
    }

    private void serviceThreshold(String level, String type, String cost, String group) {
        thresholds.add(new Threshold(nextId++, "vcpu", null, new BigDecimal(level), CostType.of(type), new BigDecimal(cost), group, null, null));
    }

    private void fieldThreshold(String field, String level, String type, String cost, String group) {
        thresholds.add(new Threshold(nextId++, "vcpu", field, new BigDecimal(level), CostType.of(type), new BigDecimal(cost), group, null, null));
    }

    // ------------------------------------------------------------------ rating

    private BigDecimal price(String qty, Map<String, String> metadata) {
        return price("tenant-a", qty, metadata, Map.of(), "0");
    }

    private BigDecimal price(String tenant, String qty, Map<String, String> metadata, Map<String, String> groupby, String priceBefore) {
        DataPoint point = new DataPoint("vcpu", new BigDecimal(qty), new BigDecimal(priceBefore), groupby, metadata);
        Frame frame = Frame.of(tenant, "test", HOUR, Map.of("vcpu", List.of(point)), false);
        HashmapRuleset ruleset = new HashmapRuleset(1, mappings, thresholds);
        Frame rated = new HashmapRatingModule(() -> ruleset, () -> true, () -> 1).rate(frame);
        return rated.usage().get("vcpu").get(0).price();
    }

    // ------------------------------------------------------------------ the table

    @Test
    void flatIsPerUnitOfQty() {
        serviceMapping("flat", "0.5", null);
        assertThat(price("3", Map.of())).isEqualByComparingTo("1.5");          // 0.5 x 3
    }

    @Test
    void onlyRatesInAGroupContributeNothing() {
        serviceMapping("rate", "2", null);
        fieldMapping("flavor", "m1", "rate", "3", null);
        assertThat(price("10", Map.of("flavor", "m1"))).isEqualByComparingTo("0"); // 2 x 3 x 0 flat
    }

    @Test
    void severalFlatsInAGroupTakeTheMaximum() {
        serviceMapping("flat", "1", "g");
        fieldMapping("flavor", "m1", "flat", "4", "g");
        fieldMapping("os", "linux", "flat", "2", "g");
        assertThat(price("2", Map.of("flavor", "m1", "os", "linux"))).isEqualByComparingTo("8"); // max(1,4,2) x 2
    }

    @Test
    void severalRatesInAGroupMultiply() {
        serviceMapping("flat", "10", "g");
        fieldMapping("flavor", "m1", "rate", "0.5", "g");
        fieldMapping("os", "windows", "rate", "3", "g");
        assertThat(price("2", Map.of("flavor", "m1", "os", "windows"))).isEqualByComparingTo("30"); // 0.5 x 3 x 10 x 2
    }

    @Test
    void groupsAreSummed() {
        serviceMapping("flat", "1", "compute");
        fieldMapping("os", "windows", "flat", "0.25", "licence");
        assertThat(price("4", Map.of("os", "windows"))).isEqualByComparingTo("5"); // 1x4 + 0.25x4
    }

    @Test
    void aFlatOfZeroOrLessIsIgnored() {
        serviceMapping("flat", "-5", "g");
        fieldMapping("flavor", "m1", "rate", "2", "g");
        assertThat(price("3", Map.of("flavor", "m1"))).isEqualByComparingTo("0"); // -5 never beats the initial 0
    }

    @Test
    void aFlatServiceThresholdIsAddedOnceNotTimesQty() {
        serviceMapping("flat", "1", "g");
        serviceThreshold("10", "flat", "100", "g");
        assertThat(price("10", Map.of())).isEqualByComparingTo("110");  // 1 x 10 + 100 (10 >= 10: inclusive)
        assertThat(price("9.99", Map.of())).isEqualByComparingTo("9.99"); // below the level
    }

    @Test
    void aRateServiceThresholdMultipliesTheGroupResult() {
        serviceMapping("flat", "2", "g");
        serviceThreshold("5", "rate", "0.8", "g");
        assertThat(price("10", Map.of())).isEqualByComparingTo("16"); // 2 x 10 x 0.8
    }

    @Test
    void aFlatFieldThresholdIsAddedToTheFlatThenTimesRateAndQty() {
        serviceMapping("flat", "1", "g");
        serviceMapping("rate", "2", "h"); // other group: rate only, contributes 0
        fieldMapping("flavor", "m1", "rate", "3", "g");
        fieldThreshold("ram_gb", "8", "flat", "0.5", "g");
        assertThat(price("2", Map.of("flavor", "m1", "ram_gb", "16"))).isEqualByComparingTo("9"); // 3 x (1 + 0.5) x 2
    }

    @Test
    void aRateFieldThresholdMultipliesTheGroupRate() {
        serviceMapping("flat", "4", "g");
        fieldThreshold("ram_gb", "8", "rate", "0.5", "g");
        assertThat(price("3", Map.of("ram_gb", "8"))).isEqualByComparingTo("6"); // 0.5 x 4 x 3
    }

    @Test
    void theHighestMatchingLevelTakesTheGroupsOnlyThresholdSlot() {
        serviceMapping("flat", "1", "g");
        serviceThreshold("5", "flat", "50", "g");
        serviceThreshold("10", "flat", "100", "g");
        fieldThreshold("ram_gb", "20", "flat", "7", "g"); // field threshold at a higher level wins the slot: drops the fee
        assertThat(price("12", Map.of())).isEqualByComparingTo("112");                 // 1 x 12 + 100
        assertThat(price("12", Map.of("ram_gb", "32"))).isEqualByComparingTo("96");    // (1 + 7) x 12, no service fee
    }

    @Test
    void onATieServicesComeBeforeFieldsAndFieldsInNameOrder() {
        serviceMapping("flat", "1", "g");
        fieldThreshold("zone", "5", "flat", "3", "g");
        fieldThreshold("cores", "5", "flat", "2", "g"); // created later but 'cores' < 'zone'
        assertThat(price("1", Map.of("cores", "5", "zone", "5"))).isEqualByComparingTo("3"); // (1 + 2) x 1
        serviceThreshold("5", "flat", "10", "g");
        assertThat(price("5", Map.of("cores", "5", "zone", "5"))).isEqualByComparingTo("15"); // 1 x 5 + 10
    }

    @Test
    void aLevelOfMinusOneNeverAppliesButMinusAHalfDoes() {
        serviceMapping("flat", "1", "g");
        serviceThreshold("-1", "flat", "1000", "g");
        assertThat(price("2", Map.of())).isEqualByComparingTo("2");
        serviceThreshold("-0.5", "flat", "100", "g");
        assertThat(price("2", Map.of())).isEqualByComparingTo("102"); // the semantics file's example
    }

    @Test
    void tenantsAndFieldValuesCompareExactlyAndCaseSensitively() {
        serviceMapping("flat", "1", null, "proj-a");
        fieldMapping("flavor", "M1", "flat", "5", "f");
        assertThat(price("proj-a", "1", Map.of("flavor", "m1"), Map.of(), "0")).isEqualByComparingTo("1");
        assertThat(price("Proj-A", "1", Map.of("flavor", "M1"), Map.of(), "0")).isEqualByComparingTo("5");
    }

    @Test
    void aGroupWithOnlyAFlatServiceThresholdIsAFixedFee() {
        serviceThreshold("0", "flat", "12.5", "fee");
        assertThat(price("0", Map.of())).isEqualByComparingTo("12.5");
        assertThat(price("1000", Map.of())).isEqualByComparingTo("12.5");
    }

    @Test
    void aNonNumericValueInAFieldWithThresholdsSkipsThoseThresholdsNotTheFrame() {
        // CloudKitty raises decimal.InvalidOperation and fails the whole frame; Ratekit prices the point without them
        fieldMapping("ram_gb", "", "flat", "2", "g");
        fieldThreshold("ram_gb", "8", "flat", "100", "g");
        assertThat(price("3", Map.of("ram_gb", ""))).isEqualByComparingTo("6"); // 2 x 3, no threshold
        assertThat(price("3", Map.of("ram_gb", "lots"))).isEqualByComparingTo("0");
    }

    @Test
    void groupbyWinsOverMetadataForTheSameKey() {
        fieldMapping("flavor", "m1", "flat", "1", null);
        fieldMapping("flavor", "m2", "flat", "2", null);
        assertThat(price("tenant-a", "1", Map.of("flavor", "m1"), Map.of("flavor", "m2"), "0")).isEqualByComparingTo("2");
    }

    @Test
    void aMetricWithoutServiceKeepsItsPriceAndHashmapAddsToEarlierModules() {
        assertThat(price("tenant-a", "5", Map.of(), Map.of(), "0.7")).isEqualByComparingTo("0.7");
        serviceMapping("flat", "1", null);
        assertThat(price("tenant-a", "5", Map.of(), Map.of(), "0.7")).isEqualByComparingTo("5.7");
    }

    @Test
    void qtyZeroGivesZeroButAFeeAtLevelZeroStillApplies() {
        serviceMapping("flat", "3", "g");
        assertThat(price("0", Map.of())).isEqualByComparingTo("0");
        serviceThreshold("0", "flat", "4", "g");
        assertThat(price("0", Map.of())).isEqualByComparingTo("4");
    }

    // ------------------------------------------------------------------ loading rules

    @Test
    void aTenantRuleReplacesTheGlobalOneOfTheSameGroupAndValue() {
        fieldMapping("flavor", "m1", "flat", "1", "g");
        fieldMapping("flavor", "m1", "flat", "0.5", "g", "tenant-a"); // lower than the global: replaced, not max'ed
        fieldMapping("flavor", "m1", "flat", "9", "g", "tenant-b");   // another tenant's rule: never loaded
        assertThat(price("tenant-a", "2", Map.of("flavor", "m1"), Map.of(), "0")).isEqualByComparingTo("1");   // 0.5 x 2
        assertThat(price("tenant-c", "2", Map.of("flavor", "m1"), Map.of(), "0")).isEqualByComparingTo("2");   // 1 x 2
    }

    @Test
    void onlyTheLastCreatedServiceMappingOfAGroupSurvives() {
        serviceMapping("flat", "5", "g");
        serviceMapping("flat", "2", "g");
        assertThat(price("1", Map.of())).isEqualByComparingTo("2");
    }

    @Test
    void everyOperationRoundsTo28SignificantDigitsHalfEven() {
        serviceMapping("flat", "1", "g");
        fieldMapping("flavor", "m1", "rate", "1.0000000000000000000000000001", "g"); // 29 digits: the product rounds it away
        assertThat(price("1", Map.of("flavor", "m1"))).isEqualTo(new BigDecimal("1.000000000000000000000000000")); // as Python prints it
        mappings.clear();
        serviceMapping("flat", "0.1", "g");
        // 0.1 x (1/3 at 28 digits) = 0.03333333333333333333333333333 -> 28 digits
        assertThat(price("0.3333333333333333333333333333", Map.of())).isEqualTo(new BigDecimal("0.03333333333333333333333333333"));
    }

    @Test
    void eachPricedPointNamesTheRulesThatPricedIt() {
        serviceMapping("flat", "1", "g");                       // id 1
        fieldMapping("flavor", "m1", "rate", "2", "g");          // id 2
        serviceThreshold("5", "flat", "10", "g");                // id 3
        fieldMapping("os", "linux", "flat", "9", "other");       // id 4, does not match
        DataPoint point = new DataPoint("vcpu", new BigDecimal("5"), BigDecimal.ZERO, Map.of(), Map.of("flavor", "m1"));
        Frame frame = Frame.of("tenant-a", "test", HOUR, Map.of("vcpu", List.of(point)), false);
        HashmapRuleset ruleset = new HashmapRuleset(7, mappings, thresholds, Map.of(1L, "mapping/m-one"));
        DataPoint rated = new HashmapRatingModule(() -> ruleset, () -> true, () -> 1).rate(frame).usage().get("vcpu").get(0);
        assertThat(rated.price()).isEqualByComparingTo("20"); // 2 x 1 x 5 + 10
        assertThat(rated.rules()).containsExactly("hashmap@7/rule/2", "hashmap@7/mapping/m-one", "hashmap@7/rule/3");
    }

    @Test
    void aRuleAppliesToPeriodsStartingInsideItsValidity() {
        mappings.add(new Mapping(nextId++, "vcpu", null, null, CostType.FLAT, new BigDecimal("1"), null, null,
                new Validity(null, Instant.parse("2026-11-01T10:00:00Z"))));
        mappings.add(new Mapping(nextId++, "vcpu", null, null, CostType.FLAT, new BigDecimal("2"), null, null,
                new Validity(Instant.parse("2026-11-01T10:00:00Z"), null)));
        assertThat(price("1", Map.of())).isEqualByComparingTo("2"); // the period starts at 10:00: the new price
    }
}
