package com.ingestpipeline.functions.worker;

/** Placeholder until the worker lands. */
public final class WorkerMain {
    public static void main(String[] args) { }
}
