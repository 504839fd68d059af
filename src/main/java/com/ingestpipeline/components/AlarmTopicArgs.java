package com.ingestpipeline.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import java.util.List;
import java.util.Optional;

/**
 * Settings for {@link AlarmTopic}: an existing SNS topic ({@code existingTopicArn}) or a new encrypted one, with an
 * optional e-mail subscriber.
 */
public final class AlarmTopicArgs extends ResourceArgs {
    /** An existing topic the alarms notify; its policy must let CloudWatch publish. Default: none (a topic is created). */
    @Import(name = "existingTopicArn")
    private Output<String> existingTopicArn;

    /** An address subscribed to the created topic (AWS mails a confirmation link first). Default: none. */
    @Import(name = "email")
    private String email;

    /** Tags for every taggable child (plus {@code ingestpipeline:component}). Default: none. */
    @Import(name = "tags")
    private List<TagArgs> tags;

    private AlarmTopicArgs() {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Output<String>> existingTopicArn() { return Optional.ofNullable(existingTopicArn); }
    public Optional<String> email() { return Optional.ofNullable(email).filter(e -> !e.isBlank()); }
    public List<TagArgs> tags() { return tags == null ? List.of() : tags; }

    /** Hand-written builder; unset fields stay null and mean "use the default". */
    public static final class Builder {
        private Output<String> existingTopicArn;
        private String email;
        private List<TagArgs> tags;

        public Builder existingTopicArn(Output<String> v) { existingTopicArn = v; return this; }
        public Builder existingTopicArn(String v) { return existingTopicArn(v == null ? null : Output.of(v)); }
        public Builder email(String v) { email = v; return this; }
        public Builder tags(List<TagArgs> v) { tags = v == null ? null : List.copyOf(v); return this; }

        /** A new Args each call. */
        public AlarmTopicArgs build() {
            AlarmTopicArgs args = new AlarmTopicArgs();
            args.existingTopicArn = existingTopicArn;
            args.email = email;
            args.tags = tags;
            return args;
        }
    }
}
