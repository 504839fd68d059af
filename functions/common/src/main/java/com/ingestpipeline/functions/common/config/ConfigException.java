package com.ingestpipeline.functions.common.config;

/** A function or the worker was started with missing or invalid configuration; the message names each variable. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
