package io.ratekit.storage.report;

/**
 * The reports cannot be answered now (all slots taken, or no database connection came free):
 * a 503 with {@code Retry-After}, never a 500 ({@link ReportsBusyMapper}).
 */
public class ReportsBusyException extends RuntimeException {

    public ReportsBusyException(String message) {
        super(message);
    }

    public ReportsBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
