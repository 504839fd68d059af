package com.ingestpipeline.functions.common.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J 2 binding that writes one JSON object per line to stdout (CloudWatch Logs stores each line as an event;
 * Logs Insights parses the fields). Chosen over Powertools logging + Log4j 2 because it needs neither AspectJ
 * weaving nor a logging framework to initialise at cold start; the field names follow Powertools
 * ({@code timestamp}, {@code level}, {@code service}, {@code message}, {@code error}).
 *
 * <p>Configuration, from the environment: {@code POWERTOOLS_SERVICE_NAME} (default {@code ingest-pipeline}),
 * {@code POWERTOOLS_LOG_LEVEL} or {@code LOG_LEVEL} (default {@code INFO}). Third-party loggers log at
 * {@code WARN} or above unless the configured level is stricter. Per-invocation keys go in the MDC via
 * {@link LogContext}.
 */
public final class JsonLogServiceProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        JsonLogWriter writer = JsonLogWriter.fromEnvironment(System.getenv(), System.out);
        mdcAdapter = new BasicMDCAdapter();
        markerFactory = new BasicMarkerFactory();
        loggerFactory = new JsonLoggerFactory(writer, mdcAdapter);
    }
}
