package com.ingestpipeline.functions.common.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/** Hands out one {@link JsonLogger} per name, all writing through the same {@link JsonLogWriter}. */
final class JsonLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final JsonLogWriter writer;
    private final MDCAdapter mdc;

    JsonLoggerFactory(JsonLogWriter writer, MDCAdapter mdc) {
        this.writer = writer;
        this.mdc = mdc;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, writer, mdc));
    }
}
