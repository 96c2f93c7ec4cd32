package io.offcpu.cli;

import io.offcpu.agent.Durations;
import io.offcpu.report.ReportTimes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli's converters for {@code report}'s time options; the values themselves are {@link ReportTimes}'. */
final class ReportTimeConverters {
    private ReportTimeConverters() {}

    static final class DurationConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Durations.parseNanos(null, value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class PointConverter implements ITypeConverter<ReportTimes.Point> {
        @Override
        public ReportTimes.Point convert(String value) {
            try {
                return ReportTimes.parsePoint(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
