package com.ingestpipeline.functions.common.logging;

import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;

/** A logger whose events become JSON lines; key-value pairs from the fluent API become fields. */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final transient JsonLogWriter writer;
    private final transient MDCAdapter mdc;
    private final Level threshold;

    JsonLogger(String name, JsonLogWriter writer, MDCAdapter mdc) {
        this.name = name;
        this.writer = writer;
        this.mdc = mdc;
        this.threshold = writer.thresholdFor(name);
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        emit(level, pattern, args, t, List.of());
    }

    @Override
    public void log(LoggingEvent event) {
        if (enabled(event.getLevel())) {
            Object[] args = event.getArgumentArray();
            emit(event.getLevel(), event.getMessage(), args, event.getThrowable(),
                    event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs());
        }
    }

    private void emit(Level level, String pattern, Object[] args, Throwable t, List<KeyValuePair> pairs) {
        FormattingTuple formatted = MessageFormatter.arrayFormat(pattern, args, t);
        Throwable thrown = t != null ? t : formatted.getThrowable();
        Map<String, String> context = mdc.getCopyOfContextMap();
        writer.write(level, name, formatted.getMessage(), context, pairs, thrown);
    }
}
