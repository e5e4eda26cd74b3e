package io.ratekit.storage.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A report endpoint (class or method): admitted only with a {@link ReportCapacity} slot ({@link ReportAdmission}). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CapacityLimited {
}
