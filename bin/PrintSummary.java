import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a /v2/summary table response grouped by project_id,type (read from stdin) as an aligned
 * text table. A single-file program (java bin/PrintSummary.java) so the demo needs only a JDK.
 */
public class PrintSummary {
    public static void main(String[] args) throws IOException {
        String json = new String(System.in.readAllBytes());
        Matcher row = Pattern.compile("\\[\"([^\"]*)\",\"([^\"]*)\",([-0-9.Ee+]+),([-0-9.Ee+]+),\"([^\"]*)\",\"([^\"]*)\"\\]").matcher(json);
        System.out.printf("%-10s %-14s %20s %10s%n", "tenant", "metric", "qty", "price");
        System.out.printf("%-10s %-14s %20s %10s%n", "-".repeat(10), "-".repeat(14), "-".repeat(20), "-".repeat(10));
        int rows = 0;
        while (row.find()) {
            System.out.printf("%-10s %-14s %20s %10s%n", row.group(5), row.group(6), row.group(3), row.group(4));
            rows++;
        }
        if (rows == 0) {
            System.out.println("(no rated data) " + json);
        }
    }
}
