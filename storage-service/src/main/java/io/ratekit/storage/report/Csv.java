package io.ratekit.storage.report;

import java.util.List;

/** RFC 4180 lines: a field with a comma, quote or line break is quoted, quotes doubled. */
final class Csv {

    private Csv() {
    }

    static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                line.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                line.append(f);
            }
        }
        return line.append("\r\n").toString();
    }

    /** CSV was asked for with {@code format=csv} or an Accept header that prefers it. */
    static boolean wanted(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return format.equalsIgnoreCase("csv");
        }
        return accept != null && accept.contains("text/csv") && !accept.contains("application/json");
    }
}
