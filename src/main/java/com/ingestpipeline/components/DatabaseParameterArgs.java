package com.ingestpipeline.components;

import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.Objects;

/** One PostgreSQL parameter for the database's parameter group (added to, or overriding, the defaults). */
public final class DatabaseParameterArgs extends ResourceArgs {
    /** Parameter name, e.g. {@code log_min_duration_statement}. Required. Default: none. */
    @Import(name = "name", required = true)
    private String name;

    /** Parameter value as text. Required. Default: none. */
    @Import(name = "value", required = true)
    private String value;

    /** {@code immediate} or {@code pending-reboot} (static parameters need the latter). Default: immediate. */
    @Import(name = "applyMethod")
    private String applyMethod;

    private DatabaseParameterArgs() {
    }

    /** A parameter applied immediately. */
    public static DatabaseParameterArgs of(String name, String value) {
        return of(name, value, null);
    }

    /** A parameter with an explicit apply method ({@code immediate} or {@code pending-reboot}). */
    public static DatabaseParameterArgs of(String name, String value, String applyMethod) {
        DatabaseParameterArgs p = new DatabaseParameterArgs();
        p.name = Objects.requireNonNull(name, "name");
        p.value = Objects.requireNonNull(value, "value");
        p.applyMethod = applyMethod;
        return p;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** The apply method, {@code immediate} when unset. */
    public String applyMethod() {
        return applyMethod == null ? "immediate" : applyMethod;
    }
}
